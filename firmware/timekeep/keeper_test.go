package timekeep

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal/haltest"
)

// rig is a keeper on a computer clock that can be set (haltest.SystemClock
// on a fake clock), with its data directory and its notices.
type rig struct {
	t    *testing.T
	base clockwork.FakeClock
	sys  *haltest.SystemClock
	dir  string
	k    *Keeper

	mu      sync.Mutex
	notices []string
}

// boot is a Pi starting at 1970.
var boot = time.Unix(0, 0).UTC()

func newRig(t *testing.T, at time.Time, saved time.Time, zone string) *rig {
	t.Helper()
	base := clockwork.NewFakeClockAt(at)
	r := &rig{t: t, base: base, sys: haltest.NewSystemClock(base, nil), dir: t.TempDir()}
	if !saved.IsZero() {
		if err := writeSaved(filepath.Join(r.dir, SavedName), saved); err != nil {
			t.Fatal(err)
		}
	}
	r.k = New(Config{Clock: r.sys, System: r.sys, Dir: r.dir, Zone: zone, Notice: func(m string) {
		r.mu.Lock()
		r.notices = append(r.notices, m)
		r.mu.Unlock()
	}})
	return r
}

func (r *rig) noticeLines() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.notices, "\n")
}

// call is one incoming call's caller ID, taken by the keeper as Run would.
func (r *rig) call(date, hhmm string) {
	r.k.callerID(callerSaid{date: date, hhmm: hhmm, at: r.sys.Now()})
}

func (r *rig) savedFile() time.Time {
	r.t.Helper()
	t, err := readSaved(filepath.Join(r.dir, SavedName))
	if err != nil {
		r.t.Fatal(err)
	}
	return t
}

func (r *rig) wantSource(s Source) {
	r.t.Helper()
	if st := r.k.State(); st.Source != s {
		r.t.Fatalf("source %s (%s), want %s", st.Source, st.SourceText(), s)
	}
}

func near(a, b time.Time, d time.Duration) bool { return a.Sub(b).Abs() <= d }

func TestKeeper_BootAt1970StepsToSavedTime(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "")
	r.k.Start()
	if sets := r.sys.Sets(); len(sets) != 1 || !sets[0].Equal(saved) {
		t.Fatalf("sets %v, want one to %s", sets, saved)
	}
	if now := r.sys.Now(); !near(now, saved, time.Second) {
		t.Errorf("clock %s after start, want %s", now, saved)
	}
	r.wantSource(SourceSaved)
	if st := r.k.State(); !strings.Contains(st.SourceText(), "saved before the last stop (2026-11-29 13:50)") {
		t.Errorf("source text %q", st.SourceText())
	}
	if n := r.noticeLines(); !strings.Contains(n, "clock set to the time saved before the last stop, 2026-11-29 13:50") {
		t.Errorf("notices %q", n)
	}
}

func TestKeeper_ClockAheadOfSavedTimeIsKept(t *testing.T) {
	now := time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC) // a battery clock, or the network came first
	r := newRig(t, now, now.Add(-time.Hour), "")
	r.k.Start()
	if sets := r.sys.Sets(); len(sets) != 0 {
		t.Errorf("clock set to %v; it was ahead of the saved time", sets)
	}
	r.wantSource(SourceSystem)
}

func TestKeeper_NoSavedTime(t *testing.T) {
	r := newRig(t, boot, time.Time{}, "")
	r.k.Start()
	if len(r.sys.Sets()) != 0 {
		t.Error("clock set with nothing known")
	}
	if st := r.k.State(); st.Source != SourceSystem || !strings.Contains(st.SourceText(), "no time saved yet") {
		t.Errorf("state %s: %s", st.Source, st.SourceText())
	}
	if err := r.k.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(r.dir, SavedName)); !os.IsNotExist(err) {
		t.Errorf("a clock at 1970 was saved (stat: %v)", err)
	}
}

func TestKeeper_DisciplinedAtStartIsNotStepped(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, saved.Add(-time.Hour), saved, "")
	r.sys.Discipline(true)
	r.k.Start()
	if len(r.sys.Sets()) != 0 {
		t.Error("an NTP-disciplined clock was stepped")
	}
	r.wantSource(SourceNetwork)
}

func TestKeeper_CannotSetClock(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "")
	r.sys.Fail(syscall.EPERM)
	r.k.Start()
	st := r.k.State()
	if st.Source != SourceSystem || !errors.Is(st.SetErr, syscall.EPERM) || !strings.Contains(st.SourceText(), "could not be set") {
		t.Errorf("state %s %v: %s", st.Source, st.SetErr, st.SourceText())
	}
	if err := r.k.Save(); err != nil {
		t.Fatal(err)
	}
	if got := r.savedFile(); !got.Equal(saved) {
		t.Errorf("saved file now %s: a clock behind the saved time overwrote it", got)
	}
	if err := r.k.SetByOwner(saved.Add(time.Hour)); !errors.Is(err, ErrCannotSet) || !errors.Is(err, syscall.EPERM) {
		t.Errorf("SetByOwner = %v, want ErrCannotSet wrapping EPERM", err)
	}
}

// A Pi stopped at 13:50 (saved), off for two hours and twenty minutes:
// the first call's caller ID is not enough, the second agreeing sets it.
func TestKeeper_CallerIDSetsClockWhenTwoCallsAgree(t *testing.T) {
	rome := "Europe/Rome"
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, mustZone(t, rome))
	r := newRig(t, boot, saved, rome)
	r.k.Start()
	r.base.Advance(20 * time.Second)
	r.call("1129", "1610") // the clock shows 13:50:20
	if len(r.sys.Sets()) != 1 {
		t.Fatal("one caller ID moved the clock")
	}
	if st := r.k.State(); !strings.Contains(strings.Join(st.Lines(), "\n"), "said 2026-11-29 16:10; the clock moves when a second call agrees") {
		t.Errorf("time lines %q", st.Lines())
	}
	r.base.Advance(5 * time.Minute)
	r.call("1129", "1615") // the clock shows 13:55:20
	sets := r.sys.Sets()
	if len(sets) != 2 {
		t.Fatalf("sets %v: two agreeing calls did not set the clock", sets)
	}
	want := time.Date(2026, 11, 29, 16, 15, 30, 0, mustZone(t, rome))
	if now := r.sys.Now(); !near(now, want, 40*time.Second) {
		t.Errorf("clock %s, want about %s", now, want)
	}
	r.wantSource(SourceCallerID)
	if st := r.k.State(); st.SourceText() != "caller ID at "+r.k.Now().Format("2006-01-02 15:04") {
		t.Errorf("source text %q", st.SourceText())
	}
	if got := r.savedFile(); !near(got, want, 40*time.Second) {
		t.Errorf("saved %s after the step, want about %s", got, want)
	}
	if n := r.noticeLines(); !strings.Contains(n, "clock set from caller ID: 2026-11-29 16:15 (it showed 2026-11-29 13:55)") {
		t.Errorf("notices %q", n)
	}
}

// Saved on 31 December, the box off over New Year: the calls of 1
// January are next year's.
func TestKeeper_CallerIDNewYear(t *testing.T) {
	saved := time.Date(2026, 12, 31, 23, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "UTC")
	r.k.Start()
	r.call("0101", "0930")
	r.base.Advance(3 * time.Minute)
	r.call("0101", "0933")
	want := time.Date(2027, 1, 1, 9, 33, 30, 0, time.UTC)
	if now := r.sys.Now(); !near(now, want, 40*time.Second) {
		t.Errorf("clock %s, want about %s", now, want)
	}
}

func TestKeeper_OneSpoofedCallerIDMovesNothing(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "UTC")
	r.k.Start()
	r.call("0704", "0300") // a liar
	r.base.Advance(time.Minute)
	r.call("1129", "1620") // the truth: 2 h 30 min later than the clock
	if len(r.sys.Sets()) != 1 {
		t.Fatalf("sets %v: disagreeing calls moved the clock", r.sys.Sets())
	}
	r.base.Advance(10 * time.Minute)
	r.call("1129", "1631")
	if now, want := r.sys.Now(), time.Date(2026, 11, 29, 16, 31, 30, 0, time.UTC); len(r.sys.Sets()) != 2 || !near(now, want, 40*time.Second) {
		t.Errorf("clock %s, want about %s after the second true call", now, want)
	}
}

func TestKeeper_CallerIDInSyncConfirms(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "UTC")
	r.k.Start()
	r.base.Advance(40 * time.Second)
	r.call("1129", "1350")
	if len(r.sys.Sets()) != 1 {
		t.Error("a caller ID within the minute moved the clock")
	}
	r.wantSource(SourceCallerID)
}

// Once confirmed, caller ID corrects drift, not the clock as a whole.
func TestKeeper_ConfirmedClockMovesOnlyByDrift(t *testing.T) {
	now := time.Date(2026, 11, 29, 13, 50, 10, 0, time.UTC)
	r := newRig(t, now, time.Time{}, "UTC")
	r.k.Start()
	r.call("1129", "1350") // confirms
	r.call("1129", "1650")
	r.base.Advance(time.Minute)
	r.call("1129", "1651")
	if len(r.sys.Sets()) != 0 {
		t.Fatalf("sets %v: two calls moved a confirmed clock by three hours", r.sys.Sets())
	}
	r.call("1129", "1356")
	r.base.Advance(time.Minute)
	r.call("1129", "1357")
	if sets := r.sys.Sets(); len(sets) != 1 || !near(sets[0], now.Add(7*time.Minute), 40*time.Second) {
		t.Errorf("sets %v, want one about %s (drift of 6 minutes)", sets, now.Add(7*time.Minute))
	}
}

func TestKeeper_NetworkTimeIgnoresCallerID(t *testing.T) {
	for _, c := range []struct {
		name  string
		world func(r *rig)
	}{
		{"disciplined (chrony, timesyncd)", func(r *rig) { r.sys.Discipline(true) }},
		{"set by an NTP client on a network (gokrazy)", func(r *rig) {
			r.sys.Network(true)
			r.sys.SetOutside(time.Date(2026, 11, 29, 16, 0, 0, 0, time.UTC))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
			r := newRig(t, boot, saved, "UTC")
			r.k.Start()
			c.world(r)
			r.k.check()
			r.wantSource(SourceNetwork)
			sets := len(r.sys.Sets())
			for range 3 { // agreeing, ten minutes off: within drift
				r.base.Advance(time.Minute)
				said := r.sys.Now().Add(10 * time.Minute).UTC()
				r.call(said.Format("0102"), said.Format("1504"))
			}
			if len(r.sys.Sets()) != sets {
				t.Errorf("caller ID moved a clock the network keeps: %v", r.sys.Sets())
			}
			if st := r.k.State(); !st.Network || !strings.Contains(strings.Join(st.Lines(), "\n"), "caller ID is not used while the network keeps the time") {
				t.Errorf("time lines %q", st.Lines())
			}
		})
	}
}

func TestKeeper_SetOutsideWithoutNetwork(t *testing.T) {
	r := newRig(t, boot, time.Time{}, "UTC")
	r.k.Start()
	r.sys.SetOutside(time.Date(2026, 11, 29, 16, 0, 0, 0, time.UTC))
	r.k.check()
	st := r.k.State()
	if st.Source != SourceSystem || !strings.Contains(st.SourceText(), "set by another program at 2026-11-29 16:00") {
		t.Errorf("state %s: %s", st.Source, st.SourceText())
	}
	r.call("1129", "1800")
	r.base.Advance(time.Minute)
	r.call("1129", "1801")
	if len(r.sys.Sets()) != 1 {
		t.Errorf("sets %v: without a network, caller ID still sets the clock", r.sys.Sets())
	}
}

// gokrazy's NTP client sets, at its start, the time of its last clean
// shutdown; a box that lost power since saved a later time. Without a
// network that older time is undone; a set forward, or one on a network,
// stands, and so does one when the clock was behind the last known time
// anyway (nothing better to go back to).
func TestKeeper_StaleOutsideSetIsUndone(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	stale := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "UTC")
	r.k.Start()
	r.base.Advance(30 * time.Second)
	r.sys.SetOutside(stale)
	r.k.check()
	if now := r.sys.Now(); !near(now, saved.Add(30*time.Second), time.Second) {
		t.Errorf("clock %s after a stale outside set, want it put back to %s", now, saved.Add(30*time.Second))
	}
	r.wantSource(SourceSaved)
	if n := r.noticeLines(); !strings.Contains(n, "clock put back to 2026-11-29 13:50: another program set it to 2026-10-01 08:00") {
		t.Errorf("notices %q", n)
	}
	// on a network without internet the computer has an address, but the
	// stale time set at boot is no network's: undone at the first look
	r = newRig(t, boot, saved, "UTC")
	r.k.Start()
	r.sys.Network(true)
	r.sys.SetOutside(stale)
	r.k.check()
	if now := r.sys.Now(); !near(now, saved, time.Second) {
		t.Errorf("clock %s after a stale set at boot on a network, want it put back to %s", now, saved)
	}
	r.wantSource(SourceSaved)

	for _, c := range []struct {
		name  string
		saved time.Time
		to    time.Time
		net   bool
		want  Source
	}{
		{"forward, no network", saved, saved.Add(48 * time.Hour), false, SourceSystem},
		{"back, on a network, after a first look", saved, stale, true, SourceNetwork},
		{"back, from a clock behind the last known time", time.Time{}, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), false, SourceSystem},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, boot, c.saved, "UTC")
			r.k.Start()
			r.k.check() // the first look, which found nothing
			r.sys.Network(c.net)
			r.sys.SetOutside(c.to)
			r.k.check()
			if now := r.sys.Now(); !near(now, c.to, time.Second) {
				t.Errorf("clock %s, want the outside set to %s to stand", now, c.to)
			}
			r.wantSource(c.want)
		})
	}
}

func TestKeeper_OwnerSetsTime(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "Europe/Rome")
	r.k.Start()
	owner := time.Date(2026, 11, 29, 16, 5, 0, 0, r.k.Zone())
	if err := r.k.SetByOwner(owner); err != nil {
		t.Fatal(err)
	}
	if now := r.sys.Now(); !near(now, owner, time.Second) {
		t.Errorf("clock %s, want %s", now, owner)
	}
	r.wantSource(SourceOwner)
	if got := r.savedFile(); !near(got, owner, time.Second) {
		t.Errorf("saved %s, want the owner's time at once", got)
	}
	st := r.k.State()
	if st.SourceText() != "set by the owner at 2026-11-29 16:05" {
		t.Errorf("source text %q", st.SourceText())
	}
	r.call("1129", "1900")
	r.base.Advance(time.Minute)
	r.call("1129", "1901")
	if len(r.sys.Sets()) != 2 {
		t.Errorf("caller ID moved the owner's time: %v", r.sys.Sets())
	}
	for _, bad := range []time.Time{time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if err := r.k.SetByOwner(bad); !errors.Is(err, ErrTimeRange) {
			t.Errorf("SetByOwner(%s) = %v, want ErrTimeRange", bad, err)
		}
	}
}

func TestKeeper_Zone(t *testing.T) {
	r := newRig(t, time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), time.Time{}, "")
	if st := r.k.State(); st.ZoneText() != "the system's (Local)" && !strings.HasPrefix(st.ZoneText(), "the system's (") {
		t.Errorf("zone text %q", st.ZoneText())
	}
	if err := r.k.SetZone("Europe/Rome"); err != nil {
		t.Fatal(err)
	}
	if got := r.k.Now().Format("15:04 MST"); got != "14:00 CEST" {
		t.Errorf("Now in Europe/Rome = %s, want 14:00 CEST", got)
	}
	for _, bad := range []string{"Mars/Olympus", "Europe/../etc/passwd", "europe rome"} {
		if err := r.k.SetZone(bad); !errors.Is(err, ErrZone) {
			t.Errorf("SetZone(%q) = %v, want ErrZone", bad, err)
		}
	}
	if st := r.k.State(); st.ZoneName != "Europe/Rome" {
		t.Errorf("zone %q after refused changes", st.ZoneName)
	}
	// caller ID is local time: 14:00 in Rome is the clock right
	r.call("0701", "1400")
	r.wantSource(SourceCallerID)
}

// Run saves every SaveEvery and when it ends, looks for network time, and
// takes caller ID from the call loop without making it wait.
func TestKeeper_Run(t *testing.T) {
	saved := time.Date(2026, 11, 29, 13, 50, 0, 0, time.UTC)
	r := newRig(t, boot, saved, "UTC")
	r.k.Start()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.k.Run(ctx) }()
	r.base.BlockUntil(3)                                           // both tickers and the first check
	r.sys.SetOutside(time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)) // gokrazy's NTP client at boot, with an old time
	r.base.Advance(FirstCheck)
	waitFor(t, "the stale time undone at the first check", func() bool { return near(r.sys.Now(), saved.Add(FirstCheck), time.Second) })
	r.base.Advance(10*time.Minute - FirstCheck)
	waitFor(t, "the time saved after 10 minutes", func() bool { return near(r.savedFile(), saved.Add(10*time.Minute), time.Second) })

	for range 20 { // a flood never blocks the caller
		r.k.CallerTime("1129", "1610", r.sys.Now())
	}
	r.base.Advance(time.Minute)
	r.k.CallerTime("1129", "1611", r.sys.Now())
	waitFor(t, "the clock set from caller ID", func() bool { return len(r.sys.Sets()) == 3 })

	r.sys.Discipline(true)
	r.base.Advance(time.Minute) // the check
	waitFor(t, "network time seen", func() bool { return r.k.State().Source == SourceNetwork })

	r.base.Advance(3 * time.Minute)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got, now := r.savedFile(), r.sys.Now(); !near(got, now, time.Second) {
		t.Errorf("saved %s at shutdown, clock %s", got, now)
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(2 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("waited 5 s for %s", what)
}

func TestSaved_Damaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, SavedName)
	for _, content := range []string{"", "yesterday", strings.Repeat("9", 200)} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := readSaved(path); err == nil {
			t.Errorf("readSaved(%q) = %s, nil; want an error", content, got)
		}
	}
	r := newRig(t, boot, time.Time{}, "UTC")
	if err := os.WriteFile(filepath.Join(r.dir, SavedName), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.k.Start() // a damaged file is nothing known, not a reason to stop
	r.wantSource(SourceSystem)
}
