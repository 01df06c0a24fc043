package main

import (
	"strings"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
	"secretary/screening/store"
)

// fillLog writes n call-log records into the store at data, in one
// transaction.
func fillLog(t *testing.T, data string, n int) {
	t.Helper()
	st, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now().Add(-time.Duration(n) * time.Minute)
	if err := st.Update(func(tx store.WriteTx) error {
		for i := 0; i < n; i++ {
			if err := tx.AppendLog(screening.LogRecord{Time: t0.Add(time.Duration(i) * time.Minute), Number: "+12125550143",
				Name: "HUDSON DENTAL", Presentation: screening.PresentationAvailable, Decision: screening.ActionScreen,
				Outcome: screening.OutcomeAccepted, Rule: "default", Duration: 42 * time.Second}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// The bounds within which a call is handled while the console is stalled:
// the same as with nobody at the console (TestRun_MustShow: a blocked
// caller is hung up within 2 s of its caller ID; an allowed caller has the
// line within a second, where it takes about 2 ms unloaded).
const (
	stalledBlockBound = 2 * time.Second
	stalledPassBound  = time.Second
)

// A console nobody reads, then one read at 115200 baud (11,520 bytes/s)
// while "log -n 3000 --json" (about 1 MB) prints: calls placed meanwhile
// are handled in their normal time, the watchdog is fed throughout, and
// Ctrl-C ends the long answer and gives the console back.
func TestRun_StalledConsoleKeepsCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	master, tty := consolePty(t)
	x := startE2E(t, e2eOptions{short: true, console: tty, logs: 3000,
		rules: []string{"block +19005550000", "allow +12015550123"}})
	feeds, since := x.state().WatchdogFeeds, time.Now()

	// 1. nobody reads the console: its pty fills with the long answer
	time.Sleep(time.Second) // the console has opened its port
	if _, err := master.Write([]byte("log -n 3000 --json\r")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the answer fills the pty and blocks
	x.blockedWithin(stalledBlockBound, "9005550000 SPAM")

	// 2. the console is read at 115200 baud while the answer prints
	r := &ptyReader{}
	go r.pump(master, 11520)
	mark := r.waitFor(t, 0, `"number": "+12125550143"`, 10*time.Second)
	x.passedWithin(stalledPassBound, "2015550123 ALICE")

	// 3. Ctrl-C ends the answer; the notices come after it
	if _, err := master.Write([]byte{3}); err != nil {
		t.Fatal(err)
	}
	mark = r.waitFor(t, mark, "^C (stopped)", 30*time.Second)
	mark = r.waitFor(t, mark, "* logged: call from +12015550123 ALICE", 10*time.Second)
	if _, err := master.Write([]byte("status\r")); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, mark, "calls   2 since start", 10*time.Second)
	if out := r.String(); !strings.Contains(out, "* call from 9005550000 SPAM: blocked") && !strings.Contains(out, "notices dropped)") {
		t.Errorf("the blocked call's notice is neither shown nor counted as dropped:\n%s", out[max(0, len(out)-3000):])
	}
	// the watchdog is fed every 5 s by the call loop itself
	if got, want := x.state().WatchdogFeeds-feeds, int(time.Since(since)/(5*time.Second)); got < max(1, want-1) {
		t.Errorf("watchdog fed %d times in %v, want about %d (every 5 s throughout)", got, time.Since(since).Round(time.Second), want)
	}
}

// blockedWithin places a call from a blocked number and checks it was hung
// up within bound of its caller ID.
func (x *e2e) blockedWithin(bound time.Duration, who string) {
	x.t.Helper()
	start := time.Now()
	c := x.placeCall(who)
	select {
	case <-c.Done():
	case <-time.After(30 * time.Second):
		x.t.Fatalf("the blocked call %s did not end", who)
	}
	cids, ons := records(x.emu, modemtest.RecCID, start), records(x.emu, modemtest.RecOnHook, start)
	if len(cids) == 0 || len(ons) == 0 {
		x.t.Fatalf("blocked call %s: caller ID %v, on-hook %v", who, cids, ons)
	}
	took := ons[0].At.Sub(cids[0].At)
	x.t.Logf("console stalled: blocked caller %s hung up %v after its caller ID", who, took.Round(time.Millisecond))
	if took > bound {
		x.t.Errorf("blocked caller hung up %v after its caller ID, want within %v", took, bound)
	}
}

// passedWithin places a call from an allowed number and checks the box
// rang the handset with the caller ID (or, without pass-ring, gave it the
// line) within bound of its caller ID.
func (x *e2e) passedWithin(bound time.Duration, who string) {
	x.t.Helper()
	start := time.Now()
	c := x.placeCall(who)
	x.waitState("the handset rings for the allowed caller", 20*time.Second, func(s sim.State) bool { return s.Ringing || s.Relay == "pass-through" })
	cids := records(x.emu, modemtest.RecCID, start)
	if len(cids) == 0 {
		x.t.Fatalf("no caller ID for %s", who)
	}
	x.mu.Lock()
	var at time.Time
	for i, l := range x.trace {
		if (l == "action relay pass-through" || strings.HasPrefix(l, "action ring-handset normal")) && x.traceT[i].After(start) {
			at = x.traceT[i]
			break
		}
	}
	x.mu.Unlock()
	took := at.Sub(cids[0].At)
	x.t.Logf("console stalled: allowed caller %s rang the handset %v after its caller ID", who, took.Round(time.Millisecond))
	if at.IsZero() || took > bound {
		x.t.Errorf("allowed caller rang the handset %v after its caller ID, want within %v", took, bound)
	}
	c.HangUpNow(modemtest.HangUpLoopDrop)
	x.waitLogs(2, 30*time.Second)
}
