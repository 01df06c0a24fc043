package alsa

import "errors"

var (
	// ErrClosed: the codec was closed.
	ErrClosed = errors.New("alsa: closed")
	// ErrBadDevice: the device name is not "hw:CARD,DEVICE".
	ErrBadDevice = errors.New("alsa: device must be hw:CARD,DEVICE")
)
