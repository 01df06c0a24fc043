package dsp

import (
	"errors"
	"fmt"
)

var (
	// ErrChecksum means a caller-ID message arrived whole but its checksum
	// (or JCLIP CRC) did not match.
	ErrChecksum = errors.New("dsp: caller-ID checksum mismatch")
	// ErrTruncated means a caller-ID message ended before its length said.
	ErrTruncated = errors.New("dsp: caller-ID message truncated")
	// ErrMalformed means a caller-ID message is not structured as its type says.
	ErrMalformed = errors.New("dsp: malformed caller-ID message")
	// ErrUnknownType means a caller-ID message type this package does not decode.
	ErrUnknownType = errors.New("dsp: unknown caller-ID message type")
	// ErrBadDigit means a DTMF string holds a character that is not a DTMF key.
	ErrBadDigit = errors.New("dsp: not a DTMF digit")
	// ErrBadSIT means an unknown special-information-tone code.
	ErrBadSIT = errors.New("dsp: unknown SIT code")
	// ErrTooLong means a caller-ID field or message exceeds what the format carries.
	ErrTooLong = errors.New("dsp: caller-ID message too long")
)

// MessageError says which caller-ID message failed and why; it wraps one of
// ErrChecksum, ErrTruncated, ErrMalformed, ErrUnknownType.
type MessageError struct {
	Err    error
	Type   byte   // message type byte (0 if unknown)
	Detail string // e.g. "sum 0x3a, want 0x00"
}

func (e *MessageError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%v (type 0x%02X)", e.Err, e.Type)
	}
	return fmt.Sprintf("%v (type 0x%02X): %s", e.Err, e.Type, e.Detail)
}

// Unwrap returns the sentinel.
func (e *MessageError) Unwrap() error { return e.Err }

func isUnknownType(err error) bool { return errors.Is(err, ErrUnknownType) }
