package hal

import "errors"

var (
	// ErrClosed is returned by every method called after Close.
	ErrClosed = errors.New("hal: closed")
	// ErrNotSupported is returned when a device lacks a capability
	// (for example handset audio on a board without a codec).
	ErrNotSupported = errors.New("hal: not supported by this device")
	// ErrLineDown means the line device (modem) is gone or not initialised;
	// the caller should wait for a LineUp event.
	ErrLineDown = errors.New("hal: line device down")
	// ErrHungUp is returned by Play/Record/Tone when the far end hung up.
	ErrHungUp = errors.New("hal: far end hung up")
	// ErrBusy is returned by Dial when the number called is busy (busy or
	// reorder tone, special information tones).
	ErrBusy = errors.New("hal: the number called is busy")
	// ErrNoAnswer is returned by Dial when the number called does not answer.
	ErrNoAnswer = errors.New("hal: the number called does not answer")
	// ErrOffHook is returned by Handset.SendOnHook when the handset is (or
	// is lifted while the data goes) off-hook: on-hook data is for a phone
	// on its cradle.
	ErrOffHook = errors.New("hal: the handset is off-hook")
)
