package call

import (
	"strings"
	"testing"

	"secretary/hal"
	"secretary/screening"
)

func mailbox(ms, unheard int) Event { e := ev(ms, EvMailbox); e.Unheard = unheard; return e }

func failed(e Event) Event { e.Failed = true; return e }

// steps feeds events to s and returns the state and the actions of each step.
func steps(s State, evs ...Event) (State, [][]string) {
	var out [][]string
	for _, e := range evs {
		var acts []Action
		s, acts = Next(s, e)
		out = append(out, strs(acts))
	}
	return s, out
}

func TestLamp(t *testing.T) {
	idle, _ := Start(DefaultConfig())
	for _, c := range []struct {
		name string
		s    State
		evs  []Event
		want []string // the actions of each step, joined by ";"
		lamp Lamp
	}{
		{"the first unheard message lights it, the last heard clears it", idle,
			[]Event{mailbox(0, 1), ev(1500, EvHandsetDone), mailbox(2000, 2), mailbox(9000, 0), ev(10500, EvHandsetDone)},
			[]string{"indicate on ring-pulse", "", "", "indicate off ring-pulse", ""},
			Lamp{}},
		{"nothing unheard at start: nothing sent", idle, []Event{mailbox(0, 0)}, []string{""}, Lamp{}},
		{"not while a call is in progress; after it", idle,
			[]Event{ring(0, 1), mailbox(100, 1), timer(8000, TimerRingGap), ev(9500, EvHandsetDone)},
			[]string{"timer ring-gap 8s", "", "log " /* then */, ""},
			Lamp{Waiting: true, Shown: true}},
		{"a lifted handset: tried again when it is put down", idle,
			[]Event{mailbox(0, 1), failed(ev(100, EvHandsetDone)), mailbox(200, 1), ev(300, EvHandsetOffHook), ev(5000, EvHandsetOnHook), ev(6500, EvHandsetDone)},
			[]string{"indicate on", "", "", "relay pass-through", "relay isolated;indicate on", ""},
			Lamp{Waiting: true, Shown: true}},
		{"a call's ring replaces it; sent again after the call", idle,
			[]Event{mailbox(0, 1), ring(200, 1), cid(500, "2015550123", ""), decision(501, screening.ActionPass, 0, "+12015550123"), timer(9000, TimerRingGap)},
			[]string{"indicate on", "timer ring-gap 8s", "decide", "ring-handset normal", "cancel-handset;log ;indicate on"},
			Lamp{Waiting: true, Sending: true, SendingOn: true}},
		{"off: never sent", func() State { c := DefaultConfig(); c.MessageLamp = false; s, _ := Start(c); return s }(),
			[]Event{mailbox(0, 3)}, []string{""}, Lamp{Waiting: true}},
		{"the alert of the setting", func() State { c := DefaultConfig(); c.LampAlert = hal.AlertReversal; s, _ := Start(c); return s }(),
			[]Event{mailbox(0, 1)}, []string{"indicate on reversal"}, Lamp{Waiting: true, Sending: true, SendingOn: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, got := steps(c.s, c.evs...)
			for i, w := range c.want {
				g := strings.Join(got[i], ";")
				ok := w == "" && g == ""
				if w != "" {
					ok = true
					for _, part := range strings.Split(w, ";") {
						ok = ok && strings.Contains(g, part)
					}
				}
				if !ok {
					t.Errorf("step %d (%s): %q, want %q", i, c.evs[i], g, w)
				}
			}
			if s.Lamp != c.lamp {
				t.Errorf("lamp %+v, want %+v", s.Lamp, c.lamp)
			}
		})
	}
}
