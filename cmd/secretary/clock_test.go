package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/firmware/console"
	"secretary/firmware/timekeep"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
)

// The box's clock on the simulated board (its computer clock a fake that
// the firmware may set, on this computer's time): started with a saved
// time three hours ahead of the exchange, it steps to it; two blocked
// calls whose caller ID carries the exchange's date and time bring it
// back; status and time say where the time came from; set timezone
// applies at once; time set is the owner's and is saved at once.
func TestRun_ClockOnTheSimBoard(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the box")
	}
	rome := mustLoc(t, "Europe/Rome")
	saved := time.Now().Add(3 * time.Hour).Truncate(time.Second)
	// the zone is set on the console: a stored one is applied at start to
	// the whole process (time.Local), which a test in this process must not
	x := startE2E(t, e2eOptions{short: true, saved: saved, rules: []string{"block +19005550000"}})
	line := func(s string) bool { return strings.Contains(s, "\n") }
	wantIn := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
	}
	// minute is t to the ten minutes: "2026-11-29 17:5"
	minute := func(t time.Time, loc *time.Location) string {
		s := t.In(loc).Format("2006-01-02 15:04")
		return s[:len(s)-1]
	}

	wantIn("set timezone", x.console("set timezone Europe/Rome", line), "ok: timezone = Europe/Rome (now)")
	got := x.console("time", func(s string) bool { return strings.Count(s, "\n") >= 2 })
	wantIn("time", got, "zone Europe/Rome", "source: the time saved before the last stop ("+saved.In(rome).Format("2006-01-02 15:04")+")", minute(saved, rome))
	got = x.console("status", func(s string) bool { return strings.Contains(s, "time zone Europe/Rome") })
	wantIn("status", got, "clock   "+minute(saved, rome), "(the time saved before the last stop (")

	// the exchange's caller ID: its date and time, in Rome
	call := func(n int) {
		now := time.Now().In(rome)
		c, err := x.emu.PlaceCall(modemtest.CallSpec{MaxRings: 3, CID: &modemtest.CID{
			Number: "9005550000", NameAbsent: "O", Date: now.Format("0102"), Time: now.Format("1504")}})
		if err != nil {
			t.Fatal(err)
		}
		// the clock moves between calls: a call's times are of one clock
		if r := x.waitLogs(n, 30*time.Second)[n-1]; r.Decision != screening.ActionBlock || r.Duration < 0 || r.Duration > time.Minute {
			t.Errorf("call %d logged %+v", n, r)
		}
		<-c.Done()
	}
	call(1)
	got = x.console("time", func(s string) bool { return strings.Count(s, "\n") >= 3 })
	wantIn("time after one call", got, "the clock moves when a second call agrees", "source: the time saved before the last stop")
	call(2)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(got, "source: caller ID at") && time.Now().Before(deadline) {
		got = x.console("time", func(s string) bool { return strings.Count(s, "\n") >= 2 })
	}
	wantIn("time after two calls", got, "source: caller ID at "+minute(time.Now(), rome))
	if !strings.HasPrefix(got, minute(time.Now(), rome)) {
		t.Errorf("time after two calls: the clock is not the exchange's:\n%s", got)
	}
	if out := x.out.String(); !strings.Contains(out, "clock set from caller ID: ") {
		t.Errorf("no notice on the console that the clock moved:\n%s", out)
	}

	wantIn("set timezone", x.console("set timezone America/New_York", line), "ok: timezone = America/New_York (now)")
	ny := mustLoc(t, "America/New_York")
	wantIn("time in New York", x.console("time", line), "zone America/New_York", minute(time.Now(), ny))
	// the log follows the zone at once, with the year
	recs := x.waitLogs(2, 10*time.Second)
	wantIn("log in New York", x.console("log", func(s string) bool { return strings.Count(s, "\n") >= 2 }),
		recs[0].Time.In(ny).Format("2006-01-02 15:04:05"), recs[1].Time.In(ny).Format("2006-01-02 15:04:05"))
	// and so do the statistics: the calls in New York's hours
	var stats console.StatsJSON
	x.console("stats --json", func(s string) bool { return json.Unmarshal([]byte(strings.TrimSpace(s)), &stats) == nil })
	var wantHours [24]int
	for _, r := range recs[:2] {
		wantHours[r.Time.In(ny).Hour()]++
	}
	if stats.Hours != wantHours || !strings.HasSuffix(stats.To, time.Now().In(ny).Format("-07:00")) {
		t.Errorf("stats in New York: to %s, hours %v, want %v", stats.To, stats.Hours, wantHours)
	}
	wantIn("bad zone", x.console("set timezone Mars/Olympus", line), "error:", "unknown time zone")

	wantIn("time set", x.console("time set 2027-01-01 00:00", line), "ok: clock set to 2027-01-01 00:00 EST, zone America/New_York; source: set by the owner at 2027-01-01 00:00")
	got = x.console("status", func(s string) bool { return strings.Contains(s, "time zone America/New_York") })
	wantIn("status after time set", got, "clock   2027-01-01 00:0", "EST (set by the owner at 2027-01-01 00:00)")
	b, err := os.ReadFile(filepath.Join(x.dir, "data", timekeep.SavedName))
	if err != nil || !strings.HasPrefix(string(b), "2027-01-01T05:0") {
		t.Errorf("saved file %q, %v: the owner's time is saved at once", b, err)
	}
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
