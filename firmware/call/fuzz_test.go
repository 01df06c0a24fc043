package call

import (
	"fmt"
	"testing"
	"time"

	"secretary/hal"
	"secretary/screening"
)

// FuzzNext drives the machine with arbitrary event sequences and checks the
// invariants the appliance depends on: every call that ends is logged
// exactly once, idle means the handset is isolated, a lost line device means
// pass-through, and the box never answers while a phone on the line is
// off-hook.
func FuzzNext(f *testing.F) {
	f.Add([]byte{1, 2, 4, 5, 5, 5, 5, 7, 5, 13, 5, 5})
	f.Add([]byte{1, 2, 4, 7, 17, 18})
	f.Add([]byte{11, 12, 1, 3, 15, 16})
	f.Add([]byte{48, 1, 2, 4, 5, 5, 8, 5, 5, 5, 5, 7, 5, 5, 5, 5}) // the switchboard: menu, name, hold
	f.Add([]byte{48, 1, 2, 0x49, 7, 5, 5, 5, 0x15, 5, 5, 5})       // allowed for someone, forwarded
	f.Add([]byte{16, 20, 11, 6, 6, 6, 12})                         // recording a name
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg := DefaultConfig()
		if len(data) > 0 {
			cfg.Challenge = data[0]&1 != 0
			cfg.PassRing = data[0]&2 != 0
			cfg.HandsetAudio = data[0]&4 == 0
			cfg.ExtensionDetect = data[0]&8 == 0
			if data[0]&16 != 0 {
				office(&cfg)
				cfg.Switchboard.Transfer = data[0]&32 != 0
				cfg.Switchboard.MenuDefault = map[bool]string{true: "ben"}[data[0]&64 != 0]
			}
		}
		s, _ := Start(cfg)
		at := t0
		logs := 0
		for i, b := range data {
			at = at.Add(time.Duration(b) * 100 * time.Millisecond)
			e := Event{At: at, Kind: EventKind(b%23) + 1}
			switch e.Kind {
			case EvRing:
				e.Ring = int(b>>5) + 1
				e.NewCall = b&0x10 != 0
			case EvCallerID:
				e.Caller = screening.Call{Number: "2015550123", Name: "X\x1b", Presentation: screening.Presentation(b >> 6)}
				e.NewCall, e.Ring = b&0x20 != 0, int(b>>4)&1
			case EvCallWaiting:
				if b&0x40 != 0 {
					e.Caller = screening.Call{Number: "9005551234", Presentation: screening.PresentationAvailable}
				}
			case EvDecision:
				e.Decision = screening.Decision{Action: screening.Action(b >> 6), Treatment: screening.Treatment((b >> 3) % 6), Number: "+12015550123"}
				e.Challenge = '1' + b%9
				e.MailboxFull = b&0x20 != 0
				e.Decision.Person = []string{"", "anna", "ben", "gone"}[b%4]
			case EvTimer:
				e.Timer = Timer(b>>5)%lastTimer + 1
			case EvDigit, EvHandsetDigit:
				e.Digit = "0123456789*#"[int(b>>4)%12]
			case EvMessage:
				e.Index, e.Count, e.Unheard = int(b>>6), int(b>>4)%4, int(b>>5)%2
				e.Failed = b&0x80 != 0
				e.Msg = screening.Message{ID: "m", Number: "+12015550123", Time: at, Urgent: b&1 != 0}
			case EvMailbox, EvPlayMessage:
				e.Unheard = int(b >> 6)
				e.MessageID = map[bool]string{true: "m"}[b&0x40 != 0]
			case EvLineDone, EvHandsetDone, EvSaved:
				e.Failed = b&0x80 != 0
				e.Voiced = b&0x40 != 0
				e.Recorded = time.Duration(b>>5) * time.Second
				e.MessageID = "m"
				e.Dial = DialOutcome(b>>4) % 5
			case EvRecordVoice:
				e.Person = "anna"
			}
			prev := s
			var acts []Action
			s, acts = Next(s, e)
			for _, a := range acts {
				switch a.Kind {
				case ActLog:
					logs++
					if a.Log.Outcome == screening.OutcomeCallWaiting {
						break // a record of its own: the waiting call
					}
					if prev.logged() {
						t.Fatalf("step %d (%s in %s): second log for one call", i, e, prev.Phase)
					}
				case ActAnswer:
					if prev.ExtOffHook {
						t.Fatalf("step %d: answered while an extension is off-hook", i)
					}
				case ActIndicate:
					if s.Phase != PhaseIdle {
						t.Fatalf("step %d (%s): message lamp sent in %s", i, e, s.Phase)
					}
				case ActDeleteMessage, ActKeepMessage:
					if prev.Phase != PhaseMsgPlay {
						t.Fatalf("step %d (%s): %s in %s", i, e, a.Kind, prev.Phase)
					}
				}
			}
			if (prev.Phase != PhaseIdle && prev.Phase != PhaseOutgoing && prev.Phase != PhaseLineDown && !prev.Start.IsZero()) &&
				(s.Phase == PhaseIdle || s.Phase == PhaseLineDown) && !prev.logged() {
				found := false
				for _, a := range acts {
					found = found || (a.Kind == ActLog && a.Log.Outcome != screening.OutcomeCallWaiting)
				}
				if !found {
					t.Fatalf("step %d (%s): call in %s ended without a log", i, e, prev.Phase)
				}
			}
			if (s.Phase == PhaseIdle || s.Phase == PhaseOutgoing) && s.Current != (Current{}) {
				t.Fatalf("step %d (%s): %s with call data left over: %+v", i, e, s.Phase, s.Current)
			}
			if s.Phase == PhaseIdle && s.Relay != hal.RelayIsolated {
				t.Fatalf("step %d: idle with relay %s", i, s.Relay)
			}
			if s.Phase == PhaseLineDown && s.Relay != hal.RelayPassThrough {
				t.Fatalf("step %d: line down with relay %s", i, s.Relay)
			}
		}
		_ = logs
	})
}

func ExampleNext() {
	s, _ := Start(DefaultConfig())
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for _, e := range []Event{
		{Kind: EvRing, At: t0, Ring: 1},
		{Kind: EvCallerID, At: t0.Add(time.Second), Caller: screening.Call{Number: "9005550000", Presentation: screening.PresentationAvailable}},
		{Kind: EvDecision, At: t0.Add(time.Second), Decision: screening.Decision{Action: screening.ActionBlock, Treatment: screening.TreatmentHangup, Number: "+19005550000"}},
		{Kind: EvLineDone, At: t0.Add(2 * time.Second)},
	} {
		var acts []Action
		s, acts = Next(s, e)
		for _, a := range acts {
			fmt.Println(a)
		}
	}
	fmt.Println(s.Phase)
	// Output:
	// timer ring-gap 8s
	// decide "9005550000" available
	// cancel-timer ring-gap
	// pick-up-and-drop 500ms
	// log number="+19005550000" presentation=available decision=block rule="" outcome=blocked duration=2s message=""
	// idle
}
