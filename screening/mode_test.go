package screening_test

import (
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/schedule"
)

// ForUnknown says what Decide does with a caller no rule matches, for
// every mode and default.
func TestForUnknown_AgreesWithDecide(t *testing.T) {
	for _, mode := range []string{"normal", "dnd", "vacation", "passthrough"} {
		for _, def := range []string{"allow", "screen", "voicemail", "block"} {
			m := newMem(t, map[string]string{"mode": mode, "default": def})
			e := screening.NewEngine(m)
			d := e.Decide(call("5552345678"), t0)
			s, _ := e.Settings()
			now, _, err := e.ModeAt(t0)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.ForUnknown(now); got != d.Action {
				t.Errorf("mode %s, default %s: ForUnknown = %v, Decide = %v (%s)", mode, def, got, d.Action, d.Reason)
			}
		}
	}
}

func TestModeAt_Schedule(t *testing.T) {
	e := screening.NewEngine(newMem(t, map[string]string{"dnd-schedule": "night"}))
	night := time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC)
	if m, why, _ := e.ModeAt(night); m != schedule.ModeDND || why != "schedule night" {
		t.Errorf("at night: %v %q", m, why)
	}
	if m, why, _ := e.ModeAt(t0); m != schedule.ModeNormal || why != "" {
		t.Errorf("by day: %v %q", m, why)
	}
}
