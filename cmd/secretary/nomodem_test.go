package main

import (
	"strings"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/firmware"
	"secretary/firmware/console"
)

// How soon the box is up without its modem: the console answers and the
// watchdog is fed within this of the start (runLineWait plus the start).
const noModemStartBound = runLineWait + 5*time.Second

// A box started while its modem is missing (unplugged, not powered, a USB
// adapter that enumerates late) runs at once: the console answers, status
// says the modem has not answered and that calls pass through, the relay
// gives the line to the phone, the LED shows the fault pattern and the
// watchdog is fed. When the modem appears the box takes it up within the
// driver's reopen backoff (at most 10 s), says so on the console, isolates
// the handset and screens the next call.
func TestRun_StartsWithoutModem(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	master, tty := consolePty(t)
	r := &ptyReader{}
	go r.pump(master, 0)
	send := func(s string) {
		if _, err := master.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	x := startE2E(t, e2eOptions{short: true, unplugged: true, console: tty, rules: []string{"block +19005550000"}})
	const noted = "secretary (NO MODEM: calls pass through)> "
	mark := r.waitFor(t, 0, noted, 20*time.Second)
	up := time.Since(start)
	t.Logf("the console answered %v after the start, the modem missing", up.Round(time.Millisecond))
	if up > noModemStartBound {
		t.Errorf("the console answered only after %v without a modem, want within %v", up, noModemStartBound)
	}
	send("status\r")
	want := "line    line-down, relay pass-through; modem DOWN: " + firmware.LineWaiting + " (calls pass through to the phone)"
	mark = r.waitFor(t, mark, want, 10*time.Second)
	mark = r.waitFor(t, mark, noted, 10*time.Second)
	if !strings.Contains(x.out.String(), "secretary run: "+noModemText) {
		t.Errorf("stderr does not say the modem does not answer:\n%s", x.out.String())
	}
	x.waitState("the line left to the phone, the LED showing the fault", 5*time.Second, func(s sim.State) bool {
		return s.Relay == "pass-through" && s.LED == "fault"
	})
	s := x.state()
	if !s.WatchdogArmed {
		t.Errorf("the watchdog is not armed without a modem:\n%s", s.Text())
	}
	// fed every 5 s by the call loop, the modem missing or not
	x.waitState("the watchdog fed without a modem", 12*time.Second, func(n sim.State) bool { return n.WatchdogFeeds > s.WatchdogFeeds })
	if s := x.state(); s.Relay != "pass-through" {
		t.Fatalf("the relay took the line without a modem:\n%s", s.Text())
	}

	// the modem appears
	plugged := time.Now()
	if err := x.emu.Replug(); err != nil {
		t.Fatal(err)
	}
	x.waitState("the modem taken up: relay isolated", 20*time.Second, func(s sim.State) bool { return s.Relay == "isolated" })
	t.Logf("the modem was up %v after it appeared", time.Since(plugged).Round(time.Millisecond))
	x.waitState("the LED steady", 5*time.Second, func(s sim.State) bool { return s.LED == "on" })
	mark = r.waitFor(t, mark, "* "+console.LineBackNotice, 5*time.Second)
	send("status\r")
	mark = r.waitFor(t, mark, "line    idle, relay isolated; modem up", 10*time.Second)
	mark = r.waitFor(t, mark, "\nsecretary> ", 10*time.Second)
	if strings.Contains(r.String()[mark:], noted) {
		t.Errorf("the prompt still says there is no modem:\n%q", r.String()[mark:])
	}

	// and screens: a blocked caller is taken off the line
	x.placeCall("9005550000")
	logs := x.waitLogs(1, 30*time.Second)
	if r := logs[0]; r.Number != "+19005550000" || r.Decision.String() != "block" {
		t.Errorf("the first call after the modem came: %+v", r)
	}
}
