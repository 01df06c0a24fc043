package haltest

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

func TestSystemClock_SetMovesWallTimeNotTimers(t *testing.T) {
	base := clockwork.NewFakeClockAt(time.Unix(0, 0))
	c := NewSystemClock(base, nil)
	timer := c.NewTimer(time.Minute)
	to := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	if err := c.Set(to); err != nil {
		t.Fatal(err)
	}
	if !c.Now().Equal(to) {
		t.Errorf("Now %s after Set(%s)", c.Now(), to)
	}
	select {
	case <-timer.Chan():
		t.Fatal("a timer fired when the clock was set")
	default:
	}
	base.Advance(time.Minute)
	select {
	case <-timer.Chan():
	case <-time.After(time.Second):
		t.Fatal("the timer did not fire a minute later")
	}
	if got := c.Now(); !got.Equal(to.Add(time.Minute)) {
		t.Errorf("Now %s, want %s", got, to.Add(time.Minute))
	}
	if s, _ := c.Sync(); s.SetOutside {
		t.Error("the box's own Set reported as set from outside")
	}
}

func TestSystemClock_World(t *testing.T) {
	c := NewSystemClock(clockwork.NewFakeClockAt(time.Unix(0, 0)), nil)
	at := time.Date(2026, 11, 29, 16, 0, 0, 0, time.UTC)
	c.SetOutside(at)
	c.Network(true)
	s, err := c.Sync()
	if err != nil || !s.SetOutside || s.Step != at.Sub(time.Unix(0, 0)) || !s.Networked || s.Disciplined {
		t.Errorf("Sync = %+v, %v", s, err)
	}
	if s, _ := c.Sync(); s.SetOutside {
		t.Error("the same outside change reported twice")
	}
	c.Discipline(true)
	if s, _ := c.Sync(); !s.Disciplined {
		t.Error("Discipline(true) not reported")
	}
	c.Fail(syscall.EPERM)
	if err := c.Set(at.Add(time.Hour)); !errors.Is(err, syscall.EPERM) || !c.Now().Equal(at) {
		t.Errorf("Set = %v with Fail; clock %s", err, c.Now())
	}
	if len(c.Sets()) != 0 {
		t.Errorf("Sets %v", c.Sets())
	}
}
