package hal

import "time"

// RelayState is where the line relay puts the handset.
type RelayState int

const (
	// RelayPassThrough: relay released, handset wired straight to the line.
	// This is the state with no power and after any crash.
	RelayPassThrough RelayState = iota
	// RelayIsolated: relay energised, handset on the box (SLIC).
	RelayIsolated
)

func (s RelayState) String() string {
	switch s {
	case RelayPassThrough:
		return "pass-through"
	case RelayIsolated:
		return "isolated"
	}
	return "RelayState(?)"
}

// Relay switches the handset between the line and the box.
type Relay interface {
	Set(s RelayState) error
	State() RelayState
	// Close releases the relay (pass-through). Idempotent.
	Close() error
}

// LEDMode is what the indicator shows.
type LEDMode int

const (
	LEDOff   LEDMode = iota
	LEDOn            // steady: idle, healthy
	LEDBlink         // Count short blinks, pause, repeat: new messages
	LEDFault         // fast blinking: something needs the installer
)

func (m LEDMode) String() string {
	switch m {
	case LEDOff:
		return "off"
	case LEDOn:
		return "on"
	case LEDBlink:
		return "blink"
	case LEDFault:
		return "fault"
	}
	return "LEDMode(?)"
}

// LEDPattern is an indicator setting.
type LEDPattern struct {
	Mode  LEDMode
	Count int // LEDBlink: blinks per cycle
}

// Indicator is the status LED.
type Indicator interface {
	Set(p LEDPattern) error
	Close() error
}

// ButtonEventKind enumerates button presses.
type ButtonEventKind int

const (
	ButtonShort  ButtonEventKind = iota + 1 // always allow the last caller
	ButtonLong                              // block the last caller
	ButtonDouble                            // two short presses: play the messages on the handset
)

func (k ButtonEventKind) String() string {
	switch k {
	case ButtonShort:
		return "short"
	case ButtonLong:
		return "long"
	case ButtonDouble:
		return "double"
	}
	return "ButtonEventKind(?)"
}

// ButtonEvent is one press.
type ButtonEvent struct {
	Kind ButtonEventKind
	At   time.Time
}

// Button is the push button on the box.
type Button interface {
	Events() <-chan ButtonEvent
	Close() error
}

// Watchdog reboots the box unless fed.
type Watchdog interface {
	Feed() error
	// Close disarms the watchdog (magic close) where the device allows it.
	Close() error
}
