package main

// The switchboard end to end: people set up from the console, callers on
// the modem emulator choosing at the menu, the handset's ring measured on
// the simulated board's SLIC pins and its caller ID decoded from the
// audio sent to it on-hook, forwarding to a mobile through the emulated
// phone company's call transfer.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/firmware/console"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
)

// The rings of the people's cadences as the sim measures them, on and off
// in ms, one cycle (hal.RingDR1 ... RingDR4).
var (
	cadenceLong            = []int{2000, 4000}
	cadenceShortLongShort  = []int{300, 200, 1000, 200, 300, 4000}
	cadenceTolerance       = 150 // ms: GPIO edges travel a socket in real time
	switchboardCallTimeout = 90 * time.Second
)

// consoleOK runs a console command and wants an "ok:" answer.
func (x *e2e) consoleOK(cmd string) string {
	x.t.Helper()
	out := x.console(cmd, func(s string) bool { return answerLine(s) != "" })
	if a := answerLine(out); !strings.HasPrefix(a, "ok: ") {
		x.t.Fatalf("console %q: %q", cmd, a)
	}
	return answerLine(out)
}

// answerLine is the console's "ok:" or "error:" line in s ("" none yet).
func answerLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "ok: ") || strings.HasPrefix(l, "error: ") {
			return l
		}
	}
	return ""
}

// consoleJSON runs a console command with --json and decodes its answer
// into v; notices of calls may come before it (lines beginning "* ").
func (x *e2e) consoleJSON(cmd string, v any) {
	x.t.Helper()
	x.console(cmd, func(s string) bool {
		for strings.HasPrefix(s, "* ") {
			_, s, _ = strings.Cut(s, "\n")
		}
		return json.Unmarshal([]byte(strings.TrimSpace(s)), v) == nil
	})
}

// waitTrace waits for a machine trace line containing want.
func (x *e2e) waitTrace(want string) {
	x.t.Helper()
	for deadline := time.Now().Add(switchboardCallTimeout); ; time.Sleep(20 * time.Millisecond) {
		for _, l := range x.traceLines() {
			if strings.Contains(l, want) {
				return
			}
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("no trace line with %q", want)
		}
	}
}

// waitCadence waits for a whole ring cycle on the handset and checks it
// against want (on/off ms); it returns what was measured.
func (x *e2e) waitCadence(want []int) []int {
	x.t.Helper()
	s := x.waitState("a whole ring cycle on the handset", switchboardCallTimeout, func(s sim.State) bool { return len(s.Cadence) >= len(want) })
	got := s.Cadence[:len(want)]
	for i := range want {
		if d := got[i] - want[i]; d < -cadenceTolerance || d > cadenceTolerance {
			x.t.Fatalf("handset cadence %v ms, want %v (±%d)", got, want, cadenceTolerance)
		}
	}
	return got
}

// waitDisplay waits for the handset's display to show the caller.
func (x *e2e) waitDisplay(number string) string {
	x.t.Helper()
	s := x.waitState("caller ID on the handset's display", 30*time.Second, func(s sim.State) bool {
		return strings.Contains(s.CIDDisplay, number)
	})
	return s.CIDDisplay
}

// lastLog waits for n call-log records and returns the newest.
func (x *e2e) lastLog(n int) screening.LogRecord {
	x.t.Helper()
	recs := x.waitLogs(n, switchboardCallTimeout)
	return recs[len(recs)-1]
}

func startSwitchboard(t *testing.T, settings map[string]string) *e2e {
	t.Helper()
	if testing.Short() {
		t.Skip("real-time calls")
	}
	t.Parallel() // mostly waiting for rings in real time
	if settings == nil {
		settings = map[string]string{}
	}
	settings["menu-timeout"] = "1s"
	x := startE2E(t, e2eOptions{short: true, seed: 42, settings: settings})
	x.consoleOK("person add Anna --mobile 212-555-0199 --email anna@example.com")
	x.consoleOK("person add Ben --ring short-long-short")
	return x
}

// A screened caller presses Ben's key: the handset rings with Ben's
// cadence (short-long-short), measured on the SLIC pins, and its display
// shows the caller; the owner accepts and the log says the call was for
// Ben. The people were set up from the console (person add, list --json).
func TestSwitchboard_MenuChoiceRingsTheirCadence(t *testing.T) {
	x := startSwitchboard(t, nil)
	var people []console.PersonJSON
	x.consoleJSON("person list --json", &people)
	if len(people) != 2 || people[0].Name != "Anna" || people[0].Key != 1 || people[0].Mobile != "+12125550199" ||
		people[1].Name != "Ben" || people[1].Key != 2 || people[1].Ring != "short-long-short" {
		t.Fatalf("person list --json = %+v", people)
	}
	x.step("say hello this is bob about the lease")
	x.placeCall("2015550123 BOB")
	x.waitTrace("play-line greeting menu-for person-anna menu-press digit-1 menu-for person-ben menu-press digit-2 menu-message")
	x.activeCall().Press("2")
	x.waitTrace("ring-handset short-long-short")
	got := x.waitCadence(cadenceShortLongShort)
	display := x.waitDisplay("2015550123")
	t.Logf("Ben's ring measured %v ms; display %q", got, display)
	x.step("pickup")
	x.step("wait heard 300")
	x.step("key 1")
	rec := x.lastLog(1)
	if rec.Person != "ben" || rec.Outcome != screening.OutcomeAccepted {
		t.Errorf("log: for %q, %s", rec.Person, rec.Outcome)
	}
	x.step("wait relay pass-through")
	x.step("hangup")
	x.step("wait relay isolated")
	out := x.console("log -n 1", func(s string) bool { return strings.Contains(s, "for ben") })
	if !strings.Contains(out, "+12015550123") {
		t.Errorf("log -n 1: %q", out)
	}
}

// No key at the menu: the call goes to menu-default, Anna, whose long
// ring (2 s on, 4 s off) the handset rings with.
func TestSwitchboard_NoChoiceDefault(t *testing.T) {
	x := startSwitchboard(t, nil)
	x.consoleOK("set menu-default anna")
	x.placeCall("2015550123 BOB")
	x.waitTrace("menu-message")
	x.waitTrace("ring-handset long")
	got := x.waitCadence(cadenceLong)
	x.waitDisplay("2015550123")
	t.Logf("Anna's ring measured %v ms", got)
	x.step("pickup")
	x.step("wait heard 300")
	x.step("key 1")
	if rec := x.lastLog(1); rec.Person != "anna" || rec.Outcome != screening.OutcomeAccepted {
		t.Errorf("log: for %q, %s", rec.Person, rec.Outcome)
	}
	x.step("wait relay pass-through")
	x.step("hangup")
	x.step("wait relay isolated")
}

// A caller the rules send to voicemail chooses Anna: the greeting is
// hers ("message for Anna") and the message is in her mailbox; one who
// presses 0 leaves it in the general one.
func TestSwitchboard_PersonsMailbox(t *testing.T) {
	x := startSwitchboard(t, nil)
	x.consoleOK("voicemail add 312-555-0188 PRINT SHOP")
	x.step("say hi it is sam from the print shop your order is ready")
	c := x.placeCall("3125550188 PRINT SHOP")
	x.waitTrace("menu-message")
	c.Press("1")
	x.waitTrace("play-line message-for person-anna after-tone")
	if rec := x.lastLog(1); rec.Person != "anna" || rec.Outcome != screening.OutcomeVoicemail || rec.Message == "" {
		t.Fatalf("log: for %q, %s, message %q", rec.Person, rec.Outcome, rec.Message)
	}
	x.step("wait call-done")
	x.step("say it is sam again")
	c = x.placeCall("3125550188 PRINT SHOP")
	waitCallsAnswered(t, x, 2)
	c.Press("0")
	if rec := x.lastLog(2); rec.Person != "" || rec.Outcome != screening.OutcomeVoicemail {
		t.Errorf("second call: for %q, %s", rec.Person, rec.Outcome)
	}
	x.step("wait call-done")
	var msgs []console.MessageJSON
	x.consoleJSON("msgs --json", &msgs)
	if len(msgs) != 2 || msgs[0].For != "" || msgs[1].For != "anna" {
		t.Errorf("msgs --json = %+v", msgs)
	}
	if out := x.console("msgs", func(s string) bool { return strings.Count(s, "\n") >= 3 }); !strings.Contains(out, "FOR") {
		t.Errorf("msgs:\n%s", out)
	}
}

// waitCallsAnswered waits until the box has answered n calls and said
// the menu on each.
func waitCallsAnswered(t *testing.T, x *e2e, n int) {
	t.Helper()
	for deadline := time.Now().Add(switchboardCallTimeout); ; time.Sleep(20 * time.Millisecond) {
		k := 0
		for _, l := range x.traceLines() {
			if strings.Contains(l, "action play-line") && strings.Contains(l, "menu-message") {
				k++
			}
		}
		if k >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the menu was said %d times, want %d", k, n)
		}
	}
}

// An allowed call for Anna rings her cadence; nobody picks up within
// forward-rings: the box answers, flashes the hook and dials her mobile.
// The mobile answers: the box hangs up and the caller is hers. A second
// call finds the mobile busy: the box flashes back to the caller and
// takes a message for Anna.
func TestSwitchboard_ForwardToMobile(t *testing.T) {
	x := startSwitchboard(t, map[string]string{"transfer": "on", "forward-rings": "2"})
	x.consoleOK("allow add 201-555-0123 BOB --for anna")
	x.consoleOK("allow add 201-555-0124 CAROL --person anna")

	answered := x.placeCallTo("2015550123 BOB", &modemtest.Third{Outcome: modemtest.ThirdAnswers})
	x.waitTrace("ring-handset long")
	x.waitCadence(cadenceLong)
	x.waitDisplay("2015550123")
	select {
	case <-answered.Done():
	case <-time.After(switchboardCallTimeout):
		t.Fatal("the forwarded call did not end")
	}
	if why := answered.EndReason(); !strings.HasPrefix(why, "transferred to ") || !strings.HasSuffix(why, "2125550199") {
		t.Errorf("first call ended %q, want transferred to Anna's mobile", why)
	}
	rec := x.lastLog(1)
	if rec.Person != "anna" || rec.Outcome != screening.OutcomeForwarded {
		t.Errorf("first call: for %q, %s", rec.Person, rec.Outcome)
	}
	x.step("wait relay isolated")

	x.step("say hi anna it is carol please call me")
	busy := x.placeCallTo("2015550124 CAROL", &modemtest.Third{Outcome: modemtest.ThirdBusy})
	rec = x.lastLog(2)
	if rec.Person != "anna" || rec.Outcome != screening.OutcomeVoicemail || rec.Message == "" || !strings.Contains(rec.Reason, "busy") {
		t.Errorf("second call: for %q, %s, message %q, reason %q", rec.Person, rec.Outcome, rec.Message, rec.Reason)
	}
	select {
	case <-busy.Done():
	case <-time.After(switchboardCallTimeout):
		t.Fatal("the second call did not end")
	}
	var flashes []string
	for _, r := range x.emu.RecordsOf(modemtest.RecFlash) {
		flashes = append(flashes, r.Text)
	}
	// first call: hold, then hang up to complete; second: hold, back to the caller
	if strings.Join(flashes, ",") != "hold,hold,back to the caller" {
		t.Errorf("hook flashes %q", flashes)
	}
	var dials []string
	for _, r := range x.emu.RecordsOf(modemtest.RecDial) {
		dials = append(dials, r.Text)
	}
	t.Logf("first call ended %q; dials %q; second call: %s", answered.EndReason(), dials, rec.Reason)
	var msgs []console.MessageJSON
	x.consoleJSON("msgs --json", &msgs)
	if len(msgs) != 1 || msgs[0].For != "anna" || msgs[0].Number != "+12015550124" {
		t.Errorf("msgs --json = %+v", msgs)
	}
}
