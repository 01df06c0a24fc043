package call

import (
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// takeMessage drives a direct voicemail call (caller ID number, or none
// when num is "") through the greeting and a spoken name to the call-back
// prompt, then the given events.
func takeMessage(num string, then ...Event) (State, []string, []screening.LogRecord) {
	c := cid(500, num, "")
	e164 := ""
	if num != "" {
		e164 = "+1" + num
	} else {
		c.Caller.Presentation = screening.PresentationPrivate
	}
	evs := []Event{ring(0, 1), c, decision(501, screening.ActionVoicemail, 0, e164),
		ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(8000, 3*time.Second, true)}
	return run(DefaultConfig(), append(evs, then...)...)
}

func TestVoicemail_CallBack(t *testing.T) {
	confirm := func(num string) string {
		var b strings.Builder
		b.WriteString("play-line callback-confirm")
		for _, c := range NumberClips(num, "") {
			b.WriteString(" " + string(c))
		}
		return b.String() + " urgent-prompt"
	}
	for _, c := range []struct {
		name     string
		num      string // caller ID
		then     []Event
		want     []string // in order
		callBack string   // in the message's save action
	}{
		{"1 alone: the caller ID's number", "2015550123",
			append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "1#")...),
			[]string{"play-line callback-same callback-other", confirm("+12015550123")}, "+12015550123"},
		{"1 and a pause: the caller ID's number", "2015550123",
			[]Event{ev(9000, EvLineDone), digit(9500, EvDigit, '1'), timer(14500, TimerKeys)},
			[]string{confirm("+12015550123")}, "+12015550123"},
		{"1 then more digits: a number with the trunk prefix", "2015550123",
			append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "1 212 555 0143 #")...),
			[]string{confirm("+12125550143")}, "+12125550143"},
		{"no caller ID: 1 is not offered, and 1 alone is no number", "",
			append(append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "1#")...), ev(11000, EvLineDone), timer(16000, TimerKeys)),
			[]string{"play-line callback-other", "play-line callback-invalid callback-other", "timer keys 5s", "play-line urgent-prompt"}, ""},
		{"a refused number is asked for once more, then none", "2015550123",
			append(append(append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "555#")...), ev(11000, EvLineDone)), keys(11500, EvDigit, "0000000000#")...),
			[]string{"play-line callback-invalid callback-same callback-other", "play-line callback-invalid urgent-prompt"}, ""},
		{"star starts again", "2015550123",
			append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "99*3125550188#")...),
			[]string{"play-line callback-same callback-other", "play-line callback-same callback-other", confirm("+13125550188")}, "+13125550188"},
		{"nothing keyed: no call-back number, the message still taken", "2015550123",
			[]Event{ev(9000, EvLineDone), timer(14000, TimerKeys)},
			[]string{"timer keys 5s", "play-line urgent-prompt"}, ""},
		{"twenty digits end the number", "2015550123",
			append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "01144207946095812345")...),
			[]string{"play-line callback-invalid callback-same callback-other"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			// after the call-back part: no urgent key, a message, the caller hangs up
			tail := []Event{ev(20000, EvLineDone), timer(23000, TimerKeys), ev(24000, EvLineDone), ev(24500, EvLineDone),
				ev(30000, EvCallerGone), rec(30010, 5*time.Second, true), saved(30100, "m1"), ev(30200, EvLineDone)}
			if strings.Contains(c.name, "twenty") { // asked once more: nothing keyed
				tail = append([]Event{ev(19000, EvLineDone), timer(19900, TimerKeys)}, tail...)
			}
			s, acts, logs := takeMessage(c.num, append(c.then, tail...)...)
			i := 0
			for _, a := range acts {
				if i < len(c.want) && a == c.want[i] {
					i++
				}
			}
			if i < len(c.want) {
				t.Fatalf("missing %q (in order) in:\n%s", c.want[i], strings.Join(acts, "\n"))
			}
			want := `save-message name+message callback="` + c.callBack + `" urgent=false`
			if !has(acts, want) {
				t.Errorf("no %q in:\n%s", want, strings.Join(acts, "\n"))
			}
			if s.Phase != PhaseIdle || len(logs) != 1 || logs[0].CallBack != c.callBack || logs[0].Outcome != screening.OutcomeVoicemail {
				t.Errorf("phase %s, log %+v", s.Phase, logs)
			}
		})
	}
}

// The caller may hang up anywhere: what they left so far is kept.
func TestVoicemail_CallerLeavesEarly(t *testing.T) {
	for _, c := range []struct {
		name string
		evs  []Event
		keep string // the save action, "" for none
	}{
		{"during the call-back prompt, after a name", []Event{ev(8500, EvCallerGone), ev(8600, EvLineDone)},
			`save-message name callback="" urgent=false`},
		{"while keying, after a name", []Event{ev(9000, EvLineDone), digit(9500, EvDigit, '2'), ev(9800, EvCallerGone)},
			`save-message name callback="" urgent=false`},
		{"during the urgent prompt, with a number", append(append([]Event{ev(9000, EvLineDone)}, keys(9500, EvDigit, "1#")...), ev(10500, EvCallerGone)),
			`save-message name callback="+12015550123" urgent=false`},
		{"at the beep, urgent", []Event{ev(9000, EvLineDone), timer(14000, TimerKeys), digit(14500, EvDigit, '9'), ev(15000, EvLineDone), ev(15200, EvCallerGone)},
			`save-message name callback="" urgent=true`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, acts, logs := takeMessage("2015550123", append(c.evs, saved(20000, "m9"), ev(20100, EvLineDone))...)
			if !has(acts, c.keep) {
				t.Fatalf("no %q in:\n%s", c.keep, strings.Join(acts, "\n"))
			}
			if has(acts, "play-line goodbye") {
				t.Errorf("goodbye to a caller who hung up:\n%s", strings.Join(acts, "\n"))
			}
			want := PhaseIdle
			if strings.Contains(c.keep, "urgent=true") {
				want = PhaseMsgRing // then the owner is rung for it
			}
			if s.Phase != want || len(logs) != 1 || logs[0].Message != "m9" {
				t.Errorf("phase %s, log %+v\n%s", s.Phase, logs, strings.Join(acts, "\n"))
			}
		})
	}
	// nothing left at all: no message
	_, acts, logs := run(DefaultConfig(), ring(0, 1), cid(500, "2015550123", ""), decision(501, screening.ActionVoicemail, 0, "+12015550123"),
		ev(1000, EvLineDone), ev(4000, EvLineDone), ev(4500, EvLineDone), rec(8000, 6*time.Second, false), ev(9000, EvLineDone),
		timer(14000, TimerKeys), ev(15000, EvLineDone), ev(15100, EvCallerGone), ev(15200, EvLineDone))
	if has(acts, "save-message") || !has(acts, "discard-message") || len(logs) != 1 || logs[0].Outcome != screening.OutcomeAbandoned {
		t.Errorf("an empty message kept:\n%s", strings.Join(acts, "\n"))
	}
}

// An urgent message rings the handset once the call is over (if the
// owner wants that); lifting it plays the messages, the urgent one first.
func TestVoicemail_UrgentRings(t *testing.T) {
	evs := []Event{ev(9000, EvLineDone), timer(14000, TimerKeys), digit(14500, EvDigit, '9'), ev(15000, EvLineDone), ev(15500, EvLineDone),
		rec(30000, 5*time.Second, true), saved(30100, "m7"), ev(31000, EvLineDone), ev(31100, EvLineDone)}
	s, acts, _ := takeMessage("2015550123", evs...)
	if s.Phase != PhaseMsgRing || !has(acts, `ring-handset message "" "VOICEMAIL"`) || s.MessageWant != "m7" || s.RingFor != "" {
		t.Fatalf("phase %s, want %q; actions:\n%s", s.Phase, s.MessageWant, strings.Join(acts, "\n"))
	}
	s, next := Next(s, ev(40000, EvHandsetOffHook))
	if s.Phase != PhaseMsgPlay || !has(strs(next), "load-message 0 first=m7") {
		t.Fatalf("pick-up: %s %v", s.Phase, next)
	}
	cfg := DefaultConfig()
	cfg.UrgentRing = false
	s, _ = Start(cfg)
	s.Phase, s.Current = PhaseVMSave, Current{Start: t0, OffHook: true, Urgent: true, CallerGone: true}
	s, _ = Next(s, saved(30000, "m8"))
	s, next = Next(s, ev(30100, EvLineDone))
	if s.Phase != PhaseIdle || has(strs(next), "ring-handset") {
		t.Errorf("urgent-ring off still rings: %s %v", s.Phase, next)
	}
}

func strs(acts []Action) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.String()
	}
	return out
}

// The disk fills while a caller leaves a message: the save fails. A caller
// still on the line hears that the message could not be kept; the log says
// why; nothing rings the owner, even for an urgent message.
func TestVoicemail_SaveFails(t *testing.T) {
	failed := func(ms int) Event {
		e := ev(ms, EvSaved)
		e.Failed, e.Why = true, "the disk is full"
		return e
	}
	urgentMessage := []Event{ev(9000, EvLineDone), timer(14000, TimerKeys), digit(14500, EvDigit, '9'), ev(15000, EvLineDone),
		ev(15500, EvLineDone), rec(30000, 5*time.Second, true)}
	s, acts, logs := takeMessage("2015550123", append(urgentMessage, failed(30100), ev(33000, EvLineDone), ev(33100, EvLineDone))...)
	if !has(acts, "play-line message-not-kept") || has(acts, "play-line goodbye") || has(acts, "ring-handset") {
		t.Errorf("actions:\n%s", strings.Join(acts, "\n"))
	}
	if s.Phase != PhaseIdle || s.RingFor != "" {
		t.Errorf("phase %s, ring for %q", s.Phase, s.RingFor)
	}
	if len(logs) != 1 || logs[0].Outcome != screening.OutcomeFailed || logs[0].Message != "" ||
		!strings.HasSuffix(logs[0].Reason, "message not saved: the disk is full") || !logs[0].Urgent {
		t.Errorf("log %+v", logs)
	}
	// the caller hung up during the message: straight on-hook
	gone := []Event{ev(9000, EvLineDone), timer(14000, TimerKeys), ev(14500, EvLineDone), timer(17500, TimerKeys), ev(18000, EvLineDone),
		ev(18500, EvLineDone), ev(25000, EvCallerGone), rec(25010, 5*time.Second, true), failed(25100), ev(25200, EvLineDone)}
	s, acts, logs = takeMessage("2015550123", gone...)
	if has(acts, "play-line message-not-kept") || !has(acts, "hang-up") || s.Phase != PhaseIdle ||
		len(logs) != 1 || logs[0].Outcome != screening.OutcomeFailed {
		t.Errorf("caller gone: phase %s, logs %+v, actions:\n%s", s.Phase, logs, strings.Join(acts, "\n"))
	}
}
