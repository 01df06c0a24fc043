package serialport

import "errors"

var (
	// ErrBusy means another opener (this process or another) holds the device.
	ErrBusy = errors.New("serialport: device in use by another opener")
	// ErrClosed is returned by Read and Write after Close.
	ErrClosed = errors.New("serialport: closed")
	// ErrGone means the device vanished (USB unplugged, pty master closed).
	ErrGone = errors.New("serialport: device gone")
)

// OpenError says which device failed to open and why.
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string { return "serialport: open " + e.Path + ": " + e.Err.Error() }
func (e *OpenError) Unwrap() error { return e.Err }
