package audio

import (
	"errors"
	"fmt"
)

var (
	// ErrNotWAV means the data does not start with a RIFF/WAVE header.
	ErrNotWAV = errors.New("audio: not a WAV file")
	// ErrTruncated means the file ended inside a header or chunk.
	ErrTruncated = errors.New("audio: truncated WAV file")
	// ErrUnsupported means a well-formed WAV file uses an encoding, sample
	// size, rate or channel count this package does not handle.
	ErrUnsupported = errors.New("audio: unsupported WAV format")
	// ErrNoData means the file has a format chunk but no data chunk.
	ErrNoData = errors.New("audio: WAV file has no data chunk")
)

// FormatError says what was wrong with a WAV file; it wraps one of the
// sentinels above (errors.Is works).
type FormatError struct {
	Err    error  // ErrNotWAV, ErrTruncated, ErrUnsupported or ErrNoData
	Detail string // human detail, e.g. "format tag 0x0011 (IMA ADPCM)"
}

func (e *FormatError) Error() string {
	if e.Detail == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v: %s", e.Err, e.Detail)
}

// Unwrap returns the sentinel.
func (e *FormatError) Unwrap() error { return e.Err }

func formatErr(err error, format string, args ...any) error {
	return &FormatError{Err: err, Detail: fmt.Sprintf(format, args...)}
}
