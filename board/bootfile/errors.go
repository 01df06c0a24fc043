package bootfile

import "errors"

var (
	// ErrUnknownKey is a key this firmware does not know.
	ErrUnknownKey = errors.New("bootfile: unknown key")
	// ErrBadValue is a value a key does not accept.
	ErrBadValue = errors.New("bootfile: bad value")
)
