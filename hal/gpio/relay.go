package gpio

import (
	"sync"

	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// Relay drives the line relay. Released (coil off) is pass-through: the
// state the hardware falls to with no power, after a crash, and after Close.
type Relay struct {
	pin       gpio.PinOut
	activeLow bool

	mu       sync.Mutex
	state    hal.RelayState
	closed   bool
	released bool // Close drove the pin to pass-through successfully
}

var _ hal.Relay = (*Relay)(nil)

// NewRelay returns a relay on pin. activeLow: the coil is energised by a
// low level (many relay modules); the default is energised by high.
// It does no I/O; call Init.
func NewRelay(pin gpio.PinOut, activeLow bool) *Relay {
	return &Relay{pin: pin, activeLow: activeLow}
}

// Init drives the pin to the released level (pass-through).
func (r *Relay) Init() error {
	if r.pin == nil {
		return &PinError{Part: "relay", Pin: "<nil>", Err: ErrNoPin}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.state = hal.RelayPassThrough
	return pinErr("relay", r.pin, r.pin.Out(r.level(hal.RelayPassThrough)))
}

func (r *Relay) level(s hal.RelayState) gpio.Level {
	energised := s == hal.RelayIsolated
	return gpio.Level(energised != r.activeLow)
}

// Set switches the relay.
func (r *Relay) Set(s hal.RelayState) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return hal.ErrClosed
	}
	if err := r.pin.Out(r.level(s)); err != nil {
		return pinErr("relay", r.pin, err)
	}
	r.state = s
	return nil
}

// State is the last state set.
func (r *Relay) State() hal.RelayState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// Close releases the relay (pass-through). Idempotent; a later Close
// retries only if releasing the pin failed before.
func (r *Relay) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.state = hal.RelayPassThrough
	if r.pin == nil || r.released {
		return nil
	}
	if err := r.pin.Out(r.level(hal.RelayPassThrough)); err != nil {
		return pinErr("relay", r.pin, err)
	}
	r.released = true
	return nil
}
