package store

import (
	"errors"
	"fmt"
)

// Sentinel errors.
var (
	ErrClosed      = errors.New("store: closed")
	ErrSchemaNewer = errors.New("store: schema is newer than this firmware")
	ErrLocked      = errors.New("store: database is in use by another process")
	ErrNotFound    = errors.New("store: not found")
	ErrCorrupt     = errors.New("store: corrupt record")
)

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
