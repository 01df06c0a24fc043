package backup

import (
	"errors"
	"fmt"
)

// Sentinel errors of backup files. A *FileError (damage) and a *NewerError
// say more; each has a Sentence for the owner.
var (
	// ErrNotBackup: the input is not a backup file (nor its text form).
	ErrNotBackup = errors.New("backup: this is not a backup of the box (a backup starts with \"SECRETARY BACKUP\" or \"-----BEGIN SECRETARY BACKUP-----\")")
	// ErrChecksum: the file's checksum does not match what it holds (a
	// *FileError that is also ErrDamaged).
	ErrChecksum = errors.New("backup: checksum mismatch")
	// ErrDamaged is what every *FileError is (errors.Is).
	ErrDamaged = errors.New("backup: the file is damaged")
	// ErrNewer: a newer firmware wrote the file (*NewerError).
	ErrNewer = errors.New("backup: written by newer firmware")
)

// FileError is a backup file that cannot be read as one: cut short, a
// line not understood, a section missing.
type FileError struct {
	Reason string
	Err    error // a sentinel it is too (ErrChecksum), or nil
}

func (e *FileError) Error() string { return "backup: the file is damaged: " + e.Reason }

// Unwrap makes errors.Is(err, ErrDamaged) true, and Is(err, e.Err).
func (e *FileError) Unwrap() []error { return []error{ErrDamaged, e.Err} }

// Sentence is the owner's line.
func (e *FileError) Sentence() string {
	return "the backup is damaged (" + e.Reason + "); nothing was changed"
}

// errChecksum is the checksum's failure.
func errChecksum() error {
	return &FileError{Reason: "its checksum does not match its contents", Err: ErrChecksum}
}

func damaged(format string, args ...any) error {
	return &FileError{Reason: fmt.Sprintf(format, args...)}
}

// NewerError is a backup written in a format newer than Format.
type NewerError struct{ Found int }

func (e *NewerError) Error() string {
	return fmt.Sprintf("backup: written by newer firmware (backup format %d; this firmware reads format %d)", e.Found, Format)
}

// Unwrap makes errors.Is(err, ErrNewer) true.
func (e *NewerError) Unwrap() error { return ErrNewer }

// Sentence is the owner's line.
func (e *NewerError) Sentence() string {
	return fmt.Sprintf("this backup was written by newer firmware (backup format %d; this firmware reads format %d): update the firmware, then restore it; nothing was changed", e.Found, Format)
}
