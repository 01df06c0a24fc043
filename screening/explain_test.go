package screening_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// Explain decides exactly as Decide does (the same code) and lists every
// rule that matches in the order that decides: the first in force wins.
func TestExplain_AgreesWithDecideAndListsEveryMatch(t *testing.T) {
	m := newMem(t, nil,
		"allow 555-234-5678 --for 2h",
		"block +1555*",
		"allow +1555234* --schedule !office",
		"voicemail +1555??????8",
		"screen name:*dental*",
		"block @international",
	)
	e := screening.NewEngine(m)
	c := screening.Call{Number: "5552345678", Name: "Hudson Dental", Presentation: screening.PresentationAvailable}
	ex := e.Explain(c, t0) // 10:00 Monday: inside office hours, the allow entry not expired
	if d := e.Decide(c, t0); d != ex.Decision {
		t.Fatalf("Explain's decision %+v, Decide's %+v", ex.Decision, d)
	}
	var got []string
	for _, m := range ex.Matched {
		s := m.Step.String() + " " + m.Rule.Short()
		if !m.InForce {
			s += " [" + m.WhyNot + "]"
		}
		got = append(got, s)
	}
	want := []string{
		"exact number allow +15552345678",
		"number pattern allow +1555234* [inside schedule office (the rule applies outside it)]",
		"number pattern voicemail +1555??????8",
		"number pattern block +1555*",
		"name pattern screen name:*dental*",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || ex.Winner != 0 {
		t.Errorf("matched (winner %d):\n%s\nwant (winner 0):\n%s", ex.Winner, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ex = e.Explain(c, t0.Add(3*time.Hour)) // the allow entry expired
	if ex.Winner != 2 || ex.Matched[0].InForce || !strings.HasPrefix(ex.Matched[0].WhyNot, "expired ") ||
		ex.Decision.Rule != "voicemail +1555??????8" {
		t.Errorf("after expiry: winner %d, %+v", ex.Winner, ex.Decision)
	}
	// nothing matches: the default, no winner
	ex = e.Explain(screening.Call{Number: "2125550143", Presentation: screening.PresentationAvailable}, t0)
	if ex.Winner != -1 || len(ex.Matched) != 0 || ex.Decision.Action != screening.ActionScreen {
		t.Errorf("no match: %+v", ex)
	}
	// an international caller: the class
	ex = e.Explain(call("+442079460958"), t0)
	if ex.Class != screening.ClassInternational || ex.Winner != 0 || ex.Matched[0].Step != screening.StepClass {
		t.Errorf("international: %+v", ex)
	}
}

// What the mode did is said: dnd, a repeated call breaking through,
// vacation, passthrough (which still lists the rules it overrides), and
// a mode that ran out at mode-until.
func TestExplain_Modes(t *testing.T) {
	for _, tc := range []struct {
		settings map[string]string
		n        string
		repeat   bool
		action   screening.Action
		effect   string
	}{
		{map[string]string{"mode": "dnd"}, "5552345678", false, screening.ActionVoicemail, "do-not-disturb sends the call to voicemail"},
		{map[string]string{"mode": "dnd"}, "5552345678", true, screening.ActionScreen, "a repeated call breaks through do-not-disturb"},
		{map[string]string{"mode": "dnd"}, "5552112222", false, screening.ActionPass, "lets an allow rule (a VIP) ring"},
		{map[string]string{"mode": "vacation"}, "5552112222", false, screening.ActionVoicemail, "vacation mode sends the call to voicemail"},
		{map[string]string{"mode": "passthrough"}, "19005551234", false, screening.ActionPass, "pass-through mode rings every call"},
		{map[string]string{"mode": "vacation", "mode-until": t0.Add(-time.Minute).Format(time.RFC3339)}, "5552112222", false, screening.ActionPass, ""},
	} {
		m := newMem(t, tc.settings, "allow 555-211-2222 --name Boss", "block +1900*")
		if tc.repeat {
			m.calls["+15552345678"] = t0.Add(-time.Minute)
		}
		ex := screening.NewEngine(m).Explain(call(tc.n), t0)
		if ex.Decision.Action != tc.action || ex.ModeEffect != tc.effect && !strings.Contains(ex.ModeEffect, tc.effect) ||
			tc.effect == "" && ex.ModeEffect != "" {
			t.Errorf("%v %s: %v, effect %q; want %v, %q", tc.settings, tc.n, ex.Decision.Action, ex.ModeEffect, tc.action, tc.effect)
		}
		if tc.settings["mode"] == "passthrough" && (len(ex.Matched) != 1 || ex.Matched[0].Rule.Short() != "block +1900*") {
			t.Errorf("passthrough does not list the rule it overrides: %+v", ex.Matched)
		}
	}
}

// SortByPrecedence is the order Decide weighs rules in: for random rule
// sets and callers, the first rule of the sorted list that matches and is
// in force is the one Explain names as the winner.
func TestSortByPrecedence_IsTheDecidingOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pats := []string{"+1555*", "+15552*", "+1555234*", "+1555???5678", "+1555?3??678", "+155523456?8", "+1*", "+15552345678"}
	acts := []string{"allow", "screen", "voicemail", "block"}
	for round := 0; round < 200; round++ {
		var lines []string
		used := map[string]bool{}
		for i := 0; i < 1+rng.IntN(6); i++ {
			p := pats[rng.IntN(len(pats))]
			if used[p] {
				continue
			}
			used[p] = true
			lines = append(lines, acts[rng.IntN(4)]+" "+p)
		}
		m := newMem(t, nil, lines...)
		ex := screening.NewEngine(m).Explain(call("5552345678"), t0)
		rules := append([]screening.Rule(nil), m.policy.Rules...)
		for _, r := range m.exact {
			rules = append(rules, r)
		}
		screening.SortByPrecedence(rules)
		var first string
		for _, r := range rules {
			if strings.HasPrefix(r.Match.Text, "+") {
				first = r.Short()
				break
			}
		}
		if ex.Decision.Rule != first {
			t.Fatalf("rules %q: Decide chose %q, the sorted list starts with %q", lines, ex.Decision.Rule, first)
		}
	}
}
