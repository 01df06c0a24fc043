package console

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/timekeep"
	"secretary/hal/haltest"
)

// timeRig is a console with the time command on a keeper whose computer
// clock is a fake that can be set, booted at 1970 with a saved time.
type timeRig struct {
	base clockwork.FakeClock
	sys  *haltest.SystemClock
	k    *timekeep.Keeper
	c    *Console
}

func newTimeRig(t *testing.T, saved string) *timeRig {
	t.Helper()
	dir := t.TempDir()
	if saved != "" {
		if err := os.WriteFile(filepath.Join(dir, timekeep.SavedName), []byte(saved+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	base := clockwork.NewFakeClockAt(time.Unix(0, 0))
	sys := haltest.NewSystemClock(base, nil)
	k := timekeep.New(timekeep.Config{Clock: sys, System: sys, Dir: dir, Zone: "Europe/Rome"})
	k.Start()
	m := newMem()
	m.keeper = k
	return &timeRig{base: base, sys: sys, k: k, c: New(m, nil, k.Now)}
}

func (r *timeRig) exec(t *testing.T, line string) string {
	t.Helper()
	var b strings.Builder
	_ = r.c.Exec(context.Background(), line, &b)
	return b.String()
}

func wantLines(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("answer lacks %q:\n%s", w, got)
		}
	}
}

// time shows the date, time, zone and source, for every source.
func TestTime_ShowsEachSource(t *testing.T) {
	r := newTimeRig(t, "2026-11-29T12:50:00Z") // 13:50 in Rome
	wantLines(t, r.exec(t, "time"), "2026-11-29 13:50:00 CET (Sunday), zone Europe/Rome",
		"source: the time saved before the last stop (2026-11-29 13:50)")

	// two calls agree the box was off for two hours and twenty minutes
	r.k.CallerTime("1129", "1610", r.sys.Now())
	r.run(t, func() {
		r.base.Advance(time.Minute)
		r.k.CallerTime("1129", "1611", r.sys.Now())
	}, func() bool { return r.k.State().Source == timekeep.SourceCallerID })
	wantLines(t, r.exec(t, "time"), "2026-11-29 16:1", "CET (Sunday), zone Europe/Rome", "source: caller ID at 2026-11-29 16:1")

	wantLines(t, r.exec(t, "time set 2026-11-29 16:30"), "ok: clock set to 2026-11-29 16:30 CET, zone Europe/Rome; source: set by the owner at 2026-11-29 16:30")
	wantLines(t, r.exec(t, "time"), "source: set by the owner at 2026-11-29 16:30",
		"caller ID is not used until the next start: the owner's time stands")

	r.sys.Discipline(true)
	r.run(t, func() { r.base.Advance(time.Minute) }, func() bool { return r.k.State().Source == timekeep.SourceNetwork })
	wantLines(t, r.exec(t, "time"), "source: the network (NTP), last at 2026-11-29 16:31",
		"caller ID is not used while the network keeps the time")
	wantLines(t, r.exec(t, "time set 16:40"), "ok: clock set to 2026-11-29 16:40 CET", "(the network's time replaces it at its next update)")

	r0 := newTimeRig(t, "")
	wantLines(t, r0.exec(t, "time"), "1970-01-01 01:00:00 CET (Thursday), zone Europe/Rome", "source: the system clock (no time saved yet)",
		"the clock was never set: type time set YYYY-MM-DD HH:MM (or give the box a network)")
	if got := r.exec(t, "time"); strings.Contains(got, "never set") {
		t.Errorf("a set clock said it was never set:\n%s", got)
	}
}

// run runs the keeper until cond holds after act, then stops it.
func (r *timeRig) run(t *testing.T, act func(), cond func() bool) {
	t.Helper()
	k := r.k
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	defer func() { cancel(); <-done }()
	r.base.BlockUntil(3) // its tickers and its first look
	act()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("keeper state %+v", k.State())
}

func TestTime_SetRefusals(t *testing.T) {
	r := newTimeRig(t, "2026-11-29T12:50:00Z")
	for _, c := range []struct{ line, want string }{
		{"time set", "error: usage: time set YYYY-MM-DD HH:MM | time set HH:MM"},
		{"time set tomorrow", `error: "tomorrow" is not a date and time: want YYYY-MM-DD HH:MM`},
		{"time set 2026-13-01 10:00", `error: "2026-13-01 10:00" is not a date and time`},
		{"time set 2026-11-29 25:00", `error: "2026-11-29 25:00" is not a date and time`},
		{"time set 2019-05-01 10:00", "error: 2019-05-01 10:00 is before this firmware was made or too far ahead; the clock is unchanged"},
		{"time now", `error: time has no "now" (use show or set)`},
		{"time show 12:00", `error: time show takes no "12:00" (usage: time)`},
	} {
		wantLines(t, r.exec(t, c.line), c.want)
	}
	if len(r.sys.Sets()) != 1 { // the saved time at start only
		t.Errorf("clock set by a refused command: %v", r.sys.Sets())
	}
	r.sys.Fail(syscall.EPERM)
	wantLines(t, r.exec(t, "time set 2026-11-29 16:30"),
		"error: the clock could not be set (operation not permitted): the firmware needs the right to set the time")
	wantLines(t, r.exec(t, "time set 2026-11-29 16:30:15"), "error: the clock could not be set")
	r.sys.Fail(nil)
	wantLines(t, r.exec(t, "TIME SET 16:30:15"), "ok: clock set to 2026-11-29 16:30 CET")
	if now := r.sys.Now(); !now.Equal(time.Date(2026, 11, 29, 15, 30, 15, 0, time.UTC)) {
		t.Errorf("clock %s after time set 16:30:15 in Rome", now)
	}
}
