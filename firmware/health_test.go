package firmware

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware/prompts"
	"secretary/hal"
	"secretary/hal/haltest"
	"secretary/screening"
)

// dataSource is a DataHealth the test changes, with the OnData calls seen.
type dataSource struct {
	mu      sync.Mutex
	h       DataHealth
	changes []string // "prev->now"
}

func (d *dataSource) set(h DataHealth) { d.mu.Lock(); d.h = h; d.mu.Unlock() }
func (d *dataSource) get() DataHealth  { d.mu.Lock(); defer d.mu.Unlock(); return d.h }
func (d *dataSource) onData(prev, now DataHealth) {
	d.mu.Lock()
	d.changes = append(d.changes, prev.State.String()+"->"+now.State.String())
	d.mu.Unlock()
}

// seenWait is the OnData calls so far, once they are want or after 2 s: the
// call loop shows a change on the LED first and tells OnData right after.
func (d *dataSource) seenWait(want string) string {
	deadline := time.Now().Add(2 * time.Second)
	for {
		d.mu.Lock()
		got := strings.Join(d.changes, " ")
		d.mu.Unlock()
		if got == want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *rig) waitFrom(from int, sub string) int {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	i, err := r.dev.Rec.Wait(ctx, from, sub)
	if err != nil {
		r.t.Fatalf("%v\ndevices:\n%s\nmachine:\n%s", err, r.dev.Rec, r.trace)
	}
	return i
}

const damaged = "The list database /data/secretary.db is damaged (the file is cut short); restore or reset."

// Degraded mode follows the data's health while the box runs: damage
// found (Unavailable) shows the fault pattern, says why in Status, tells
// OnData, and passes every call without asking the decider (which would
// block this one); healthy again, the LED is steady and the decider
// decides again.
func TestAppliance_DegradedModeFollowsDataHealth(t *testing.T) {
	src := &dataSource{}
	dec := fakeDecider{"9005550000": {Action: screening.ActionBlock, Treatment: screening.TreatmentHangup, Number: "+19005550000"}}
	r := newRig(t, dec, func(c *Config) {
		c.DataHealth, c.OnData, c.DataPoll = src.get, src.onData, 10*time.Millisecond
	})
	r.wait("led: on")
	if st := r.app.Status(); st.Data.Degraded() {
		t.Fatalf("degraded at start: %+v", st.Data)
	}

	mark := len(r.dev.Rec.Lines())
	src.set(DataHealth{State: DataUnavailable, Problem: damaged})
	mark = r.waitFrom(mark, "led: fault")
	if st := r.app.Status(); st.Data.State != DataUnavailable || st.Data.Problem != damaged {
		t.Errorf("status data %+v", st.Data)
	}
	if got := src.seenWait("ok->unavailable"); got != "ok->unavailable" {
		t.Errorf("OnData calls %q", got)
	}
	r.incoming("9005550000", "SPAM")
	mark = r.waitFrom(mark, "relay: pass-through")
	recs := r.waitLog(1)
	if d := recs[0]; d.Decision != screening.ActionPass || d.Rule != "degraded mode" || !strings.Contains(d.Reason, damaged) {
		t.Errorf("call in degraded mode logged %+v", d)
	}
	if strings.Contains(r.dev.Rec.String(), "pick-up-and-drop") {
		t.Error("the decider was asked in degraded mode: the call was blocked")
	}
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineLoopDrop})
	mark = r.waitFrom(mark, "relay: isolated")

	src.set(DataHealth{})
	mark = r.waitFrom(mark, "led: on")
	if got := src.seenWait("ok->unavailable unavailable->ok"); got != "ok->unavailable unavailable->ok" {
		t.Errorf("OnData calls %q", got)
	}
	r.incoming("9005550000", "SPAM")
	r.waitFrom(mark, "line: pick-up-and-drop")
}

// Read-only data: the lists still decide, but nothing can be kept, so a
// call for voicemail rings through as with a full mailbox.
func TestAppliance_ReadOnlyDataKeepsNoMessages(t *testing.T) {
	src := &dataSource{h: DataHealth{State: DataReadOnly, Problem: "Changes to the lists cannot be saved."}}
	dec := fakeDecider{"2015550123": {Action: screening.ActionVoicemail, Number: "+12015550123"}}
	r := newRig(t, dec, func(c *Config) { c.DataHealth, c.OnData = src.get, src.onData })
	r.wait("led: fault")
	if got := src.seenWait("ok->read-only"); got != "ok->read-only" {
		t.Errorf("OnData at start %q", got)
	}
	r.incoming("2015550123", "ALICE")
	r.wait("relay: pass-through")
	if strings.Contains(r.dev.Rec.String(), "line: answer") {
		t.Errorf("voicemail offered while nothing can be saved:\n%s", r.dev.Rec)
	}
}

// upLine is a fake line that says whether its device is up.
type upLine struct {
	hal.Line
	up bool
}

func (l upLine) Up() bool { return l.up }

// A modem that is not up when the box starts (missing, still starting):
// the line is the phone's and Status says the line is down and why, until
// the line reports LineUp.
func TestAppliance_LineNotUpAtStartPassesThrough(t *testing.T) {
	dev := haltest.NewDevices(nil)
	d := dev.HAL()
	d.Line = upLine{Line: d.Line, up: false}
	app := New(d, fakeDecider{}, &fakeStore{}, &fakeMailbox{}, prompts.New(""), Config{})
	if st := app.Status(); st.LineUp || st.LineWhy != LineWaiting {
		t.Errorf("before Run: line up %v (%q)", st.LineUp, st.LineWhy)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- app.Run(ctx) }()
	defer func() { cancel(); <-errc }()
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	i, err := dev.Rec.Wait(wctx, 0, "relay: pass-through")
	if err != nil {
		t.Fatalf("%v\n%s", err, dev.Rec)
	}
	if _, err := dev.Rec.Wait(wctx, 0, "led: fault"); err != nil {
		t.Fatalf("%v\n%s", err, dev.Rec)
	}
	if st := app.Status(); st.LineUp || st.LineWhy != LineWaiting {
		t.Errorf("line not up: status line up %v (%q)", st.LineUp, st.LineWhy)
	}
	dev.Line.Emit(hal.LineEvent{Kind: hal.LineUp})
	if _, err := dev.Rec.Wait(wctx, i, "relay: isolated"); err != nil {
		t.Fatalf("%v\n%s", err, dev.Rec)
	}
	deadline := time.Now().Add(5 * time.Second)
	for st := app.Status(); !st.LineUp || st.LineWhy != ""; st = app.Status() {
		if time.Now().After(deadline) {
			t.Fatalf("after LineUp: status line up %v (%q)", st.LineUp, st.LineWhy)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A line that is up at start, or one that cannot say (the fakes): the box
// isolates the handset at once and Status says the line is up.
func TestAppliance_LineUpAtStart(t *testing.T) {
	for _, up := range []bool{true, false} {
		dev := haltest.NewDevices(nil)
		d := dev.HAL()
		if up {
			d.Line = upLine{Line: d.Line, up: true}
		}
		app := New(d, fakeDecider{}, &fakeStore{}, &fakeMailbox{}, prompts.New(""), Config{})
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- app.Run(ctx) }()
		wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
		if _, err := dev.Rec.Wait(wctx, 0, "led: on"); err != nil {
			t.Errorf("%v\n%s", err, dev.Rec)
		}
		wcancel()
		if st := app.Status(); !st.LineUp || st.LineWhy != "" || strings.Contains(dev.Rec.String(), "pass-through") {
			t.Errorf("LineState %v: line up %v (%q)\n%s", up, st.LineUp, st.LineWhy, dev.Rec)
		}
		cancel()
		<-errc
	}
}

// The test hook Hang stops the call loop (and so the watchdog's feeding)
// while the rest of the process runs; the end of Run still releases the
// relay.
func TestAppliance_HangStarvesTheWatchdog(t *testing.T) {
	hang := make(chan struct{}, 1)
	dev := haltest.NewDevices(nil)
	app := New(dev.HAL(), fakeDecider{}, &fakeStore{}, &fakeMailbox{}, prompts.New(""),
		Config{WatchdogEvery: 5 * time.Millisecond, Hang: hang})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- app.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	if dev.Watchdog.Feeds() == 0 {
		t.Fatal("watchdog not fed before the hang")
	}
	hang <- struct{}{}
	time.Sleep(50 * time.Millisecond)
	n := dev.Watchdog.Feeds()
	dev.Line.Ring(1) // not seen by a hung loop
	time.Sleep(100 * time.Millisecond)
	if m := dev.Watchdog.Feeds(); m != n {
		t.Errorf("watchdog fed %d times while the loop hung", m-n)
	}
	cancel()
	select {
	case <-errc:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not end after the hang")
	}
	if s := dev.Relay.State(); s != hal.RelayPassThrough {
		t.Errorf("relay %s after Run, want pass-through", s)
	}
}
