package call

import (
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

func newRing(ms, n int) Event { e := ring(ms, n); e.NewCall = true; return e }

func newCID(ms, rings int, num, name string) Event {
	e := cid(ms, num, name)
	e.NewCall, e.Ring = true, rings
	return e
}

func waitingEv(ms int, num, name string) Event {
	e := ev(ms, EvCallWaiting)
	if num != "" {
		e.Caller = screening.Call{Number: num, Name: name, Presentation: screening.PresentationAvailable}
		e.Decision = screening.Decision{Action: screening.ActionBlock, Number: "+1" + num, Rule: "block +1" + num,
			Reason: "the number is on the block list"}
	}
	return e
}

// A call that begins within the ring gap of the previous one (the line
// device marks its first event NewCall) ends the previous call and is
// decided with its own caller ID.
func TestNext_NewCallWithinRingGap(t *testing.T) {
	pass := func(ms int, e164 string) Event { return decision(ms, screening.ActionPass, 0, e164) }
	block := func(ms int, e164 string) Event {
		return decision(ms, screening.ActionBlock, screening.TreatmentHangup, e164)
	}
	cases := []struct {
		name    string
		cfg     func(*Config)
		events  []Event
		phase   Phase
		first   screening.Outcome // the first call's logged outcome
		want    []string          // in order
		decides []string          // the callers decided, in order
	}{
		{name: "the box rang the handset: a new caller ID after the first call's third ring",
			events: []Event{newRing(0, 1), cid(2500, "2015550123", "ALICE"), pass(2501, "+12015550123"),
				ring(6000, 2), ring(12000, 3), newCID(14500, 1, "9005550000", "SPAM"), block(14501, "+19005550000")},
			phase: PhaseBlockDrop, first: screening.OutcomePassed,
			want: []string{`ring-handset normal "2015550123" "ALICE"`, "cancel-handset", `log number="+12015550123"`,
				`decide "9005550000" available`, "pick-up-and-drop"},
			decides: []string{"2015550123", "9005550000"}},
		{name: "the line rang the handset: the relay isolates it again for the new call",
			cfg: func(c *Config) { c.PassRing = false },
			events: []Event{newRing(0, 1), cid(2500, "2015550123", "ALICE"), pass(2501, "+12015550123"),
				ring(6000, 2), newRing(14000, 1), cid(16500, "2125550143", "HUDSON DENTAL")},
			phase: PhaseDeciding, first: screening.OutcomePassed,
			want:    []string{"relay pass-through", `log number="+12015550123"`, "relay isolated", `decide "2125550143" available`},
			decides: []string{"2015550123", "2125550143"}},
		{name: "a blocked caller ignored, then a new caller",
			events: []Event{newRing(0, 1), cid(2500, "9005550000", ""), decision(2501, screening.ActionBlock, screening.TreatmentIgnore, "+19005550000"),
				ring(6000, 2), newCID(8500, 1, "2015550123", "ALICE")},
			phase: PhaseDeciding, first: screening.OutcomeBlocked,
			want:    []string{`log number="+19005550000"`, `decide "2015550123" available`},
			decides: []string{"9005550000", "2015550123"}},
		{name: "a call without caller ID, then caller ID before the new call's first ring",
			events: []Event{newRing(0, 1), ring(6000, 2), pass(6001, ""), newCID(8000, 0, "2015550123", "ALICE")},
			phase:  PhaseDeciding, first: screening.OutcomePassed,
			want:    []string{`decide "" none`, `ring-handset normal "" ""`, "cancel-handset", `log number=""`, `decide "2015550123" available`},
			decides: []string{"", "2015550123"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if c.cfg != nil {
				c.cfg(&cfg)
			}
			s, acts, logs := run(cfg, c.events...)
			if s.Phase != c.phase {
				t.Errorf("phase = %s, want %s", s.Phase, c.phase)
			}
			i := 0
			var decided []string
			for _, a := range acts {
				if i < len(c.want) && strings.Contains(a, c.want[i]) {
					i++
				}
				if n, ok := strings.CutPrefix(a, "decide "); ok {
					q, _, _ := strings.Cut(n, " ")
					decided = append(decided, strings.Trim(q, `"`))
				}
			}
			if i < len(c.want) {
				t.Errorf("missing %q (in order) in actions:\n%s", c.want[i], strings.Join(acts, "\n"))
			}
			if strings.Join(decided, ",") != strings.Join(c.decides, ",") {
				t.Errorf("decided %q, want %q", decided, c.decides)
			}
			if len(logs) != 1 {
				t.Fatalf("%d log records, want the first call's:\n%s", len(logs), strings.Join(acts, "\n"))
			}
			if logs[0].Outcome != c.first || !strings.Contains(logs[0].Reason, "a new call followed within the ring gap") {
				t.Errorf("first call logged %s (%q), want %s and why it ended", logs[0].Outcome, logs[0].Reason, c.first)
			}
		})
	}
}

// The new call starts with the ring count the device gave it: caller ID
// after its first ring counts that ring, so its second ring is Ring 2.
func TestNext_NewCallRings(t *testing.T) {
	s, _, _ := run(DefaultConfig(), newRing(0, 1), cid(2500, "2015550123", "ALICE"),
		decision(2501, screening.ActionPass, 0, "+12015550123"), ring(6000, 2), newCID(8500, 1, "2125550143", ""))
	if s.Rings != 1 || s.Caller.Number != "2125550143" || s.Phase != PhaseDeciding || !s.Start.Equal(t0.Add(8500*time.Millisecond)) {
		t.Errorf("new call: rings %d, caller %q, phase %s, start %v; want 1, 2125550143, deciding, at its caller ID",
			s.Rings, s.Caller.Number, s.Phase, s.Start)
	}
}

// The owner answered a call on the handset and hung up within the ring
// gap of its last ring; the next caller's first ring came too soon for the
// line device, which counted it as one more ring of the answered call and
// marks the caller ID after it NewCall with Ring 1. The machine had already
// begun the new call at that ring: the caller ID is that call's, so one
// call is logged and decided with it (no "call from none" in between).
func TestNext_NewCallAfterAnsweredCall(t *testing.T) {
	first := []Event{newRing(0, 1), cid(2500, "2015550123", "ALICE"),
		decision(2501, screening.ActionPass, 0, "+12015550123"), ring(6000, 2),
		ev(7000, EvHandsetOffHook), ev(9000, EvHandsetOnHook), ring(10000, 3)}
	e := newCID(12500, 1, "9005550000", "WIN A CRUISE")
	s, _, _ := run(DefaultConfig(), first...)
	if s.StartsCall(e) {
		t.Error("StartsCall: the caller ID the ringing call takes as its own starts another")
	}
	s, acts, logs := run(DefaultConfig(), append(first, e)...)
	if len(logs) != 1 || logs[0].Outcome != screening.OutcomeAnswered {
		t.Fatalf("logs %+v; want only the answered call's:\n%s", logs, strings.Join(acts, "\n"))
	}
	if s.Phase != PhaseDeciding || s.Caller.Number != "9005550000" || s.Rings != 1 || !s.Start.Equal(t0.Add(10*time.Second)) {
		t.Errorf("second call: phase %s, caller %q, rings %d, start %v; want deciding 9005550000 after 1 ring, begun at its ring",
			s.Phase, s.Caller.Number, s.Rings, s.Start)
	}
	// a caller ID for a call that has not rung yet (Ring 0) still ends the
	// ring-only call: that ring was the previous caller's
	_, _, logs = run(DefaultConfig(), ring(10000, 3), newCID(12500, 0, "9005550000", ""))
	if len(logs) != 1 || logs[0].Presentation != screening.PresentationNone {
		t.Errorf("Ring 0: logs %+v; want the ring-only call ended", logs)
	}
}

// Call waiting is logged once per waiting call, with whatever caller ID
// came, and never answered.
func TestNext_CallWaiting(t *testing.T) {
	screened := []Event{newRing(0, 1), cid(2500, "2015550123", "BOB"), decision(2501, screening.ActionScreen, 0, "+12015550123"),
		ev(3000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 3*time.Second, true)} // on hold
	cases := []struct {
		name   string
		events []Event
		number string // the waiting record's raw number
		at     int    // its time, ms
		reason string
	}{
		{"alert, then the waiting caller's ID", append(screened[:len(screened):len(screened)], waitingEv(10000, "", ""), waitingEv(10800, "9005551234", "WAITING")),
			"9005551234", 10000, "the rules would block it"},
		{"the waiting caller's ID alone", append(screened[:len(screened):len(screened)], waitingEv(10800, "9005551234", "WAITING")),
			"9005551234", 10800, "the rules would block it"},
		{"an alert that got no caller ID", append(screened[:len(screened):len(screened)], waitingEv(10000, "", ""), timer(13000, TimerWaiting)),
			"", 10000, "no caller ID came with it"},
		{"the call ends before the caller ID comes", append(screened[:len(screened):len(screened)], waitingEv(10000, "", ""), ev(10500, EvCallerGone), ev(10600, EvLineDone)),
			"", 10000, "no caller ID came with it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, acts, logs := run(DefaultConfig(), c.events...)
			if has(acts, "answer") && strings.Count(strings.Join(acts, "\n"), "answer") > 1 {
				t.Errorf("answered the waiting call:\n%s", strings.Join(acts, "\n"))
			}
			var w []screening.LogRecord
			for _, l := range logs {
				if l.Outcome == screening.OutcomeCallWaiting {
					w = append(w, l)
				}
			}
			if len(w) != 1 {
				t.Fatalf("%d call-waiting records, want 1:\n%s", len(w), strings.Join(acts, "\n"))
			}
			r := w[0]
			if r.Raw != c.number || !r.Time.Equal(t0.Add(time.Duration(c.at)*time.Millisecond)) || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("record %+v; want number %q at %d ms, reason with %q", r, c.number, c.at, c.reason)
			}
			if r.Decision != screening.ActionPass || r.Rule != "" {
				t.Errorf("waiting call recorded as decided %s by %q; the box decided nothing", r.Decision, r.Rule)
			}
		})
	}
}

// A caller who passed the challenge lately is not asked again; a pass is
// remembered only for a delivered, valid number.
func TestNext_ChallengeRemembered(t *testing.T) {
	dec := func(num string, p screening.Presentation, passed time.Time) []Event {
		c := cid(500, num, "BOB")
		c.Caller.Presentation = p
		d := decision(501, screening.ActionScreen, 0, "")
		if num != "" {
			d.Decision.Number = "+1" + num
		}
		d.Challenge, d.Decision.ChallengePassed = '7', passed
		return []Event{newRing(0, 1), c, d, ev(1000, EvLineDone)}
	}
	on := func(c *Config) { c.Challenge = true }
	t.Run("remembered: straight to the name", func(t *testing.T) {
		cfg := DefaultConfig()
		on(&cfg)
		_, acts, _ := run(cfg, dec("2015550123", screening.PresentationAvailable, t0.Add(-24*time.Hour))...)
		if has(acts, "play-line challenge") || !has(acts, "play-line greeting name-reason") {
			t.Errorf("actions:\n%s", strings.Join(acts, "\n"))
		}
	})
	for _, c := range []struct {
		name     string
		num      string
		p        screening.Presentation
		remember time.Duration
		want     string // the remember action, "" for none
		note     string
	}{
		{"a valid number is remembered", "2015550123", screening.PresentationAvailable, 30 * 24 * time.Hour, "remember-pass +12015550123", "not asked again for 30 days"},
		{"a withheld number is not", "", screening.PresentationPrivate, 30 * 24 * time.Hour, "", "passed the robocall challenge"},
		{"remembering off", "2015550123", screening.PresentationAvailable, 0, "", "passed the robocall challenge"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			on(&cfg)
			cfg.ChallengeRemember = c.remember
			evs := append(dec(c.num, c.p, time.Time{}), ev(3000, EvLineDone), digit(4000, EvDigit, '7'))
			s, acts, _ := run(cfg, evs...)
			got := ""
			for _, a := range acts {
				if strings.HasPrefix(a, "remember-pass") {
					got = a
				}
			}
			if got != c.want || !strings.Contains(s.Note, c.note) {
				t.Errorf("remember action %q, note %q; want %q, %q", got, s.Note, c.want, c.note)
			}
		})
	}
}

func TestScreenedDisplay(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"HUDSON DENTAL", "? HUDSON DENTAL"},
		{"WIRELESS CALLER", "? WIRELESS CALL"},
		{"ANDERSON   BROS    ROOFING", "? ANDERSON BROS"},
		{"", "? SCREENED"},
		{" \x07 ", "? SCREENED"},
		{"JOSÉ ÑÚÑEZ GARCÍA", "? JOSÉ ÑÚÑEZ GA"},
		{"A B C D E F G H I", "? A B C D E F G"},
	} {
		got := ScreenedDisplay(c.name)
		if got != c.want {
			t.Errorf("ScreenedDisplay(%q) = %q, want %q", c.name, got, c.want)
		}
		if n := len([]rune(got)); n > DisplayName {
			t.Errorf("ScreenedDisplay(%q) = %q: %d characters", c.name, got, n)
		}
	}
}

// The screened ring carries the mark and the name with the number in its
// own field; a withheld caller shows the mark alone and no number.
func TestNext_ScreenedRingCallerID(t *testing.T) {
	for _, c := range []struct {
		caller screening.Call
		want   string
	}{
		{screening.Call{Number: "2125550143", Name: "HUDSON DENTAL", Presentation: screening.PresentationAvailable}, `ring-handset screened "2125550143" "? HUDSON DENTAL"`},
		{screening.Call{Presentation: screening.PresentationPrivate}, `ring-handset screened "" "? SCREENED"`},
	} {
		e := ev(500, EvCallerID)
		e.Caller = c.caller
		_, acts, _ := run(DefaultConfig(), newRing(0, 1), e, decision(501, screening.ActionScreen, 0, ""),
			ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, time.Second, true))
		if !has(acts, c.want) {
			t.Errorf("want %s in:\n%s", c.want, strings.Join(acts, "\n"))
		}
	}
}
