package owner_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/console"
	"secretary/firmware/owner"
	"secretary/firmware/timekeep"
	"secretary/firmware/voicemail"
	"secretary/hal/haltest"
	"secretary/screening"
	"secretary/screening/store/storetest"
)

// clockOwner is an owner on a store and mailbox, with a clock keeper
// whose computer clock (a fake) starts at at, nothing saved.
func clockOwner(t *testing.T, at time.Time) (*owner.Owner, *timekeep.Keeper, owner.Config) {
	t.Helper()
	st := storetest.Open(t)
	mb := voicemail.New(st, voicemail.Config{Dir: t.TempDir()})
	if err := mb.Open(); err != nil {
		t.Fatal(err)
	}
	sys := haltest.NewSystemClock(clockwork.NewFakeClockAt(at), nil)
	k := timekeep.New(timekeep.Config{Clock: sys, System: sys, Dir: t.TempDir(), Zone: "UTC"})
	k.Start()
	cfg := owner.Config{Store: st, Engine: screening.NewEngine(st), Mailbox: mb}
	with := cfg
	with.Clock, with.Now = k, k.Now
	return owner.New(with), k, cfg
}

// The owner's clock: status says where the time came from, the time
// command reads and sets the keeper, and the timezone setting reaches the
// clock at once; without a keeper the clock cannot be set.
func TestOwner_Clock(t *testing.T) {
	own, k, cfg := clockOwner(t, start)
	if s := own.Status(); s.ClockSource != "the system clock (no time saved yet)" {
		t.Errorf("status clock source %q", s.ClockSource)
	}
	if err := own.SetSettings([2]string{"timezone", "Europe/Rome"}); err != nil {
		t.Fatal(err)
	}
	if z := own.Clock().ZoneName; z != "Europe/Rome" || k.Now().Location().String() != "Europe/Rome" {
		t.Errorf("zone %q after set timezone: the clock did not follow at once", z)
	}
	to := time.Date(2026, 11, 23, 11, 30, 0, 0, k.Zone())
	if err := own.SetClock(to); err != nil {
		t.Fatal(err)
	}
	if s := own.Status(); !s.Now.Equal(to) || s.ClockSource != "set by the owner at 2026-11-23 11:30" {
		t.Errorf("status after SetClock: %s, %q", s.Now, s.ClockSource)
	}
	if err := own.SetSettings([2]string{"timezone", "Mars/Olympus"}); err == nil || !strings.Contains(err.Error(), "time zone") {
		t.Errorf("set timezone Mars/Olympus = %v", err)
	}
	if z := own.Clock().ZoneName; z != "Europe/Rome" {
		t.Errorf("zone %q after a refused zone", z)
	}
	// the clock takes the zone as stored: trimmed, and "" when reset
	if err := own.SetSettings([2]string{"timezone", " America/New_York "}); err != nil {
		t.Fatal(err)
	}
	if z := own.Clock().ZoneName; z != "America/New_York" {
		t.Errorf("zone %q after set timezone with spaces", z)
	}
	if err := own.SetSettings([2]string{"timezone", ""}); err != nil {
		t.Fatal(err)
	}
	if s := own.Clock(); s.ZoneName != "" || s.Zone != time.Local {
		t.Errorf("zone %q (%s) after set timezone reset to the system's", s.ZoneName, s.Zone)
	}

	none := owner.New(cfg)
	if err := none.SetClock(to); !errors.Is(err, owner.ErrNoClock) {
		t.Errorf("SetClock without a keeper = %v", err)
	}
	if c := none.Clock(); c.Source != timekeep.SourceSystem || c.Now.IsZero() {
		t.Errorf("Clock without a keeper: %+v", c)
	}
}

// A clock never set (a Pi at 1970, nothing saved, no network) fails the
// self-test with what to type; once set, the check passes.
func TestOwner_SelfTestClock(t *testing.T) {
	own, _, _ := clockOwner(t, time.Unix(0, 0))
	clock := func() console.Check {
		t.Helper()
		checks, err := own.SelfTest(context.Background(), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if c.Name == "clock" {
				return c
			}
		}
		t.Fatalf("no clock check in %+v", checks)
		return console.Check{}
	}
	if c := clock(); c.Result != console.CheckFail || !strings.Contains(c.Hint, "time set YYYY-MM-DD HH:MM") ||
		!strings.HasPrefix(c.Detail, "1970-01-01 00:00:00 UTC (the system clock (no time saved yet))") {
		t.Errorf("clock at 1970: %+v", c)
	}
	if err := own.SetClock(time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if c := clock(); c.Result != console.CheckPass {
		t.Errorf("clock set by the owner: %+v", c)
	}
}
