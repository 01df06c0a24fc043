package owner

import (
	"errors"
	"time"

	"secretary/firmware/timekeep"
)

// Clock is the box's clock keeper; *timekeep.Keeper implements it.
type Clock interface {
	State() timekeep.State
	SetByOwner(t time.Time) error
	SetZone(name string) error
}

// ErrNoClock: this box runs on the system's clock, which the owner cannot
// set from the console.
var ErrNoClock = errors.New("this box cannot set its clock")

// Clock is the clock now, for the time command.
func (o *Owner) Clock() timekeep.State {
	if o.cfg.Clock != nil {
		return o.cfg.Clock.State()
	}
	now := o.cfg.Now()
	return timekeep.State{Now: now, Zone: now.Location(), Source: timekeep.SourceSystem}
}

// SetClock steps the clock to the owner's time and saves it.
func (o *Owner) SetClock(t time.Time) error {
	if o.cfg.Clock == nil {
		return ErrNoClock
	}
	return o.cfg.Clock.SetByOwner(t)
}
