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

// followZone gives the clock the stored time zone, as the store wrote it
// (trimmed; "" when reset to the default), so the clock and the setting
// never disagree.
func (o *Owner) followZone() error {
	if o.cfg.Clock == nil {
		return nil
	}
	set, err := o.cfg.Store.Settings()
	if err != nil {
		return plain(err)
	}
	return o.cfg.Clock.SetZone(set.Install.TimeZone)
}
