package firmware

import "errors"

var (
	// ErrNoLine means the devices have no line (modem): nothing to screen.
	ErrNoLine = errors.New("firmware: the board has no line device")
	// ErrPanic means the call loop panicked; the relay was released first.
	ErrPanic = errors.New("firmware: call loop panicked")
	// ErrNotRunning is returned by requests to an appliance that is not running.
	ErrNotRunning = errors.New("firmware: the box is not running")
	// ErrBusy is returned by requests that need an idle box.
	ErrBusy = errors.New("firmware: the box is busy with a call")
	// ErrNoHandsetAudio is returned by PlayMessage on a board that cannot
	// play audio to the handset (no sound card wired to the SLIC).
	ErrNoHandsetAudio = errors.New("firmware: the box has no sound card for the handset, so messages cannot be played on the phone")
)
