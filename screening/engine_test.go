package screening_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/schedule"
)

// memSource is an in-memory screening.Source.
type memSource struct {
	mu      sync.Mutex
	gen     uint64
	policy  screening.Policy
	exact   map[string]screening.Rule
	calls   map[string]time.Time
	failErr error
}

func newMem(t *testing.T, settings map[string]string, rules ...string) *memSource {
	t.Helper()
	m := &memSource{exact: map[string]screening.Rule{}, calls: map[string]time.Time{}}
	m.policy.Settings = screening.DefaultSettings()
	if err := m.policy.Settings.Set("area-code", "555"); err != nil {
		t.Fatal(err)
	}
	for k, v := range settings {
		if err := m.policy.Settings.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := schedule.Parse("office mon-fri 09:00-17:00")
	n, _ := schedule.Parse("night daily 22:00-07:00")
	m.policy.Windows = []schedule.Window{w, n}
	for i, line := range rules {
		r, err := screening.ParseRule(line, t0.Add(time.Duration(i)*time.Second), m.policy.Settings.Number)
		if err != nil {
			t.Fatalf("rule %q: %v", line, err)
		}
		m.add(r)
	}
	return m
}

func (m *memSource) add(r screening.Rule) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Match.Kind == screening.MatchExact {
		m.exact[r.Match.Text] = r
		return
	}
	m.policy.Rules = append(m.policy.Rules, r)
	m.gen++
}

func (m *memSource) Generation() uint64 { m.mu.Lock(); defer m.mu.Unlock(); return m.gen }
func (m *memSource) Policy() (screening.Policy, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.policy
	p.Rules = append([]screening.Rule(nil), p.Rules...)
	return p, m.failErr
}
func (m *memSource) LookupNumber(n string) (screening.Rule, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.exact[n]
	return r, ok, m.failErr
}
func (m *memSource) LastCall(n string, since time.Time) (time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.calls[n]
	return t, ok && !t.Before(since), nil
}

// t0 is Monday 2026-11-23 10:00 UTC, inside "office".
var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func call(n string) screening.Call {
	return screening.Call{Number: n, Presentation: screening.PresentationAvailable}
}

func TestDecide_Precedence(t *testing.T) {
	tests := []struct {
		name   string
		rules  []string
		call   screening.Call
		action screening.Action
		rule   string
	}{
		{"exact beats any pattern", []string{"block +1555*", "allow 555-234-5678", "block +1555234567?"},
			call("5552345678"), screening.ActionPass, "allow +15552345678"},
		{"exact block beats allow pattern", []string{"allow +1555*", "block 5552345678"},
			call("5552345678"), screening.ActionBlock, "block +15552345678"},
		{"longer literal prefix beats shorter", []string{"block +1555*", "allow +1555234*"},
			call("5552345678"), screening.ActionPass, "allow +1555234*"},
		{"longer literal prefix beats shorter (block wins)", []string{"allow +1555*", "block +15552*"},
			call("5552345678"), screening.ActionBlock, "block +15552*"},
		{"longer literal prefix beats more literal digits", []string{"allow +1555???5678", "block +15552*"},
			call("5552345678"), screening.ActionBlock, "block +15552*"},
		{"same prefix: more literal digits", []string{"block +1555*", "voicemail +1555??????8"},
			call("5552345678"), screening.ActionVoicemail, "voicemail +1555??????8"},
		{"equal specificity: allow > block", []string{"block +1555???5678", "allow +1555?3??678"},
			call("5552345678"), screening.ActionPass, "allow +1555?3??678"},
		{"equal specificity: allow first of four", []string{"block +1555???5678", "voicemail +1555?3??678", "screen +1555??4?678", "allow +1555??45?78"},
			call("5552345678"), screening.ActionPass, "allow +1555??45?78"},
		{"equal specificity: screen > voicemail > block", []string{"block +1555???5678", "voicemail +1555?3??678", "screen +1555??4?678"},
			call("5552345678"), screening.ActionScreen, "screen +1555??4?678"},
		{"equal specificity: voicemail > block", []string{"block +1555???5678", "voicemail +1555?3??678"},
			call("5552345678"), screening.ActionVoicemail, "voicemail +1555?3??678"},
		{"pattern beats name", []string{"block name:*spam*", "allow +1555*"},
			screening.Call{Number: "5552345678", Name: "SPAM LIKELY", Presentation: screening.PresentationAvailable}, screening.ActionPass, "allow +1555*"},
		{"name beats class", []string{"block @private", "allow name:*mom*"},
			screening.Call{Name: "Mom", Presentation: screening.PresentationPrivate}, screening.ActionPass, "allow name:*mom*"},
		{"name case-insensitive", []string{"block name:*SPAM*"},
			screening.Call{Number: "5552345678", Name: "Likely spam", Presentation: screening.PresentationAvailable}, screening.ActionBlock, "block name:*spam*"},
		{"more literal name chars first", []string{"allow name:*a*", "block name:*spam*"},
			screening.Call{Number: "5552345678", Name: "spam", Presentation: screening.PresentationAvailable}, screening.ActionBlock, "block name:*spam*"},
		{"class @private", []string{"voicemail @private"},
			screening.Call{Presentation: screening.PresentationPrivate}, screening.ActionVoicemail, "voicemail @private"},
		{"P in the number field is private", []string{"block @private"},
			screening.Call{Number: "P", Presentation: screening.PresentationAvailable}, screening.ActionBlock, "block @private"},
		{"class @unavailable", []string{"block @private", "screen @unavailable"},
			screening.Call{Presentation: screening.PresentationUnavailable}, screening.ActionScreen, "screen @unavailable"},
		{"class @no-cid", []string{"voicemail @no-cid"},
			screening.Call{}, screening.ActionVoicemail, "voicemail @no-cid"},
		{"class @invalid", []string{"block @invalid"},
			call("0000000000"), screening.ActionBlock, "block @invalid"},
		{"class @international", []string{"voicemail @international"},
			call("+44 20 7946 0958"), screening.ActionVoicemail, "voicemail @international"},
		{"pattern beats @international", []string{"voicemail @international", "allow +44*"},
			call("+44 20 7946 0958"), screening.ActionPass, "allow +44*"},
		{"class: allow > block", []string{"block @international", "allow @international"},
			call("+44 20 7946 0958"), screening.ActionPass, "allow @international"},
		{"no rule: default screen", []string{"block +1900*"},
			call("5552345678"), screening.ActionScreen, ""},
		{"national pattern form", []string{"block 900*"},
			call("1-900-555-1234"), screening.ActionBlock, "block +1900*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := screening.NewEngine(newMem(t, nil, tt.rules...))
			d := e.Decide(tt.call, t0)
			if d.Action != tt.action || d.Rule != tt.rule {
				t.Errorf("Decide = %v by %q (%s); want %v by %q", d.Action, d.Rule, d.Reason, tt.action, tt.rule)
			}
			if d.Reason == "" {
				t.Error("no reason")
			}
		})
	}
}

func TestDecide_Modes(t *testing.T) {
	rules := []string{"allow 555-211-2222 --name Boss", "block +1900*", "voicemail +1555333*"}
	night := time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		settings map[string]string
		call     screening.Call
		now      time.Time
		repeat   time.Duration // a previous call this long ago (0: none)
		action   screening.Action
		reason   string
	}{
		{"normal unknown", nil, call("5552345678"), t0, 0, screening.ActionScreen, "default is screen"},
		{"passthrough passes blocked", map[string]string{"mode": "passthrough"}, call("19005551234"), t0, 0, screening.ActionPass, "pass-through"},
		{"dnd unknown to voicemail", map[string]string{"mode": "dnd"}, call("5552345678"), t0, 0, screening.ActionVoicemail, "do-not-disturb"},
		{"dnd VIP rings", map[string]string{"mode": "dnd"}, call("5552112222"), t0, 0, screening.ActionPass, "VIP"},
		{"dnd blocked stays blocked", map[string]string{"mode": "dnd"}, call("19005551234"), t0, 0, screening.ActionBlock, "+1900*"},
		{"dnd repeat breaks through", map[string]string{"mode": "dnd"}, call("5552345678"), t0, 3 * time.Minute, screening.ActionScreen, "breaks through"},
		{"dnd repeat too old", map[string]string{"mode": "dnd"}, call("5552345678"), t0, 6 * time.Minute, screening.ActionVoicemail, "do-not-disturb"},
		{"dnd repeat window setting", map[string]string{"mode": "dnd", "repeat-window": "10m"}, call("5552345678"), t0, 6 * time.Minute, screening.ActionScreen, "breaks through"},
		{"dnd repeat off", map[string]string{"mode": "dnd", "repeat-window": "0"}, call("5552345678"), t0, time.Minute, screening.ActionVoicemail, "do-not-disturb"},
		{"dnd repeat keeps voicemail rule", map[string]string{"mode": "dnd"}, call("5553334444"), t0, time.Minute, screening.ActionVoicemail, "breaks through"},
		{"dnd private no repeat", map[string]string{"mode": "dnd"}, screening.Call{Presentation: screening.PresentationPrivate}, t0, 0, screening.ActionVoicemail, "do-not-disturb"},
		{"dnd schedule at night", map[string]string{"dnd-schedule": "night"}, call("5552345678"), night, 0, screening.ActionVoicemail, "schedule night"},
		{"dnd schedule by day", map[string]string{"dnd-schedule": "night"}, call("5552345678"), t0, 0, screening.ActionScreen, "default"},
		{"vacation VIP to voicemail", map[string]string{"mode": "vacation"}, call("5552112222"), t0, 0, screening.ActionVoicemail, "vacation"},
		{"vacation blocked stays blocked", map[string]string{"mode": "vacation"}, call("19005551234"), t0, 0, screening.ActionBlock, "+1900*"},
		{"vacation no repeat", map[string]string{"mode": "vacation"}, call("5552345678"), t0, time.Minute, screening.ActionVoicemail, "vacation"},
		{"default setting", map[string]string{"default": "voicemail"}, call("5552345678"), t0, 0, screening.ActionVoicemail, "default is voicemail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMem(t, tt.settings, rules...)
			if tt.repeat > 0 {
				n, _ := number.Normalize(tt.call.Number, m.policy.Settings.Number)
				m.calls[n] = tt.now.Add(-tt.repeat)
			}
			d := screening.NewEngine(m).Decide(tt.call, tt.now)
			if d.Action != tt.action || !strings.Contains(d.Reason, tt.reason) {
				t.Errorf("Decide = %v (%s, rule %q); want %v with %q", d.Action, d.Reason, d.Rule, tt.action, tt.reason)
			}
		})
	}
}

func TestDecide_ExpiryAndSchedule(t *testing.T) {
	m := newMem(t, nil,
		"allow 555-234-5678 --for 2h",
		"block +1555*",
		"allow +1555999* --schedule office",
		"voicemail +1555888* --schedule !office",
		"allow +1555777* --schedule nosuch",
	)
	e := screening.NewEngine(m)
	tests := []struct {
		n      string
		now    time.Time
		action screening.Action
	}{
		{"5552345678", t0.Add(time.Hour), screening.ActionPass},
		{"5552345678", t0.Add(2 * time.Hour), screening.ActionBlock}, // expired: falls through to the pattern
		{"5559991234", t0, screening.ActionPass},
		{"5559991234", t0.Add(8 * time.Hour), screening.ActionBlock}, // 18:00, outside office
		{"5558881234", t0, screening.ActionBlock},
		{"5558881234", t0.Add(8 * time.Hour), screening.ActionVoicemail},
		{"5557771234", t0, screening.ActionBlock}, // unknown window never applies
	}
	for _, tt := range tests {
		if d := e.Decide(call(tt.n), tt.now); d.Action != tt.action {
			t.Errorf("Decide(%s at %s) = %v (%s)", tt.n, tt.now.Format("15:04"), d.Action, d.Reason)
		}
	}
}

func TestDecide_Treatment(t *testing.T) {
	m := newMem(t, nil, "block +1900* --treatment sit", "block +1800*")
	e := screening.NewEngine(m)
	if d := e.Decide(call("19005551234"), t0); d.Treatment != screening.TreatmentSIT {
		t.Errorf("rule treatment: %v", d.Treatment)
	}
	if d := e.Decide(call("18005551234"), t0); d.Treatment != screening.TreatmentHangup {
		t.Errorf("default treatment: %v", d.Treatment)
	}
	m2 := newMem(t, map[string]string{"block-treatment": "ignore"}, "block +1800*")
	if d := screening.NewEngine(m2).Decide(call("18005551234"), t0); d.Treatment != screening.TreatmentIgnore {
		t.Errorf("global treatment: %v", d.Treatment)
	}
	if d := e.Decide(call("5552345678"), t0); d.Treatment != screening.TreatmentDefault {
		t.Errorf("non-block treatment: %v", d.Treatment)
	}
}

// Every way to a block decision carries a concrete treatment (the firmware
// acts on it as it is); every other decision carries none.
func TestDecide_TreatmentAlwaysResolved(t *testing.T) {
	night := t0.Add(14 * time.Hour) // inside the "night" window
	tests := []struct {
		name     string
		settings map[string]string
		rules    []string
		call     screening.Call
		now      time.Time
		action   screening.Action
		want     screening.Treatment
	}{
		{"exact rule, own treatment", nil, []string{"block +15552345678 --treatment fax"}, call("5552345678"), t0,
			screening.ActionBlock, screening.TreatmentFax},
		{"exact rule, setting", map[string]string{"block-treatment": "message"}, []string{"block +15552345678"}, call("5552345678"), t0,
			screening.ActionBlock, screening.TreatmentMessage},
		{"pattern, built-in default", nil, []string{"block +1900*"}, call("19005551234"), t0,
			screening.ActionBlock, screening.TreatmentHangup},
		{"name pattern", map[string]string{"block-treatment": "sit"}, []string{"block name:*SPAM*"},
			screening.Call{Number: "5552345678", Name: "SPAM CO", Presentation: screening.PresentationAvailable}, t0,
			screening.ActionBlock, screening.TreatmentSIT},
		{"class", map[string]string{"block-treatment": "ignore"}, []string{"block @private"},
			screening.Call{Presentation: screening.PresentationPrivate}, t0, screening.ActionBlock, screening.TreatmentIgnore},
		{"no rule, default action block", map[string]string{"default": "block", "block-treatment": "sit"}, nil, call("5552345678"), t0,
			screening.ActionBlock, screening.TreatmentSIT},
		{"do-not-disturb keeps a block", map[string]string{"mode": "dnd"}, []string{"block +1900* --treatment sit"}, call("19005551234"), t0,
			screening.ActionBlock, screening.TreatmentSIT},
		{"vacation keeps a block", map[string]string{"mode": "vacation"}, []string{"block +1900*"}, call("19005551234"), t0,
			screening.ActionBlock, screening.TreatmentHangup},
		{"dnd schedule", map[string]string{"dnd-schedule": "night", "default": "block"}, nil, call("5552345678"), night,
			screening.ActionBlock, screening.TreatmentHangup},
		{"allow has none", map[string]string{"block-treatment": "sit"}, []string{"allow +15552345678"}, call("5552345678"), t0,
			screening.ActionPass, screening.TreatmentDefault},
		{"screen has none", map[string]string{"block-treatment": "sit"}, nil, call("5552345678"), t0,
			screening.ActionScreen, screening.TreatmentDefault},
		{"vacation voicemail has none", map[string]string{"mode": "vacation"}, nil, call("5552345678"), t0,
			screening.ActionVoicemail, screening.TreatmentDefault},
		{"pass-through mode has none", map[string]string{"mode": "passthrough"}, []string{"block +1900*"}, call("19005551234"), t0,
			screening.ActionPass, screening.TreatmentDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := screening.NewEngine(newMem(t, tt.settings, tt.rules...)).Decide(tt.call, tt.now)
			if d.Action != tt.action || d.Treatment != tt.want {
				t.Errorf("Decide = %v/%v (%s), want %v/%v", d.Action, d.Treatment, d.Reason, tt.action, tt.want)
			}
		})
	}
}

func TestDecide_ReloadsOnGeneration(t *testing.T) {
	m := newMem(t, nil)
	e := screening.NewEngine(m)
	if d := e.Decide(call("19005551234"), t0); d.Action != screening.ActionScreen {
		t.Fatalf("before: %v", d.Action)
	}
	r, _ := screening.ParseRule("block +1900*", t0, number.DefaultConfig())
	m.add(r)
	if d := e.Decide(call("19005551234"), t0); d.Action != screening.ActionBlock {
		t.Errorf("after adding a rule: %v", d.Action)
	}
}

func TestDecide_StoreFailurePasses(t *testing.T) {
	m := newMem(t, nil, "block 5552345678")
	m.failErr = errors.New("disk on fire")
	d := screening.NewEngine(m).Decide(call("5552345678"), t0)
	if d.Action != screening.ActionPass || !strings.Contains(d.Reason, "disk on fire") {
		t.Errorf("Decide = %+v", d)
	}
}

func TestParseRule(t *testing.T) {
	cfg := number.Config{CountryCode: "1", AreaCode: "555"}
	tests := []struct {
		in   string
		want string // Rule.String(), "" for an error
	}{
		{"block +1900*", "block +1900*"},
		{"allow (555) 234-5678 --name Mom", "allow +15552345678 --name Mom"},
		{"allow +1 555 234 5678 --name \"Aunt May\" --note \"calls Sundays\"", "allow +15552345678 --name \"Aunt May\" --note \"calls Sundays\""},
		{"allow 234-5678 --for 2h", "allow +15552345678 --until 2026-11-23T12:00:00"},
		{"allow 234-5678 --for 3d", "allow +15552345678 --until 2026-11-26T10:00:00"},
		{"allow 234-5678 --until 2026-12-01", "allow +15552345678 --until 2026-12-01T00:00:00"},
		{"voicemail @private --schedule !office", "voicemail @private --schedule !office"},
		{"block name:*SPAM* --treatment sit", "block name:*spam* --treatment sit"},
		{"block +1555???4567 --treatment=fax", "block +1555???4567 --treatment fax"},
		{"screen @International", "screen @international"},
		{"pass +44*", "allow +44*"},
		{"", ""},
		{"block", ""},
		{"ban +1900*", ""},
		{"block +19*00", ""},
		{"block *", ""},
		{"block 011*", ""}, // every international number: the class says it
		{"block 011 44*", "block +44*"},
		{"block @robot", ""},
		{"block name:", ""},
		{"allow 234-5678 --for -2h", ""},
		{"allow 234-5678 --for 2h --until 2026-12-01", ""},
		{"allow 234-5678 --until tomorrow", ""},
		{"allow 234-5678 --treatment sit", ""},
		{"allow 234-5678 --colour red", ""},
		{"allow 234-5678 --name", ""},
		{"allow 234-5678 --name \"unterminated", ""},
		{"allow 234-5678 --schedule 9am", ""},
		{"allow 12", ""},
		{"block +0*", ""},
		{"block +1234567890123456*", ""},
	}
	for _, tt := range tests {
		r, err := screening.ParseRule(tt.in, t0, cfg)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseRule(%q) = %q, want an error", tt.in, r)
			} else if !errors.Is(err, screening.ErrSyntax) || !strings.HasPrefix(err.Error(), "screening: ") {
				t.Errorf("ParseRule(%q) error %v: not a screening syntax error", tt.in, err)
			}
			continue
		}
		if err != nil || r.String() != tt.want {
			t.Errorf("ParseRule(%q) = %q, %v; want %q", tt.in, r, err, tt.want)
			continue
		}
		// the rendered line parses back to the same rule
		r2, err := screening.ParseRule(r.String(), t0, cfg)
		if err != nil || r2.String() != r.String() {
			t.Errorf("round trip %q -> %q, %v", r.String(), r2.String(), err)
		}
	}
}

func ExampleParseRule() {
	cfg := number.Config{CountryCode: "1", AreaCode: "555"}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, line := range []string{
		"allow (555) 234-5678 --name \"Aunt May\" --for 2h",
		"block 900* --treatment sit",
		"voicemail @private --schedule !office",
		"block name:*SPAM*",
		"block +1900*5",
	} {
		r, err := screening.ParseRule(line, now, cfg)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-9s %-8v %s\n", r.Match.Kind, r.Action, r)
	}
	// Output:
	// exact     pass     allow +15552345678 --name "Aunt May" --until 2026-11-23T12:00:00
	// pattern   block    block +1900* --treatment sit
	// class     voicemail voicemail @private --schedule !office
	// name      block    block name:*spam*
	// screening: syntax error: pattern "+1900*5": '*' may only end a pattern
}

func ExampleEngine_Decide() {
	cfg := number.Config{CountryCode: "1", AreaCode: "555"}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	src := &exampleSource{settings: screening.DefaultSettings()}
	src.settings.Number = cfg
	for _, line := range []string{"block +1900* --treatment sit", "allow +1900555*", "voicemail @private"} {
		r, _ := screening.ParseRule(line, now, cfg)
		src.rules = append(src.rules, r)
	}
	e := screening.NewEngine(src)
	for _, c := range []screening.Call{
		{Number: "1-900-555-0100", Presentation: screening.PresentationAvailable},
		{Number: "1-900-777-0100", Presentation: screening.PresentationAvailable},
		{Presentation: screening.PresentationPrivate},
		{Number: "234-5678", Presentation: screening.PresentationAvailable},
	} {
		d := e.Decide(c, now)
		fmt.Printf("%s %q: %s\n", d.Action, d.Rule, d.Reason)
	}
	// Output:
	// pass "allow +1900555*": +19005550100 matches +1900555*
	// block "block +1900*": +19007770100 matches +1900*
	// voicemail "voicemail @private": the caller is @private
	// screen "": no rule matched for +15552345678; the default is screen
}

type exampleSource struct {
	settings screening.Settings
	rules    []screening.Rule
}

func (s *exampleSource) Generation() uint64 { return 1 }
func (s *exampleSource) Policy() (screening.Policy, error) {
	return screening.Policy{Settings: s.settings, Rules: s.rules}, nil
}
func (s *exampleSource) LookupNumber(string) (screening.Rule, bool, error) {
	return screening.Rule{}, false, nil
}
func (s *exampleSource) LastCall(string, time.Time) (time.Time, bool, error) {
	return time.Time{}, false, nil
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{
		"block +1900*", "allow (555) 234-5678 --name Mom", "allow 234-5678 --for 2h",
		"voicemail @private --schedule !office", "block name:*SPAM* --treatment sit",
		"block +1555???4567 --treatment=fax", "allow 234-5678 --name \"a b\" --note \"c\\\"d\"",
		"allow 234-5678 --until 2026-12-01T10:00", "screen 011 44 20 7946 0958", "block ***", "block +1?*",
		"allow --name=\"x", "block name:*ü?*", "allow 234-5678 --for anna", "screen +1900* --person Ben --for 2h",
		"block 234-5678 --for anna", "voicemail @private --for 3d --for ann-2",
	} {
		f.Add(s)
	}
	cfg := number.Config{CountryCode: "1", AreaCode: "555"}
	f.Fuzz(func(t *testing.T, line string) {
		r, err := screening.ParseRule(line, t0, cfg)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "screening: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		// What parses renders to a line that parses to the same rule.
		r2, err := screening.ParseRule(r.String(), t0, cfg)
		if err != nil {
			t.Fatalf("ParseRule(%q) ok but its rendering %q fails: %v", line, r.String(), err)
		}
		if r2.String() != r.String() || r2.Match != r.Match {
			t.Fatalf("round trip: %q -> %q", r.String(), r2.String())
		}
		// The canonical match parses to itself.
		m, err := screening.ParseMatch(r.Match.Text, cfg)
		if err != nil || m != r.Match {
			t.Fatalf("ParseMatch(%q) = %+v, %v", r.Match.Text, m, err)
		}
	})
}

func FuzzMatch(f *testing.F) {
	f.Add("+1555???4567", "15552344567")
	f.Add("+1900*", "19005551234")
	f.Add("name:*spam*", "Likely SPAM")
	f.Add("name:a?c*", "abcdef")
	f.Add("name:*ü*", "Müller")
	cfg := number.DefaultConfig()
	f.Fuzz(func(t *testing.T, pattern, subject string) {
		m, err := screening.ParseMatch(pattern, cfg)
		if err != nil {
			return
		}
		// Deciding with any single rule must not panic and must name it when it fires.
		src := &exampleSource{settings: screening.DefaultSettings()}
		src.rules = []screening.Rule{{Action: screening.ActionBlock, Match: m}}
		d := screening.NewEngine(src).Decide(screening.Call{Number: subject, Name: subject, Presentation: screening.PresentationAvailable}, t0)
		if d.Action == screening.ActionBlock && d.Rule != "block "+m.Text {
			t.Fatalf("blocked by %q, want %q", d.Rule, m.Text)
		}
	})
}
