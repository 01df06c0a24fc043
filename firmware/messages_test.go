package firmware

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/screening"
)

func (r *rig) waitTrace(sub string) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := r.trace.Wait(ctx, 0, sub); err != nil {
		r.t.Fatalf("%v\nmachine:\n%s", err, r.trace)
	}
}

func (r *rig) messages() []screening.Message {
	msgs, _ := r.mb.List()
	return msgs
}

// A caller on the voicemail list leaves a name, the caller ID's number to
// call back, urgent, and a message: the record holds them all, the audio
// is the name then the message, the log says it, and the owner is rung.
func TestAppliance_TakeMessage(t *testing.T) {
	r := newRig(t, fakeDecider{"2015550123": {Action: screening.ActionVoicemail, Number: "+12015550123"}}, nil)
	r.dev.Line.Say(speech(time.Second)) // the name and reason
	r.incoming("2015550123", "BOB")
	r.waitTrace("action play-line callback-same callback-other")
	r.dev.Line.Press("1#")
	r.waitTrace("action play-line callback-confirm digit-2 digit-0 digit-1")
	r.dev.Line.Say(speech(2 * time.Second)) // the message, after the beep
	r.dev.Line.Press("9")
	r.waitTrace("action play-line urgent-marked leave-message")
	recs := r.waitLog(1)
	if l := recs[0]; l.Outcome != screening.OutcomeVoicemail || l.CallBack != "+12015550123" || !l.Urgent || l.Message == "" {
		t.Fatalf("log %+v\n%s", l, r.trace)
	}
	msgs := r.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.Number != "+12015550123" || m.Name != "BOB" || m.CallBack != "+12015550123" || !m.Urgent || m.Time.IsZero() {
		t.Errorf("message %+v", m)
	}
	if m.NameGiven < 500*time.Millisecond || m.NameGiven > 1500*time.Millisecond {
		t.Errorf("name given %v, want about 1 s", m.NameGiven)
	}
	r.wait(`handset: ring dr3 cid "" "VOICEMAIL"`) // urgent: the owner is rung
}

// A caller who keys nothing and says nothing after the name still leaves
// a message (the name).
func TestAppliance_TakeMessageNameOnly(t *testing.T) {
	r := newRig(t, fakeDecider{"2015550123": {Action: screening.ActionVoicemail, Number: "+12015550123"}}, nil)
	r.dev.Line.Say(speech(time.Second))
	r.incoming("2015550123", "BOB")
	r.waitTrace("action record-line message")
	r.dev.Line.CallerHangUp(hal.LineBusy)
	recs := r.waitLog(1)
	msgs := r.messages()
	if recs[0].Outcome != screening.OutcomeVoicemail || len(msgs) != 1 || msgs[0].CallBack != "" || msgs[0].Urgent || msgs[0].NameGiven == 0 {
		t.Fatalf("log %+v, messages %+v", recs[0], msgs)
	}
}

// The disk fills while a caller leaves a message: the save fails with
// ENOSPC. The caller is told the message could not be kept, the log says
// why, the lamp stays dark; the next caller for voicemail is not answered
// into a full mailbox (the line rings the handset instead).
func TestAppliance_TakeMessageDiskFull(t *testing.T) {
	r := newRig(t, fakeDecider{
		"2015550123": {Action: screening.ActionVoicemail, Number: "+12015550123"},
		"3125550188": {Action: screening.ActionVoicemail, Number: "+13125550188"},
	}, nil)
	r.mb.mu.Lock()
	r.mb.saveErr = fmt.Errorf("voicemail: writing m1.wav: %w", &fs.PathError{Op: "write", Path: "m1.wav", Err: syscall.ENOSPC})
	r.mb.mu.Unlock()
	r.dev.Line.Say(speech(time.Second))
	r.incoming("2015550123", "BOB")
	r.waitTrace("action record-line message")
	r.dev.Line.Say(speech(time.Second))
	r.waitTrace("event saved failed (the disk is full)")
	r.waitTrace("action play-line message-not-kept")
	recs := r.waitLog(1)
	if l := recs[0]; l.Outcome != screening.OutcomeFailed || l.Message != "" || !strings.Contains(l.Reason, "message not saved: the disk is full") {
		t.Fatalf("log %+v\n%s", l, r.trace)
	}
	r.dev.Line.CallerHangUp(hal.LineBusy)
	time.Sleep(400 * time.Millisecond) // past the ring gap: the call is over
	r.incoming("3125550188", "SAM")
	r.wait("relay: pass-through")
	recs = r.waitLog(2)
	if !strings.Contains(recs[1].Reason, "mailbox full") || strings.Contains(r.dev.Rec.String(), "on-hook data") {
		t.Errorf("second call %+v; devices:\n%s", recs[1], r.dev.Rec)
	}
}

// A double press of the button rings the handset; lifted, it plays the
// new message first, then the saved one; 7 deletes, 9 saves.
func TestAppliance_ButtonPlaysMessages(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	now := time.Now()
	r.mb.Save(screening.Message{Number: "+12015550123", Time: now.Add(-time.Hour)}, nil)
	r.mb.Save(screening.Message{Number: "+13125550188", Time: now.Add(-2 * time.Hour), CallBack: "+13125550188"}, nil)
	r.mb.MarkHeard("m1")
	r.dev.Button.Press(hal.ButtonDouble)
	r.wait(`handset: ring dr3 cid "" "VOICEMAIL"`)
	r.dev.Handset.Lift()
	r.waitTrace("event message 1/2 m2")
	r.waitTrace("action play-handset you-have digit-1 new-message and digit-1 saved-message message digit-1 today at")
	r.waitTrace("action play-message m2")
	r.waitTrace("action play-handset message-options")
	r.dev.Handset.Press("9")
	r.waitTrace("event message 2/2 m1")
	r.waitTrace("action play-message m1")
	r.dev.Handset.Press("7")
	r.waitTrace("action play-handset no-more-messages goodbye")
	r.wait("relay: pass-through") // still lifted: the handset gets the line
	msgs := r.messages()
	for deadline := time.Now().Add(5 * time.Second); len(msgs) != 1 && time.Now().Before(deadline); msgs = r.messages() {
		time.Sleep(5 * time.Millisecond) // the deletion runs beside the call loop
	}
	if len(msgs) != 1 || msgs[0].ID != "m2" || !msgs[0].Heard {
		t.Errorf("messages after 9 on m2 and 7 on m1: %+v\n%s", msgs, r.trace)
	}
	r.dev.Handset.Hang()
	r.dev.Line.Emit(hal.LineEvent{Kind: hal.LineExtensionOnHook})
	r.wait("relay: isolated")
}

// The phone's lamp: VMWI on when a message waits, off when it is heard,
// each after a ring pulse; decoded by the caller-ID receiver.
func TestAppliance_MessageLamp(t *testing.T) {
	r := newRig(t, fakeDecider{}, nil)
	r.mb.Save(screening.Message{Number: "+12015550123"}, nil)
	r.app.MailboxChanged()
	r.wait("handset: on-hook data ring-pulse")
	r.wait("led: blink 1")
	if err := r.app.PlayMessage("m1"); err != nil {
		t.Fatal(err)
	}
	r.wait("handset: ring dr3")
	r.dev.Handset.Lift()
	r.waitTrace("action play-handset message-options")
	r.dev.Handset.Hang()
	r.waitTrace("action indicate off ring-pulse")
	r.wait("led: on")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	first, _ := r.dev.Rec.Wait(ctx, 0, "handset: on-hook data")
	if _, err := r.dev.Rec.Wait(ctx, first+1, "handset: on-hook data"); err != nil {
		t.Fatal(err)
	}
	data := r.dev.Handset.OnHookData()
	if len(data) != 2 {
		t.Fatalf("%d on-hook transmissions, want 2 (on, off)", len(data))
	}
	for i, want := range []dsp.VMWI{dsp.VMWIOn, dsp.VMWIOff} {
		got := dsp.VMWINone
		for _, e := range dsp.NewCIDReceiver(dsp.CIDRxOptions{}).Process(data[i], nil) {
			if e.Err == nil {
				got = e.VMWI
			}
		}
		if got != want {
			t.Errorf("transmission %d decodes as %s, want %s", i, got, want)
		}
	}
	if strings.Count(r.trace.String(), "action indicate") != 2 {
		t.Errorf("indications:\n%s", r.trace)
	}
}
