package firmware

import (
	"context"
	"strings"
	"testing"
	"time"

	"secretary/hal"
	"secretary/screening"
)

// The default on a board with a ring generator: an allowed call rings the
// handset from the box with the caller's number and name, and lifting it
// gives it the line at once: the relay is the first thing the box does.
func TestAppliance_PassRing(t *testing.T) {
	r := newRig(t, fakeDecider{"2015550123": {Action: screening.ActionPass, Number: "+12015550123"}},
		func(c *Config) { c.Call.PassRing = true })
	r.incoming("2015550123", "ALICE")
	r.wait(`handset: ring north-america cid "2015550123" "ALICE"`)
	if st := r.dev.Relay.State(); st != hal.RelayIsolated {
		t.Fatalf("relay %s while the box rings the handset, want isolated", st)
	}
	mark := len(r.trace.Lines())
	r.dev.Handset.Lift()
	r.wait("relay: pass-through")
	recs := r.waitLog(1)
	if recs[0].Outcome != screening.OutcomeAnswered {
		t.Errorf("log = %+v", recs[0])
	}
	var after []string
	for _, l := range r.trace.Lines()[mark:] {
		if strings.HasPrefix(l, "fw: action ") {
			after = append(after, strings.TrimPrefix(l, "fw: action "))
		}
	}
	if len(after) == 0 || after[0] != "relay pass-through" {
		t.Errorf("actions on pick-up %q; the relay must come first", after)
	}
	if r.dev.Line.OffHook() {
		t.Error("the modem answered an allowed call")
	}
}

// A call-waiting alert and the waiting caller's ID while the box holds the
// line: one call-log record of its own, with that caller, what the rules
// say of it, and the call in progress goes on.
func TestAppliance_CallWaitingLogged(t *testing.T) {
	r := newRig(t, fakeDecider{"9005551234": {Action: screening.ActionBlock, Treatment: screening.TreatmentHangup,
		Number: "+19005551234", Rule: "block +1900*", Reason: "+19005551234 matches +1900*"}}, nil)
	r.dev.Line.Say(speech(3 * time.Second))
	r.incoming("2015550123", "BOB")
	r.wait("line: answer")
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineCallWaiting})
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineCallWaiting, CallerID: hal.CallerID{Number: "9005551234", Name: "WAITING",
		Presentation: hal.PresentationAvailable}})
	recs := r.waitLog(1)
	w := recs[0]
	if w.Outcome != screening.OutcomeCallWaiting || w.Number != "+19005551234" || w.Raw != "9005551234" || w.Name != "WAITING" ||
		!strings.Contains(w.Reason, "would block it: +19005551234 matches +1900*") || w.Decision != screening.ActionPass {
		t.Errorf("call-waiting record %+v", w)
	}
	if !r.dev.Line.OffHook() {
		t.Error("the call in progress was dropped for the waiting call")
	}
	if strings.Count(r.dev.Rec.String(), "line: answer") != 1 {
		t.Errorf("the box answered twice:\n%s", r.dev.Rec)
	}
}

// A caller who presses the challenge digit is remembered through the
// store writer.
func TestAppliance_ChallengePassRemembered(t *testing.T) {
	r := newRig(t, fakeDecider{}, func(c *Config) { c.Call.Challenge = true })
	r.incoming("2015550123", "BOB")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	i, err := r.trace.Wait(ctx, 0, "action play-line challenge digit-")
	if err != nil {
		t.Fatalf("no challenge: %v\n%s", err, r.trace)
	}
	l := r.trace.Lines()[i]
	r.dev.Line.Press(l[len(l)-1:])
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		r.store.mu.Lock()
		at, ok := r.store.passes["+12015550123"]
		r.store.mu.Unlock()
		if ok && !at.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the pass was not stored\n%s", r.trace)
		}
	}
}
