package firmware

import "errors"

var (
	// ErrNoLine means the devices have no line (modem): nothing to screen.
	ErrNoLine = errors.New("firmware: the board has no line device")
	// ErrPanic means the call loop panicked; the relay was released first.
	ErrPanic = errors.New("firmware: call loop panicked")
)
