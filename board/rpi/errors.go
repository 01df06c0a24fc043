package rpi

import "errors"

var (
	// ErrUnknownModel: not a supported Raspberry Pi model.
	ErrUnknownModel = errors.New("rpi: unknown model")
	// ErrBadPin: a pin override names an unknown part or pin.
	ErrBadPin = errors.New("rpi: bad pin")
)
