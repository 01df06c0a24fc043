package firmware

import (
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/hal"
	"secretary/screening"
)

// zoneDecider records the time each decision was asked at.
type zoneDecider struct {
	mu  sync.Mutex
	ats []time.Time
}

func (d *zoneDecider) Decide(c screening.Call, now time.Time) screening.Decision {
	d.mu.Lock()
	d.ats = append(d.ats, now)
	d.mu.Unlock()
	return screening.Decision{Action: screening.ActionPass, Number: "+1" + c.Number}
}

// The clock keeper hears each call's caller-ID date and time from the
// call loop once the call is logged, and the decider sees the time in the
// box's zone.
func TestAppliance_CallerTimeAndZone(t *testing.T) {
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	type said struct {
		date, hhmm string
		at         time.Time
		logged     bool // the call was logged before
	}
	got := make(chan said, 4)
	d := &zoneDecider{}
	var r *rig
	r = newRigDecider(t, d, &fakeStore{}, func(c *Config) {
		c.CallerTime = func(date, hhmm string, at time.Time) {
			got <- said{date, hhmm, at, strings.Contains(r.trace.String(), "action log")}
		}
		c.Zone = func() *time.Location { return rome }
	})
	before := time.Now()
	r.dev.Line.Ring(1)
	r.dev.Line.CallerID(hal.CallerID{Number: "2015550123", Date: "1129", Time: "1402", Presentation: hal.PresentationAvailable})
	select {
	case s := <-got:
		if s.date != "1129" || s.hhmm != "1402" || s.at.Before(before.Add(-time.Second)) || s.at.After(time.Now().Add(time.Second)) {
			t.Errorf("CallerTime(%q, %q, %s)", s.date, s.hhmm, s.at)
		}
		if !s.logged {
			t.Error("CallerTime during the call: the clock may move only once the call is logged")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the clock keeper never heard the caller ID's date and time")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.ats) != 1 || d.ats[0].Location() != rome {
		t.Errorf("decisions asked at %v, want one in Europe/Rome", d.ats)
	}
}
