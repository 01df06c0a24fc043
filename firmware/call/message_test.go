package call

import (
	"strings"
	"testing"
	"time"

	"secretary/hal"
	"secretary/screening"
)

var (
	msgA = screening.Message{ID: "a", Time: t0.Add(-30 * time.Minute), Number: "+12125550143", CallBack: "+13125550188", Urgent: true}
	msgB = screening.Message{ID: "b", Time: t0.Add(-25 * time.Hour), Number: "", Heard: true}
)

// loadedMsg is the runner's answer to load-message i of a playback of
// msgA (new) and msgB (saved).
func loadedMsg(ms, i int) Event {
	e := ev(ms, EvMessage)
	e.Index, e.Count, e.Unheard = i, 2, 1
	switch i {
	case 0:
		e.Msg = msgA
	case 1:
		e.Msg = msgB
	default:
		e.Failed = true
	}
	return e
}

// playback starts from idle: the button asks, the handset rings and is
// lifted, message 0 is loaded; then the events.
func playback(t *testing.T, evs ...Event) (State, []string) {
	t.Helper()
	s, _ := Start(DefaultConfig())
	var out []string
	for _, e := range append([]Event{ev(0, EvPlayMessage), ev(3000, EvHandsetOffHook), loadedMsg(3001, 0)}, evs...) {
		var acts []Action
		s, acts = Next(s, e)
		out = append(out, strs(acts)...)
	}
	return s, out
}

func envelope(i int, m screening.Message) string {
	var b strings.Builder
	for _, c := range EnvelopeClips(m, i, t0) {
		b.WriteString(" " + string(c))
	}
	return b.String()
}

func TestMessage_Keys(t *testing.T) {
	intro := "play-handset you-have digit-1 new-message and digit-1 saved-message" + envelope(0, msgA)
	for _, c := range []struct {
		name  string
		evs   []Event
		want  []string // in order
		phase Phase
		step  MsgStep
	}{
		{"greeting, envelope, recording, options, waiting", []Event{ev(9000, EvHandsetDone), ev(20000, EvHandsetDone), ev(30000, EvHandsetDone)},
			[]string{`ring-handset message "" "VOICEMAIL"`, "load-message 0", intro, "play-message a", "play-handset message-options", "timer keys 20s"},
			PhaseMsgPlay, MsgWaiting},
		{"7 deletes, then the next", []Event{ev(9000, EvHandsetDone), digit(10000, EvHandsetDigit, '7'), ev(11000, EvHandsetDone), loadedMsg(11001, 1)},
			[]string{"play-message a", "delete-message a", "play-handset message-deleted", "load-message 1", "play-handset" + envelope(1, msgB)},
			PhaseMsgPlay, MsgEnvelope},
		{"9 saves, then the next", []Event{digit(5000, EvHandsetDigit, '9'), ev(6000, EvHandsetDone), loadedMsg(6001, 1)},
			[]string{intro, "keep-message a", "cancel-handset", "play-handset message-saved", "load-message 1", "play-handset" + envelope(1, msgB)},
			PhaseMsgPlay, MsgEnvelope},
		{"4 replays the recording", []Event{ev(9000, EvHandsetDone), ev(20000, EvHandsetDone), digit(21000, EvHandsetDigit, '4')},
			[]string{"play-message a", "play-handset message-options", "cancel-handset", "play-message a"},
			PhaseMsgPlay, MsgRecording},
		{"6 skips to the next", []Event{ev(9000, EvHandsetDone), digit(10000, EvHandsetDigit, '6'), loadedMsg(10001, 1)},
			[]string{"play-message a", "cancel-handset", "load-message 1", "play-handset" + envelope(1, msgB)},
			PhaseMsgPlay, MsgEnvelope},
		{"5 says the envelope again, then the options", []Event{ev(9000, EvHandsetDone), ev(20000, EvHandsetDone), ev(30000, EvHandsetDone),
			digit(31000, EvHandsetDigit, '5'), ev(36000, EvHandsetDone)},
			[]string{"timer keys 20s", "cancel-timer keys", "play-handset" + envelope(0, msgA), "play-handset message-options"},
			PhaseMsgPlay, MsgOptions},
		{"* says goodbye, then the handset gets the line", []Event{digit(5000, EvHandsetDigit, '*'), ev(6000, EvHandsetDone)},
			[]string{"cancel-handset", "play-handset goodbye", "relay pass-through"},
			PhaseOutgoing, MsgLoading},
		{"past the last: no more messages", []Event{digit(5000, EvHandsetDigit, '6'), loadedMsg(5001, 1), digit(6000, EvHandsetDigit, '6'),
			loadedMsg(6001, 2), ev(8000, EvHandsetDone)},
			[]string{"load-message 1", "load-message 2", "play-handset no-more-messages goodbye", "relay pass-through"},
			PhaseOutgoing, MsgLoading},
		{"no key after the options: goodbye", []Event{ev(9000, EvHandsetDone), ev(20000, EvHandsetDone), ev(30000, EvHandsetDone), timer(50000, TimerKeys)},
			[]string{"timer keys 20s", "play-handset goodbye"},
			PhaseMsgPlay, MsgBye},
		{"put down: the playback ends", []Event{ev(9000, EvHandsetDone), ev(10000, EvHandsetOnHook)},
			[]string{"play-message a", "cancel-handset"},
			PhaseIdle, MsgLoading},
		{"a call comes in: the call wins", []Event{ev(9000, EvHandsetDone), ring(10000, 1)},
			[]string{"play-message a", "cancel-handset", "timer ring-gap 8s"},
			PhaseWaitCID, MsgLoading},
		{"keys after a delete act on the next message only", []Event{digit(5000, EvHandsetDigit, '7'), digit(5100, EvHandsetDigit, '7'), ev(6000, EvHandsetDone), loadedMsg(6001, 1)},
			[]string{"delete-message a", "play-handset message-deleted", "load-message 1"},
			PhaseMsgPlay, MsgEnvelope},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, acts := playback(t, c.evs...)
			i := 0
			for _, a := range acts {
				if i < len(c.want) && strings.HasPrefix(a, c.want[i]) {
					i++
				}
			}
			if i < len(c.want) {
				t.Fatalf("missing %q (in order) in:\n%s", c.want[i], strings.Join(acts, "\n"))
			}
			if s.Phase != c.phase || s.MsgStep != c.step {
				t.Errorf("phase %s step %s, want %s %s", s.Phase, s.MsgStep, c.phase, c.step)
			}
			if n := strings.Count(strings.Join(acts, "\n"), "delete-message"); n > 1 {
				t.Errorf("%d deletes", n)
			}
			if (s.Phase == PhaseIdle || s.Phase == PhaseOutgoing) && s.Current != (Current{}) {
				t.Errorf("playback data left over in %s: %+v", s.Phase, s.Current)
			}
		})
	}
}

func TestMessage_NoMessages(t *testing.T) {
	s, _ := Start(DefaultConfig())
	s, _ = Next(s, ev(0, EvPlayMessage))
	s, _ = Next(s, ev(100, EvHandsetOffHook))
	e := ev(101, EvMessage)
	e.Failed = true
	s, acts := Next(s, e)
	if got := strings.Join(strs(acts), "\n"); !strings.Contains(got, "play-handset no-messages goodbye") {
		t.Errorf("no messages: %s", got)
	}
	if s.MsgStep != MsgBye {
		t.Errorf("step %s", s.MsgStep)
	}
}

// The ring for the messages: unanswered it stops; a board without handset
// audio plays nothing.
func TestMessage_Ring(t *testing.T) {
	s, _ := Start(DefaultConfig())
	s, _ = Next(s, ev(0, EvPlayMessage))
	s, acts := Next(s, timer(24000, TimerMsgRing))
	if s.Phase != PhaseIdle || !has(strs(acts), "cancel-handset") {
		t.Errorf("unanswered: %s %v", s.Phase, acts)
	}
	cfg := DefaultConfig()
	cfg.HandsetAudio = false
	s, _ = Start(cfg)
	s, acts = Next(s, ev(0, EvPlayMessage))
	if s.Phase != PhaseIdle || len(acts) != 0 {
		t.Errorf("no handset audio: %s %v", s.Phase, acts)
	}
	// lifted while it rings with the relay isolated: the playback, never the line
	s, _ = Start(DefaultConfig())
	s, _ = Next(s, ev(0, EvPlayMessage))
	s, _ = Next(s, ev(2000, EvHandsetOffHook))
	if s.Phase != PhaseMsgPlay || s.Relay != hal.RelayIsolated {
		t.Errorf("lifted: %s, relay %s", s.Phase, s.Relay)
	}
}

func TestSpeak(t *testing.T) {
	join := func(c []Clip) string {
		var b []string
		for _, x := range c {
			b = append(b, string(x))
		}
		return strings.Join(b, " ")
	}
	now := time.Date(2026, 11, 23, 16, 0, 0, 0, time.UTC) // a Monday
	for _, c := range []struct {
		got  []Clip
		want string
	}{
		{IntroClips(2, 2), "you-have digit-2 new-messages"},
		{IntroClips(1, 3), "you-have digit-1 new-message and digit-2 saved-messages"},
		{IntroClips(0, 1), "you-have digit-1 saved-message"},
		{IntroClips(0, 0), "no-messages"},
		{CountClips(7), "digit-7"},
		{CountClips(13), "n-13"},
		{CountClips(40), "n-40"},
		{CountClips(59), "n-50 digit-9"},
		{CountClips(100), "digit-1 n-100"},
		{TimeClips(10, 14), "n-10 n-14 am"},
		{TimeClips(13, 5), "digit-1 oh digit-5 pm"},
		{TimeClips(0, 0), "n-12 am"},
		{TimeClips(12, 30), "n-12 n-30 pm"},
		{WhenClips(now.Add(-6*time.Hour), now), "today at n-10 am"},
		{WhenClips(now.Add(-20*time.Hour), now), "yesterday at digit-8 pm"},
		{WhenClips(now.Add(-3*24*time.Hour), now), "on-friday at digit-4 pm"},
		{WhenClips(time.Date(2026, 10, 1, 9, 45, 0, 0, time.UTC), now), "on-october digit-1 at digit-9 n-40 digit-5 am"},
		{EnvelopeClips(screening.Message{Time: now.Add(-time.Hour), Number: "+12125550143", CallBack: "+12125550143", Urgent: true}, 0, now),
			"message digit-1 urgent today at digit-3 pm from digit-2 digit-1 digit-2 digit-5 digit-5 digit-5 digit-0 digit-1 digit-4 digit-3 " +
				"call-back-at digit-2 digit-1 digit-2 digit-5 digit-5 digit-5 digit-0 digit-1 digit-4 digit-3"},
		{EnvelopeClips(screening.Message{Time: now.Add(-time.Hour)}, 11, now), "message n-12 today at digit-3 pm from no-number"},
	} {
		if got := join(c.got); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	// the local day, not UTC's
	ny, _ := time.LoadLocation("America/New_York")
	if ny != nil {
		late := time.Date(2026, 11, 23, 23, 30, 0, 0, ny) // 04:30 UTC the next day
		if got := join(WhenClips(late.Add(-time.Hour), late)); got != "today at n-10 n-30 pm" {
			t.Errorf("in New York: %s", got)
		}
	}
}

// A call that wins over the playback meets the lifted handset: a passed
// call goes to it, answered; a screened one is announced on it (the ring
// ends at once); a handset put down in between is rung as usual.
func TestMessage_CallWinsTheLiftedHandset(t *testing.T) {
	logOf := func(acts []Action) *screening.LogRecord {
		for _, a := range acts {
			if a.Kind == ActLog {
				return &a.Log
			}
		}
		return nil
	}
	t.Run("passed: answered on the handset", func(t *testing.T) {
		s, _ := playback(t, ev(9000, EvHandsetDone), ring(10000, 1), cid(10500, "2015550123", "ALICE"))
		s, acts := Next(s, decision(10600, screening.ActionPass, 0, "+12015550123"))
		l := logOf(acts)
		if s.Phase != PhaseConnected || s.Relay != hal.RelayPassThrough || l == nil || l.Outcome != screening.OutcomeAnswered {
			t.Fatalf("phase %s relay %s log %+v; acts %v", s.Phase, s.Relay, l, strs(acts))
		}
	})
	t.Run("screened: announced on the handset", func(t *testing.T) {
		s, _ := playback(t, ev(9000, EvHandsetDone), ring(10000, 1), cid(10500, "2015550123", "ALICE"))
		s, acts := Next(s, decision(10600, screening.ActionScreen, 0, "+12015550123"))
		if s.Phase != PhaseScreenAnswer || !has(strs(acts), "answer") {
			t.Fatalf("phase %s; acts %v", s.Phase, strs(acts))
		}
	})
	t.Run("put down before the decision: passed as usual", func(t *testing.T) {
		s, _ := playback(t, ev(9000, EvHandsetDone), ring(10000, 1), ev(10200, EvHandsetOnHook), cid(10500, "2015550123", "ALICE"))
		s, acts := Next(s, decision(10600, screening.ActionPass, 0, "+12015550123"))
		if s.Phase != PhasePassRinging || s.Holding || logOf(acts) != nil { // the box rings the handset (pass-ring)
			t.Fatalf("phase %s holding %v; acts %v", s.Phase, s.Holding, strs(acts))
		}
	})
	t.Run("ringing for the messages, not lifted: passed as usual", func(t *testing.T) {
		s, _ := Start(DefaultConfig())
		for _, e := range []Event{ev(0, EvPlayMessage), ring(1000, 1), cid(1500, "2015550123", "ALICE")} {
			s, _ = Next(s, e)
		}
		s, _ = Next(s, decision(1600, screening.ActionPass, 0, "+12015550123"))
		if s.Phase != PhasePassRinging {
			t.Fatalf("phase %s", s.Phase)
		}
	})
}
