package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Sentinel errors.
var (
	ErrClosed      = errors.New("store: closed")
	ErrSchemaNewer = errors.New("store: schema is newer than this firmware")
	ErrLocked      = errors.New("store: database is in use by another process")
	ErrNotFound    = errors.New("store: not found")
	ErrCorrupt     = errors.New("store: corrupt record")
	// ErrDamaged is wrapped by every *DamagedError.
	ErrDamaged = errors.New("store: database damaged")
	// ErrReadOnly is wrapped by every *ReadOnlyError and returned by Update
	// on a store opened read-only.
	ErrReadOnly = errors.New("store: changes cannot be saved")
	// ErrBadBackup: Restore was given something that is not a sound
	// database of this box; the store is unchanged.
	ErrBadBackup = errors.New("store: not a usable backup")
)

// DamagedError reports a database file that cannot be trusted: cut short,
// empty, missing where one existed, pages or records damaged. The file is
// left as it is (never repaired or overwritten); Reset or Restore moves it
// aside under a new name with its bytes unchanged.
type DamagedError struct {
	Path   string // the database file
	Reason string // what is wrong, in plain words ("the file is cut short")
	Detail string // for the log: pages, offsets, the panic; may be empty
}

func (e *DamagedError) Error() string {
	s := "store: " + e.Path + " is damaged: " + e.Reason
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Sentence is the owner's one plain sentence, without the package prefix
// and the technical detail.
func (e *DamagedError) Sentence() string {
	return fmt.Sprintf("The list database %s is damaged (%s); it is kept unchanged: restore a backup or reset the store to start with empty lists.", e.Path, e.Reason)
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// ReadOnlyError reports a store whose changes cannot be saved: the data
// directory or the file cannot be written (read-only file system, wrong
// owner or permissions). Err is the operating system's error.
type ReadOnlyError struct {
	Path   string // the database file
	Reason string // plain words: "the file system is read-only"
	Err    error
}

func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("store: %s: changes cannot be saved: %s: %v", e.Path, e.Reason, e.Err)
}

// Sentence is the owner's one plain sentence.
func (e *ReadOnlyError) Sentence() string {
	return fmt.Sprintf("Changes to the lists cannot be saved: %s (%s).", e.Reason, filepath.Dir(e.Path))
}

func (e *ReadOnlyError) Unwrap() []error { return []error{ErrReadOnly, e.Err} }

// Sentence turns a store error into one plain sentence for the owner:
// the Sentence of a *DamagedError, *ReadOnlyError or *SchemaError, else
// the message without the "store: " prefix.
func Sentence(err error) string {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return s.Sentence()
	}
	return strings.TrimPrefix(err.Error(), "store: ")
}

// SchemaError reports a file whose schema this firmware does not know.
type SchemaError struct {
	Path  string
	Found uint32
	Known uint32
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("store: %s has schema version %d but this firmware knows only up to %d; refusing to open it (install newer firmware or restore a backup)", e.Path, e.Found, e.Known)
}

func (e *SchemaError) Unwrap() error { return ErrSchemaNewer }

// Sentence is the owner's one plain sentence.
func (e *SchemaError) Sentence() string {
	return fmt.Sprintf("The list database %s was written by newer firmware (schema %d, this firmware knows %d): install that firmware, restore a backup or reset the store.", e.Path, e.Found, e.Known)
}

// ImportError is one bad input row, skipped.
type ImportError struct {
	Line int   // 1-based line in the input
	Err  error // what is wrong
}

func (e *ImportError) Error() string { return fmt.Sprintf("store: line %d: %v", e.Line, e.Err) }
func (e *ImportError) Unwrap() error { return e.Err }

// ErrNoNumbers means an import found no telephone numbers to read
// (*NoNumbersError says what the file's header holds).
var ErrNoNumbers = errors.New("store: import: no telephone numbers")
