package gpio

import (
	"errors"
	"fmt"
)

var (
	// ErrNoPin is returned by Init when a required pin is nil.
	ErrNoPin = errors.New("gpio: pin not configured")
	// ErrNotInit is returned by a part used before Init.
	ErrNotInit = errors.New("gpio: not initialised (call Init)")
	// ErrRinging is returned by Ring while another Ring is running.
	ErrRinging = errors.New("gpio: handset already ringing")
)

// PinError says which pin of which part failed.
type PinError struct {
	Part string // "relay", "slic rm", ...
	Pin  string
	Err  error
}

func (e *PinError) Error() string {
	return fmt.Sprintf("gpio: %s pin %s: %v", e.Part, e.Pin, e.Err)
}

func (e *PinError) Unwrap() error { return e.Err }

func pinErr(part string, p interface{ String() string }, err error) error {
	if err == nil {
		return nil
	}
	name := "<nil>"
	if p != nil {
		name = p.String()
	}
	return &PinError{Part: part, Pin: name, Err: err}
}
