package call

import (
	"strings"
	"testing"
	"time"

	"secretary/hal"
	"secretary/screening"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// ev builds an event at t0+ms.
func ev(ms int, k EventKind) Event {
	return Event{Kind: k, At: t0.Add(time.Duration(ms) * time.Millisecond)}
}

func ring(ms, n int) Event { e := ev(ms, EvRing); e.Ring = n; return e }

func cid(ms int, num, name string) Event {
	e := ev(ms, EvCallerID)
	e.Caller = screening.Call{Number: num, Name: name, Presentation: screening.PresentationAvailable}
	return e
}

func decision(ms int, a screening.Action, t screening.Treatment, e164 string) Event {
	e := ev(ms, EvDecision)
	e.Decision = screening.Decision{Action: a, Treatment: t, Number: e164, Rule: "r", Reason: "because"}
	return e
}

func digit(ms int, k EventKind, d byte) Event { e := ev(ms, k); e.Digit = d; return e }
func timer(ms int, t Timer) Event             { e := ev(ms, EvTimer); e.Timer = t; return e }
func rec(ms int, d time.Duration, voiced bool) Event {
	e := ev(ms, EvLineDone)
	e.Recorded, e.Voiced = d, voiced
	return e
}
func saved(ms int, id string) Event { e := ev(ms, EvSaved); e.MessageID = id; return e }

// run feeds events from the start state and returns the final state, all
// actions as strings, and the log records.
func run(cfg Config, events ...Event) (State, []string, []screening.LogRecord) {
	s, acts := Start(cfg)
	var out []string
	var logs []screening.LogRecord
	add := func(acts []Action) {
		for _, a := range acts {
			out = append(out, a.String())
			if a.Kind == ActLog {
				logs = append(logs, a.Log)
			}
		}
	}
	add(acts)
	for _, e := range events {
		s, acts = Next(s, e)
		add(acts)
	}
	return s, out, logs
}

// keys is one event per key of k (others than digits, * and # skipped),
// 100 ms apart from ms.
func keys(ms int, k EventKind, d string) []Event {
	var out []Event
	for i := 0; i < len(d); i++ {
		if c := d[i]; c >= '0' && c <= '9' || c == '*' || c == '#' {
			out = append(out, digit(ms+100*len(out), k, c))
		}
	}
	return out
}

func has(acts []string, prefix string) bool {
	for _, a := range acts {
		if strings.HasPrefix(a, prefix) {
			return true
		}
	}
	return false
}

// TestNext_Table checks single transitions: (state, event) -> (phase, actions).
func TestNext_Table(t *testing.T) {
	cfg := DefaultConfig()
	base := State{Config: cfg, Relay: hal.RelayIsolated}
	with := func(p Phase, f func(*State)) State {
		s := base
		s.Phase = p
		if p != PhaseIdle && p != PhaseOutgoing && p != PhaseLineDown && p != PhaseMsgRing && p != PhaseMsgPlay {
			s.Start = t0
		}
		if f != nil {
			f(&s)
		}
		return s
	}
	onLine := func(s *State) { // announcing over the line, the owner's key awaited
		s.Config.HandsetAudio = false
		s.Relay = hal.RelayPassThrough
		s.OffHook = true
		s.Timers = 1 << TimerOwnerKey
		s.Decision = screening.Decision{Action: screening.ActionScreen, Number: "+12015550123"}
	}
	accepted := func(s *State) {
		s.OffHook = true
		s.Outcome = screening.OutcomeAccepted
		s.Decision = screening.Decision{Action: screening.ActionScreen, Number: "+12015550123"}
	}
	cases := []struct {
		name  string
		s     State
		e     Event
		phase Phase
		acts  []string
	}{
		{"idle ring starts a call", with(PhaseIdle, nil), ring(0, 1), PhaseWaitCID,
			[]string{"timer ring-gap 8s"}},
		{"idle ring numbered 3 still waits for caller ID", with(PhaseIdle, nil), ring(0, 3), PhaseWaitCID,
			[]string{"timer ring-gap 8s"}},
		{"caller ID decides", with(PhaseWaitCID, nil), cid(500, "2015550123", "BOB"), PhaseDeciding,
			[]string{`decide "2015550123" available`}},
		{"second ring without caller ID", with(PhaseWaitCID, func(s *State) { s.Timers = 1 << TimerRingGap }), ring(6000, 2), PhaseDeciding,
			[]string{"timer ring-gap 8s", `decide "" none`}},
		{"handset lifted while idle", with(PhaseIdle, nil), ev(0, EvHandsetOffHook), PhaseOutgoing,
			[]string{"relay pass-through"}},
		{"outgoing ends on hook", with(PhaseOutgoing, func(s *State) { s.Relay = hal.RelayPassThrough }), ev(0, EvExtensionOnHook), PhaseIdle,
			[]string{"relay isolated"}},
		{"pass rings the handset with the caller ID", with(PhaseDeciding, func(s *State) { s.Caller = screening.Call{Number: "2015550123", Name: "ALICE"} }),
			decision(10, screening.ActionPass, 0, "+12015550123"), PhasePassRinging,
			[]string{`ring-handset normal "2015550123" "ALICE"`}},
		{"pass without pass-ring relays to the line", with(PhaseDeciding, func(s *State) { s.Config.PassRing = false }),
			decision(10, screening.ActionPass, 0, "+12015550123"), PhasePassing,
			[]string{"relay pass-through"}},
		{"pass-ring without a handset relays to the line", with(PhaseDeciding, func(s *State) { s.Config.Handset = false }),
			decision(10, screening.ActionPass, 0, "+12015550123"), PhasePassing,
			[]string{"relay pass-through"}},
		{"pass-ring pick-up: the relay first", with(PhasePassRinging, func(s *State) { s.Timers = 1 << TimerRingGap; s.Outcome = screening.OutcomePassed }),
			ev(9000, EvHandsetOffHook), PhaseConnected,
			[]string{"relay pass-through", "cancel-handset", "cancel-timer ring-gap",
				`log number="" presentation=none decision=pass rule="" outcome=answered duration=9s message=""`}},
		{"block hang-up picks up and drops", with(PhaseDeciding, func(s *State) { s.Timers = 1 << TimerRingGap }), decision(10, screening.ActionBlock, screening.TreatmentHangup, "+12015550123"), PhaseBlockDrop,
			[]string{"cancel-timer ring-gap", "pick-up-and-drop 500ms"}},
		{"block ignore waits", with(PhaseDeciding, nil), decision(10, screening.ActionBlock, screening.TreatmentIgnore, ""), PhaseIgnoring, nil},
		{"block sit answers", with(PhaseDeciding, nil), decision(10, screening.ActionBlock, screening.TreatmentSIT, ""), PhaseBlockAnswer,
			[]string{"answer"}},
		{"screen answers", with(PhaseDeciding, nil), decision(10, screening.ActionScreen, 0, ""), PhaseScreenAnswer,
			[]string{"answer"}},
		{"call waiting is never answered: the alert waits for caller ID", with(PhaseHold, nil), ev(0, EvCallWaiting), PhaseHold,
			[]string{"timer waiting 3s"}},
		{"connected: a ring as the handset took the line is not a call", with(PhaseConnected, func(s *State) { s.Relay = hal.RelayPassThrough; s.HandsetUp = true }),
			ring(100, 3), PhaseConnected, nil},
		{"connected: a new call after the line was left to the handset", with(PhaseConnected, func(s *State) { s.Relay = hal.RelayPassThrough }),
			ring(100, 1), PhaseWaitCID, []string{"relay isolated", "timer ring-gap 8s"}},
		{"screening: the box holds the line, a ring is nothing", with(PhaseHold, nil),
			func() Event { e := ring(0, 1); e.NewCall = true; return e }(), PhaseHold, nil},
		{"stale timer ignored", with(PhasePassing, nil), timer(9000, TimerRingGap), PhasePassing, nil},
		{"line down while idle passes through", with(PhaseIdle, nil), ev(0, EvLineDown), PhaseLineDown,
			[]string{"cancel-line", "cancel-handset", "relay pass-through"}},
		{"line up isolates again", with(PhaseLineDown, func(s *State) { s.Relay = hal.RelayPassThrough }), ev(0, EvLineUp), PhaseIdle,
			[]string{"relay isolated"}},
		{"line up with extension in use waits", with(PhaseLineDown, func(s *State) { s.Relay = hal.RelayPassThrough; s.ExtOffHook = true }), ev(0, EvLineUp), PhaseOutgoing, nil},
		{"owner key 2 during choice goes to voicemail", with(PhaseOwnerChoice, func(s *State) { s.OffHook = true; s.Timers = 1 << TimerOwnerKey }),
			digit(0, EvHandsetDigit, '2'), PhaseVMGreeting,
			[]string{"cancel-timer owner-key", "cancel-line", "cancel-handset", "play-line voicemail"}},
		{"play a message: ring the handset", with(PhaseIdle, nil), func() Event { e := ev(0, EvPlayMessage); e.MessageID = "m1"; return e }(), PhaseMsgRing,
			[]string{`ring-handset message "" "VOICEMAIL"`, "timer msg-ring 24s"}},
		{"play a message on pick-up", with(PhaseMsgRing, func(s *State) { s.MessageWant = "m1"; s.Timers = 1 << TimerMsgRing }), ev(0, EvHandsetDone), PhaseMsgPlay,
			[]string{"cancel-timer msg-ring", "cancel-handset", "load-message 0 first=m1"}},
		{"a call interrupts the playback", with(PhaseMsgPlay, func(s *State) { s.MessageWant = "m1" }), ring(0, 1), PhaseWaitCID,
			[]string{"cancel-handset", "timer ring-gap 8s"}},
		{"quiet stops the name recording", with(PhaseNameRecord, nil), ev(0, EvQuiet), PhaseNameRecord, []string{"stop-record"}},

		// announcing over the line (no handset audio): the owner is on the line with the caller
		{"owner on the line declines with 3: the handset leaves the line", with(PhaseOwnerChoice, onLine),
			digit(0, EvDigit, '3'), PhaseFarewell,
			[]string{"list block +12015550123", "cancel-timer owner-key", "cancel-line", "cancel-handset", "relay isolated", "play-line goodbye"}},
		{"owner on the line accepts with 1: the handset keeps the line", with(PhaseOwnerChoice, onLine),
			digit(0, EvDigit, '1'), PhaseFarewell,
			[]string{"cancel-timer owner-key", "cancel-line", "cancel-handset", "play-line connecting"}},
		{"owner on the line: handset keys are not the owner's", with(PhaseOwnerChoice, onLine),
			digit(0, EvHandsetDigit, '1'), PhaseOwnerChoice, nil},
		{"owner on the line: the handset hook is not a choice", with(PhaseOwnerChoice, onLine),
			ev(0, EvHandsetOnHook), PhaseOwnerChoice, nil},
		{"owner on the line: an extension off-hook is the owner", with(PhaseOwnerChoice, onLine),
			ev(0, EvExtensionOffHook), PhaseOwnerChoice, nil},
		{"caller hangs up during a line announcement", with(PhaseAnnounce, onLine),
			ev(0, EvCallerGone), PhaseHangingUp,
			[]string{"cancel-timer owner-key", "cancel-line", "cancel-handset", "relay isolated", "hang-up"}},
		{"handset announcement: the handset put down sends the caller to voicemail", with(PhaseOwnerChoice, func(s *State) { s.OffHook = true }),
			ev(0, EvHandsetOnHook), PhaseVMGreeting,
			[]string{"cancel-line", "cancel-handset", "play-line voicemail"}},
		// after the owner accepted
		{"accepted: an extension off-hook does not hang up", with(PhaseFarewell, accepted),
			ev(0, EvExtensionOffHook), PhaseFarewell, nil},
		{"accepted: after the farewell the handset takes the line, then the modem lets go", with(PhaseFarewell, accepted),
			ev(0, EvLineDone), PhaseHangingUp, []string{"relay pass-through", "cancel-line", "hang-up"}},
		{"rejected: after the farewell the modem lets go", with(PhaseFarewell, func(s *State) { s.OffHook = true; s.Outcome = screening.OutcomeRejected }),
			ev(0, EvLineDone), PhaseHangingUp, []string{"cancel-line", "hang-up"}},
		{"accepted: on-hook leaves the call connected and logged once", with(PhaseHangingUp, func(s *State) { accepted(s); s.Relay = hal.RelayPassThrough }),
			ev(2000, EvLineDone), PhaseConnected,
			[]string{`log number="+12015550123" presentation=none decision=screen rule="" outcome=accepted duration=2s message=""`}},
		{"connected: put down ends the call without a second log", with(PhaseConnected, func(s *State) { s.Relay = hal.RelayPassThrough }),
			ev(0, EvHandsetOnHook), PhaseIdle, []string{"relay isolated"}},
		{"connected: a lost line device logs nothing more", with(PhaseConnected, func(s *State) { s.Relay = hal.RelayPassThrough }),
			ev(0, EvLineDown), PhaseLineDown, []string{"cancel-line", "cancel-handset"}},
		// the end of a voicemail call
		{"message recording failed: straight on-hook", with(PhaseVMRecord, func(s *State) { s.OffHook = true }),
			func() Event { e := ev(0, EvLineDone); e.Failed = true; return e }(), PhaseHangingUp,
			[]string{"discard-message", "cancel-line", "cancel-handset", "hang-up"}},
		{"caller gone while saving: no goodbye", with(PhaseVMSave, func(s *State) { s.OffHook = true; s.CallerGone = true }),
			saved(0, "m1"), PhaseHangingUp, []string{"cancel-line", "cancel-handset", "hang-up"}},
		{"message saved: goodbye", with(PhaseVMSave, func(s *State) { s.OffHook = true }),
			saved(0, "m1"), PhaseFarewell, []string{"cancel-line", "cancel-handset", "play-line goodbye"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, acts := Next(c.s, c.e)
			if s.Phase != c.phase {
				t.Errorf("phase = %s, want %s", s.Phase, c.phase)
			}
			var got []string
			for _, a := range acts {
				got = append(got, a.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.acts, "\n") {
				t.Errorf("actions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.acts, "\n"))
			}
		})
	}
}

func TestNext_Paths(t *testing.T) {
	cfg := DefaultConfig()
	cases := []struct {
		name    string
		cfg     func(*Config)
		events  []Event
		outcome screening.Outcome
		phase   Phase
		want    []string // actions that must appear, in this order
		never   []string // actions that must not appear
	}{
		{name: "allowed rings through and is answered",
			cfg:     func(c *Config) { c.PassRing = false },
			events:  []Event{ring(0, 1), cid(500, "2015550123", "ALICE"), decision(501, screening.ActionPass, 0, "+12015550123"), ev(9000, EvExtensionOffHook), ev(60000, EvExtensionOnHook)},
			outcome: screening.OutcomeAnswered, phase: PhaseIdle,
			want:  []string{"relay pass-through", "log ", "relay isolated"},
			never: []string{"answer", "pick-up-and-drop"}},
		{name: "allowed not answered",
			cfg:     func(c *Config) { c.PassRing = false },
			events:  []Event{ring(0, 1), cid(500, "2015550123", "ALICE"), decision(501, screening.ActionPass, 0, "+12015550123"), ring(6000, 2), timer(14000, TimerRingGap)},
			outcome: screening.OutcomePassed, phase: PhaseIdle,
			want: []string{"relay pass-through", "log ", "relay isolated"}, never: []string{"answer"}},
		{name: "pass with the box's own ring",
			cfg:     func(c *Config) { c.PassRing = true },
			events:  []Event{ring(0, 1), cid(500, "2015550123", "ALICE"), decision(501, screening.ActionPass, 0, "+12015550123"), ev(3000, EvHandsetDone), ev(50000, EvHandsetOnHook)},
			outcome: screening.OutcomeAnswered, phase: PhaseIdle,
			want: []string{`ring-handset normal "2015550123" "ALICE"`, "relay pass-through", "log ", "relay isolated"}},
		{name: "blocked hangup",
			events:  []Event{ring(0, 1), cid(500, "9005550000", "SPAM"), decision(501, screening.ActionBlock, screening.TreatmentHangup, "+19005550000"), ev(1600, EvLineDone)},
			outcome: screening.OutcomeBlocked, phase: PhaseIdle,
			want: []string{"pick-up-and-drop 500ms", "log "}, never: []string{"relay pass-through"}},
		{name: "blocked sit",
			events:  []Event{ring(0, 1), cid(500, "9005550000", "SPAM"), decision(501, screening.ActionBlock, screening.TreatmentSIT, ""), ev(1000, EvLineDone), ev(2000, EvLineDone), ev(2100, EvLineDone)},
			outcome: screening.OutcomeBlocked, phase: PhaseIdle,
			want: []string{"answer", "tone-line sit", "hang-up", "log "}},
		{name: "blocked fax",
			events:  []Event{ring(0, 1), cid(500, "9005550000", ""), decision(501, screening.ActionBlock, screening.TreatmentFax, ""), ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4100, EvLineDone)},
			outcome: screening.OutcomeBlocked, phase: PhaseIdle,
			want: []string{"answer", "tone-line fax", "hang-up", "log "}},
		{name: "blocked message",
			events:  []Event{ring(0, 1), cid(500, "9005550000", ""), decision(501, screening.ActionBlock, screening.TreatmentMessage, ""), ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4100, EvLineDone)},
			outcome: screening.OutcomeBlocked, phase: PhaseIdle,
			want: []string{"answer", "play-line blocked", "hang-up", "log "}},
		{name: "blocked ignore",
			events:  []Event{ring(0, 1), cid(500, "9005550000", ""), decision(501, screening.ActionBlock, screening.TreatmentIgnore, ""), ring(6000, 2), timer(14000, TimerRingGap)},
			outcome: screening.OutcomeBlocked, phase: PhaseIdle,
			want: []string{"timer ring-gap", "log "}, never: []string{"answer", "relay pass-through", "pick-up-and-drop"}},
		{name: "screened and accepted",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), ev(6000, EvQuiet), rec(6100, 2*time.Second, true),
				ev(9000, EvHandsetDone), ev(14000, EvHandsetDone), digit(15000, EvHandsetDigit, '1'), ev(16000, EvLineDone), ev(16100, EvLineDone),
				ev(90000, EvExtensionOnHook)},
			outcome: screening.OutcomeAccepted, phase: PhaseIdle,
			want: []string{"answer", "play-line greeting name-reason", "tone-line beep", "record-line name 6s", "stop-record",
				"hold-line hold", `ring-handset screened "2015550123" "? BOB"`, "timer announce",
				"play-handset screened-call recorded-name digit-2 digit-0 digit-1 digit-5 digit-5 digit-5 digit-0 digit-1 digit-2 digit-3 options",
				"timer owner-key", "play-line connecting", "relay pass-through", "hang-up", "log ", "relay isolated"}},
		{name: "screened, accept and always allow",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB\x07"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 6*time.Second, true),
				ev(9000, EvHandsetOffHook), ev(14000, EvHandsetDone), digit(15000, EvHandsetDigit, '4'), ev(16000, EvLineDone), ev(16100, EvLineDone)},
			outcome: screening.OutcomeAccepted, phase: PhaseConnected,
			want: []string{"list allow +12015550123", "play-line connecting", "hang-up", "log "}},
		{name: "screened and rejected",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 6*time.Second, true),
				ev(10000, EvHandsetDone), digit(12000, EvHandsetDigit, '3'), ev(13000, EvLineDone), ev(13100, EvLineDone)},
			outcome: screening.OutcomeRejected, phase: PhaseIdle,
			want: []string{"list block +12015550123", "play-line goodbye", "hang-up", "log "}, never: []string{"relay pass-through"}},
		{name: "screened, owner repeats then sends to voicemail",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 6*time.Second, false),
				ev(10000, EvHandsetDone), digit(11000, EvHandsetDigit, '*'), ev(12000, EvHandsetDone), digit(13000, EvHandsetDigit, '2'),
				ev(15000, EvLineDone), ev(15500, EvLineDone), timer(20500, TimerKeys), ev(21000, EvLineDone), timer(24000, TimerKeys),
				ev(25000, EvLineDone), ev(25500, EvLineDone), ev(30000, EvQuiet), rec(30100, 4*time.Second, true), saved(30200, "m1"),
				ev(31000, EvLineDone), ev(31100, EvLineDone)},
			outcome: screening.OutcomeVoicemail, phase: PhaseIdle,
			want: []string{"play-handset screened-call digit-2", "play-handset screened-call digit-2", "play-line voicemail",
				"play-line callback-same callback-other", "timer keys 5s", "play-line urgent-prompt", "timer keys 3s", "play-line leave-message",
				"tone-line beep", "record-line message 2m0s", "stop-record", `save-message message callback="" urgent=false`,
				"play-line goodbye", "hang-up", `log number="+12015550123"`},
			never: []string{"play-line voicemail name-reason"}}, // the caller was asked for a name already
		{name: "screened, no answer goes to voicemail: call back at the caller ID's number, urgent",
			cfg: func(c *Config) { c.UrgentRing = false },
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 6*time.Second, true),
				timer(33000, TimerAnnounce), ev(36000, EvLineDone), digit(36500, EvDigit, '1'), timer(41500, TimerKeys),
				digit(42000, EvDigit, '9'), ev(43000, EvLineDone), ev(43500, EvLineDone),
				ev(47000, EvCallerGone), rec(47010, 3*time.Second, true), saved(47100, "m2"), ev(47200, EvLineDone)},
			outcome: screening.OutcomeVoicemail, phase: PhaseIdle,
			want: []string{"cancel-handset", "play-line voicemail", "play-line callback-same callback-other", "cancel-line",
				"play-line callback-confirm digit-2 digit-0 digit-1 digit-5 digit-5 digit-5 digit-0 digit-1 digit-2 digit-3 urgent-prompt",
				"cancel-line", "play-line urgent-marked leave-message", "tone-line beep", "record-line message", "stop-record",
				`save-message name+message callback="+12015550123" urgent=true`, "hang-up",
				`message="m2" callback="+12015550123" urgent=true`}},
		{name: "challenge passed",
			cfg: func(c *Config) { c.Challenge = true },
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), func() Event {
				e := decision(501, screening.ActionScreen, 0, "+12015550123")
				e.Challenge = '7'
				return e
			}(), ev(1000, EvLineDone), ev(3000, EvLineDone), digit(4000, EvDigit, '7'), ev(6000, EvLineDone)},
			outcome: screening.OutcomeAbandoned, phase: PhaseNameBeep,
			want: []string{"play-line challenge digit-7", "timer challenge 6s", "cancel-timer challenge", "play-line name-reason", "tone-line beep"}},
		{name: "challenge failed",
			cfg: func(c *Config) { c.Challenge = true },
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), func() Event {
				e := decision(501, screening.ActionScreen, 0, "+12015550123")
				e.Challenge = '7'
				return e
			}(), ev(1000, EvLineDone), ev(3000, EvLineDone), digit(4000, EvDigit, '1'), ev(6000, EvLineDone), timer(12000, TimerChallenge),
				ev(14000, EvLineDone), timer(20000, TimerChallenge), ev(21000, EvLineDone), ev(21100, EvLineDone)},
			outcome: screening.OutcomeFailedChallenge, phase: PhaseIdle,
			want: []string{"play-line challenge digit-7", "play-line challenge digit-7", "play-line challenge digit-7", "play-line goodbye", "hang-up", "log "}},
		{name: "voicemail decision: name, another call-back number, the message",
			events: append(append([]Event{ring(0, 1), cid(500, "2015550123", ""), decision(501, screening.ActionVoicemail, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(8000, 3*time.Second, true), ev(9000, EvLineDone)},
				keys(9500, EvDigit, "(212) 555-0143#")...),
				ev(14000, EvLineDone), timer(17000, TimerKeys), ev(18000, EvLineDone), ev(18500, EvLineDone),
				rec(30000, 11*time.Second, true), saved(30100, "m3"), ev(31000, EvLineDone), ev(31100, EvLineDone)),
			outcome: screening.OutcomeVoicemail, phase: PhaseIdle,
			want: []string{"answer", "play-line voicemail name-reason", "tone-line beep", "record-line name 6s",
				"play-line callback-same callback-other", "timer keys 5s",
				"play-line callback-confirm digit-2 digit-1 digit-2 digit-5 digit-5 digit-5 digit-0 digit-1 digit-4 digit-3 urgent-prompt",
				"timer keys 3s", "play-line leave-message", "tone-line beep", "record-line message",
				`save-message name+message callback="+12125550143" urgent=false`, "play-line goodbye", "hang-up", "log "}},
		{name: "voicemail with a full mailbox rings through",
			events: []Event{ring(0, 1), cid(500, "2015550123", ""), func() Event {
				e := decision(501, screening.ActionVoicemail, 0, "+12015550123")
				e.MailboxFull = true
				return e
			}(), timer(9000, TimerRingGap)},
			outcome: screening.OutcomePassed, phase: PhaseIdle,
			want: []string{`ring-handset normal "2015550123"`, "cancel-handset", "log "}, never: []string{"answer", "relay pass-through"}},
		{name: "caller hangs up during the name",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), ev(5000, EvCallerGone), ev(5100, EvLineDone)},
			outcome: screening.OutcomeAbandoned, phase: PhaseIdle,
			want: []string{"record-line name", "cancel-line", "hang-up", "log "}},
		{name: "caller hangs up on hold",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 6*time.Second, true), ev(12000, EvCallerGone), ev(12100, EvLineDone)},
			outcome: screening.OutcomeAbandoned, phase: PhaseIdle,
			want: []string{"hold-line hold", "cancel-timer announce", "cancel-line", "cancel-handset", "hang-up", "log "}},
		{name: "caller hangs up in voicemail without a message",
			events: []Event{ring(0, 1), cid(500, "2015550123", ""), decision(501, screening.ActionVoicemail, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), ev(5000, EvCallerGone), rec(5010, 300*time.Millisecond, false), ev(5100, EvLineDone)},
			outcome: screening.OutcomeAbandoned, phase: PhaseIdle,
			want: []string{"stop-record", "discard-message", "hang-up", "log "}, never: []string{"save-message"}},
		{name: "rang off after one ring",
			events:  []Event{ring(0, 1), timer(8000, TimerRingGap)},
			outcome: screening.OutcomeAbandoned, phase: PhaseIdle,
			want: []string{"log "}, never: []string{"decide"}},
		{name: "private caller",
			events: []Event{ring(0, 1), func() Event {
				e := ev(500, EvCallerID)
				e.Caller = screening.Call{Presentation: screening.PresentationPrivate}
				return e
			}(), decision(501, screening.ActionScreen, 0, ""), ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, time.Second, true), ev(10000, EvHandsetDone)},
			outcome: screening.OutcomeAbandoned, phase: PhaseAnnounce,
			want: []string{`decide "" private`, "play-handset screened-call recorded-name no-number options"}},
		{name: "extension answers while deciding",
			events:  []Event{ring(0, 1), cid(500, "2015550123", ""), ev(505, EvExtensionOffHook), ev(30000, EvExtensionOnHook)},
			outcome: screening.OutcomeAnswered, phase: PhaseIdle,
			want: []string{"log "}, never: []string{"answer"}},
		{name: "extension picks up during screening: the box hangs up",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(2000, EvExtensionOffHook), ev(2100, EvLineDone)},
			outcome: screening.OutcomeAnswered, phase: PhaseIdle,
			want: []string{"cancel-line", "hang-up", "log "}},
		{name: "modem lost mid-call: pass-through, back when it returns",
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(2000, EvLineDown), ev(30000, EvLineUp)},
			outcome: screening.OutcomeFailed, phase: PhaseIdle,
			want: []string{"cancel-line", "relay pass-through", "log ", "relay isolated"}},
		{name: "no handset: screen becomes voicemail",
			cfg:    func(c *Config) { c.Handset = false },
			events: []Event{ring(0, 1), cid(500, "2015550123", ""), decision(501, screening.ActionScreen, 0, "+12015550123"), ev(1000, EvLineDone)},
			phase:  PhaseVMGreeting, outcome: screening.OutcomeAbandoned,
			want: []string{"answer", "play-line voicemail"}},
		{name: "no handset audio: announce over the line, owner keys by DTMF",
			cfg: func(c *Config) { c.HandsetAudio = false },
			events: []Event{ring(0, 1), cid(500, "2015550123", "BOB"), decision(501, screening.ActionScreen, 0, "+12015550123"),
				ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(9000, 6*time.Second, true),
				ev(10000, EvHandsetDone), ev(10001, EvExtensionOffHook), ev(15000, EvLineDone), digit(16000, EvDigit, '1'), ev(17000, EvLineDone), ev(17100, EvLineDone)},
			outcome: screening.OutcomeAccepted, phase: PhaseConnected,
			want: []string{"relay pass-through", "play-line screened-call", "play-line connecting", "hang-up", "log "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conf := cfg
			if c.cfg != nil {
				c.cfg(&conf)
			}
			s, acts, logs := run(conf, c.events...)
			if s.Phase != c.phase {
				t.Errorf("phase = %s, want %s", s.Phase, c.phase)
			}
			i := 0
			for _, a := range acts {
				if i < len(c.want) && strings.Contains(a, c.want[i]) {
					i++
				}
			}
			if i < len(c.want) {
				t.Errorf("missing %q (in order) in actions:\n%s", c.want[i], strings.Join(acts, "\n"))
			}
			for _, n := range c.never {
				if has(acts, n) {
					t.Errorf("unexpected %q in actions:\n%s", n, strings.Join(acts, "\n"))
				}
			}
			if (s.Phase == PhaseIdle || s.Phase == PhaseLineDown) && s.Current != (Current{}) {
				t.Errorf("%s with call data left over: %+v", s.Phase, s.Current)
			}
			if s.Phase == PhaseIdle || s.Phase == PhaseConnected {
				if len(logs) != 1 {
					t.Fatalf("%d log records, want 1:\n%s", len(logs), strings.Join(acts, "\n"))
				}
				if logs[0].Outcome != c.outcome {
					t.Errorf("outcome = %s, want %s", logs[0].Outcome, c.outcome)
				}
				if strings.ContainsAny(logs[0].Name, "\x07") {
					t.Errorf("control character in logged name %q", logs[0].Name)
				}
			} else if s.Outcome != c.outcome {
				t.Errorf("running outcome = %s, want %s", s.Outcome, c.outcome)
			}
		})
	}
}

func TestNumberClips(t *testing.T) {
	for _, c := range []struct{ e164, raw, want string }{
		{"+12015550123", "", "digit-2 digit-0 digit-1 digit-5 digit-5 digit-5 digit-0 digit-1 digit-2 digit-3"},
		{"+442071234567", "", "digit-4 digit-4 digit-2 digit-0 digit-7 digit-1 digit-2 digit-3 digit-4 digit-5 digit-6 digit-7"},
		{"", "55-12", "digit-5 digit-5 digit-1 digit-2"},
		{"", "", "no-number"},
	} {
		var got []string
		for _, cl := range NumberClips(c.e164, c.raw) {
			got = append(got, string(cl))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("NumberClips(%q, %q) = %v, want %s", c.e164, c.raw, got, c.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	if got := CleanName(" BOB\x1b[2J\x07 SMITH\x00 "); got != "BOB[2J SMITH" {
		t.Errorf("CleanName = %q", got)
	}
}
