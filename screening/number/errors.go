package number

import (
	"errors"
	"fmt"
)

// Sentinel errors; every *Error wraps one of them.
var (
	ErrEmpty   = errors.New("number: empty")
	ErrInvalid = errors.New("number: invalid")
)

// Error says what is wrong with one input.
type Error struct {
	Input  string // the text as given
	Reason string // what is wrong, e.g. "letter 'A' at position 3"
	Err    error  // ErrEmpty or ErrInvalid
}

func (e *Error) Error() string {
	if e.Input == "" {
		return "number: empty"
	}
	return fmt.Sprintf("number: %q: %s", e.Input, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

func invalid(in, format string, args ...any) error {
	return &Error{Input: in, Reason: fmt.Sprintf(format, args...), Err: ErrInvalid}
}
