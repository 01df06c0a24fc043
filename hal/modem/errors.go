package modem

import (
	"errors"
	"fmt"
)

var (
	// ErrNoResponse means the modem did not answer a command in time.
	ErrNoResponse = errors.New("modem: no response")
	// ErrCommand means the modem answered a command with ERROR (or another
	// failure result such as NO CARRIER).
	ErrCommand = errors.New("modem: command failed")
	// ErrNotOffHook means a voice operation was asked for before Answer.
	ErrNotOffHook = errors.New("modem: line not answered in voice mode")
	// ErrBadChecksum means a raw caller-ID message failed its checksum.
	ErrBadChecksum = errors.New("modem: caller ID checksum mismatch")
	// ErrBadMessage means a raw caller-ID message could not be parsed.
	ErrBadMessage = errors.New("modem: malformed caller ID message")
)

// CommandError says which command failed and with what result.
type CommandError struct {
	Cmd    string // "AT+VCID=1"
	Result string // "ERROR", "NO CARRIER", "" on timeout
	Err    error  // ErrCommand or ErrNoResponse
}

func (e *CommandError) Error() string {
	if e.Result == "" {
		return fmt.Sprintf("modem: no response to %s", e.Cmd)
	}
	return fmt.Sprintf("modem: %s: %s", e.Cmd, e.Result)
}

func (e *CommandError) Unwrap() error { return e.Err }
