package main

import (
	"strings"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
)

// records returns the emulator's records of kind k at or after since.
func records(emu *modemtest.Emulator, k modemtest.RecordKind, since time.Time) []modemtest.Record {
	var out []modemtest.Record
	for _, r := range emu.Records() {
		if r.Kind == k && !r.At.Before(since) {
			out = append(out, r)
		}
	}
	return out
}

// TestRun_MustShow is the "Must show", with default settings and
// the shipped prompts, on the simulated board driven through --modem by a
// modem emulator: an allowed number rings through and the modem never goes
// off-hook; a blocked number is answered and hung up within 2 s of its
// caller ID; an unknown number is answered, prompted, recorded, announced
// and decided by the owner's key; "log --json" shows each.
func TestRun_MustShow(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls (about 40 s)")
	}
	x := startE2E(t, e2eOptions{})
	x.console("allow add 2015550123 Alice", func(s string) bool { return strings.Contains(s, "\n") })
	x.console("block add 9005550000 Robocaller", func(s string) bool { return strings.Contains(s, "\n") })

	// 1. allowed: the box rings the handset with the caller's number and
	// name; lifting it gives it the line and answers the caller; the
	// modem stays on-hook
	t1 := time.Now()
	c := x.placeCall("2015550123 ALICE SMITH")
	st := x.waitState("the handset rings with the caller ID", 20*time.Second, func(s sim.State) bool { return s.Ringing && s.CIDNumber != "" })
	if st.CIDNumber != "2015550123" || st.CIDName != "ALICE SMITH" || st.Relay != "isolated" {
		t.Errorf("allowed call: display %q %q, relay %s; want the caller's number and name, the handset on the box", st.CIDNumber, st.CIDName, st.Relay)
	}
	x.worldCmd("pickup")
	x.waitState("the relay gives the line to the handset", 5*time.Second, func(s sim.State) bool { return s.Relay == "pass-through" })
	if got := c.State(); got != "connected to the handset" {
		t.Errorf("allowed call after pick-up: the caller is %q, want connected to the handset", got)
	}
	logs := x.waitLogs(1, 20*time.Second)
	if r := logs[0]; r.Decision != screening.ActionPass || r.Outcome != screening.OutcomeAnswered {
		t.Errorf("allowed call logged %+v", r)
	}
	c.HangUpNow(modemtest.HangUpLoopDrop)
	x.worldCmd("hangup")
	x.waitState("idle again", 20*time.Second, func(s sim.State) bool { return s.Relay == "isolated" && !s.OffHook })
	if off := records(x.emu, modemtest.RecOffHook, t1); len(off) != 0 {
		t.Errorf("the modem went off-hook for an allowed caller: %v", off)
	}
	<-c.Done()

	// 2. blocked: answered and hung up within 2 s of the caller ID
	x.worldCmd("reset") // count the handset's rings afresh
	t2 := time.Now()
	c = x.placeCall("9005550000 WIN A CRUISE")
	logs = x.waitLogs(2, 30*time.Second)
	if r := logs[1]; r.Decision != screening.ActionBlock || r.Outcome != screening.OutcomeBlocked {
		t.Errorf("blocked call logged %+v", r)
	}
	<-c.Done()
	cids := records(x.emu, modemtest.RecCID, t2)
	offs := records(x.emu, modemtest.RecOffHook, t2)
	ons := records(x.emu, modemtest.RecOnHook, t2)
	if len(cids) != 1 || len(offs) == 0 || len(ons) == 0 {
		t.Fatalf("blocked call: cid %v, off-hook %v, on-hook %v", cids, offs, ons)
	}
	took := ons[0].At.Sub(cids[0].At)
	t.Logf("blocked: caller ID sent %s, off-hook %s, on-hook %s: hung up %s after its caller ID",
		cids[0].At.Format("15:04:05.000"), offs[0].At.Format("15:04:05.000"), ons[0].At.Format("15:04:05.000"), took.Round(time.Millisecond))
	if took <= 0 || took > 2*time.Second {
		t.Errorf("blocked caller hung up %s after its caller ID, want within 2 s", took)
	}
	if st := x.state(); st.RingBursts != 0 || st.Relay != "isolated" {
		t.Errorf("the handset rang for a blocked caller: %d bursts, relay %s", st.RingBursts, st.Relay)
	}

	// 3. unknown: answered, prompted, recorded, announced, decided by the owner's key
	t3 := time.Now()
	x.worldCmd("reset")
	x.say = sim.Speech("hello this is doctor hudson from the dental office about tomorrow")
	c = x.placeCall("2125550143 HUDSON DENTAL")
	x.waitState("the screened ring", 40*time.Second, func(s sim.State) bool { return s.Ringing })
	if len(records(x.emu, modemtest.RecOffHook, t3)) == 0 || len(records(x.emu, modemtest.RecPlay, t3)) == 0 ||
		len(records(x.emu, modemtest.RecRecordStart, t3)) == 0 {
		t.Errorf("before ringing the owner the box should have answered, prompted and recorded: %v", x.emu.Records())
	}
	x.worldCmd("pickup")
	x.waitState("the announcement", 30*time.Second, func(s sim.State) bool { return s.HandsetHeard > 4000 })
	x.worldCmd("key 1")
	logs = x.waitLogs(3, 30*time.Second)
	if r := logs[2]; r.Decision != screening.ActionScreen || r.Outcome != screening.OutcomeAccepted || r.Number != "+12125550143" {
		t.Errorf("screened call logged %+v", r)
	}
	st = x.waitState("the owner has the caller", 10*time.Second, func(s sim.State) bool { return s.Relay == "pass-through" && !s.ModemOffHook })
	if !st.OwnerOnLine {
		t.Errorf("after accepting, the owner is not on the line: %s", st.Text())
	}
	// (an external emulator cannot see the handset take the loop over, so
	// it ends its call when the modem hangs up; the sim state shows the
	// owner on the line with the modem on-hook, which is the hand-over)
	c.HangUpNow(modemtest.HangUpLoopDrop)
	x.worldCmd("hangup")
	x.waitState("idle again", 20*time.Second, func(s sim.State) bool { return s.Relay == "isolated" })

	// 4. the console's log --json shows each, newest first
	recs := x.logJSON()
	if len(recs) != 3 {
		t.Fatalf("log --json: %d records, want 3: %+v", len(recs), recs)
	}
	want := []struct{ number, decision, outcome string }{
		{"+12125550143", "screen", "accepted"}, {"+19005550000", "block", "blocked"}, {"+12015550123", "pass", "answered"}}
	for i, w := range want {
		r := recs[i]
		if r.Number != w.number || r.Decision != w.decision || r.Outcome != w.outcome || r.Presentation != "available" {
			t.Errorf("log --json[%d] = %+v, want %+v", i, r, w)
		}
		if _, err := time.Parse(time.RFC3339, r.Time); err != nil {
			t.Errorf("log --json[%d].time %q: %v", i, r.Time, err)
		}
	}
	if recs[1].Rule == "" || recs[2].Rule == "" {
		t.Errorf("rules missing from the log: %+v", recs)
	}

	// 5. the console told the owner as it happened
	out := x.out.String()
	for _, n := range []string{
		"* call from 2015550123 ALICE SMITH: rings through",
		"* call from 9005550000 WIN A CRUISE: blocked, hangup",
		"* call from 2125550143 HUDSON DENTAL: screening",
		"* 2125550143 HUDSON DENTAL gave a name; ringing the handset",
		"* announcing on the handset; keys: 1 accept",
		"* logged: call from +12125550143 HUDSON DENTAL accepted",
	} {
		if !strings.Contains(out, n) {
			t.Errorf("console notice %q missing; console:\n%s", n, out)
		}
	}
}
