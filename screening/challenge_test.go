package screening_test

import (
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// memChallenge is a memSource that remembers challenge passes.
type memChallenge struct {
	*memSource
	passed map[string]time.Time
}

func (m *memChallenge) ChallengePassed(e164 string) (time.Time, bool, error) {
	t, ok := m.passed[e164]
	return t, ok, nil
}

// A screened caller who passed the robocall challenge within
// challenge-remember is not asked again: the decision says when it passed
// and until when it is remembered; never for a withheld or invalid
// number, nor once the time is over, nor with the challenge off.
func TestDecide_ChallengeRemembered(t *testing.T) {
	passed := t0.Add(-10 * 24 * time.Hour)
	cases := []struct {
		name     string
		settings map[string]string
		rules    []string
		call     screening.Call
		at       time.Time
		want     bool
	}{
		{"passed 10 days ago: remembered", nil, nil, call("5552345678"), t0, true},
		{"the same number written otherwise", nil, nil, call("1-555-234-5678"), t0, true},
		{"passed 31 days ago: asked again", nil, nil, call("5552345678"), passed.Add(31 * 24 * time.Hour), false},
		{"a shorter setting", map[string]string{"challenge-remember": "7d"}, nil, call("5552345678"), t0, false},
		{"remembering off", map[string]string{"challenge-remember": "0"}, nil, call("5552345678"), t0, false},
		{"the challenge off", map[string]string{"challenge": "off"}, nil, call("5552345678"), t0, false},
		{"a withheld number", nil, nil, screening.Call{Presentation: screening.PresentationPrivate}, t0, false},
		{"an invalid number", nil, nil, call("12"), t0, false},
		{"another number", nil, nil, call("5552345679"), t0, false},
		{"allowed anyway: nothing to say", nil, []string{"allow 5552345678"}, call("5552345678"), t0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := map[string]string{"challenge": "on"}
			for k, v := range c.settings {
				set[k] = v
			}
			m := &memChallenge{memSource: newMem(t, set, c.rules...),
				passed: map[string]time.Time{"+15552345678": passed, "": passed}}
			d := screening.NewEngine(m).Decide(c.call, c.at)
			got := !d.ChallengePassed.IsZero()
			if got != c.want {
				t.Fatalf("ChallengePassed = %v (%s), want remembered %t", d.ChallengePassed, d.Reason, c.want)
			}
			if c.want {
				if !d.ChallengePassed.Equal(passed) || d.Action != screening.ActionScreen ||
					!strings.Contains(d.Reason, "passed the robocall challenge 2026-11-13 10:00, not asked again until 2026-12-13 10:00") {
					t.Errorf("decision %+v", d)
				}
			} else if strings.Contains(d.Reason, "challenge") {
				t.Errorf("reason %q speaks of a challenge pass", d.Reason)
			}
		})
	}
}

// A source without a challenge memory: nobody is remembered.
func TestDecide_ChallengeWithoutMemory(t *testing.T) {
	d := screening.NewEngine(newMem(t, map[string]string{"challenge": "on"})).Decide(call("5552345678"), t0)
	if !d.ChallengePassed.IsZero() || d.Action != screening.ActionScreen {
		t.Errorf("decision %+v", d)
	}
}

// rule explain shows the remembered pass: Explain shares Decide's path,
// so its decision carries the pass and the reason says until when.
func TestExplain_ChallengeRemembered(t *testing.T) {
	m := &memChallenge{memSource: newMem(t, map[string]string{"challenge": "on"}),
		passed: map[string]time.Time{"+15552345678": t0.Add(-time.Hour)}}
	ex := screening.NewEngine(m).Explain(call("5552345678"), t0)
	if ex.Decision.ChallengePassed.IsZero() || !strings.Contains(ex.Decision.Reason, "not asked again until 2026-12-23 09:00") {
		t.Errorf("explanation %+v", ex.Decision)
	}
}
