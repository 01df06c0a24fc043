package console

import (
	"strings"
	"testing"
	"time"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// stepper drives the real call machine and collects what the console
// would show: phase notices and step notices.
type stepper struct {
	s       call.State
	notices []string
	at      time.Time
}

func newStepper(cfg call.Config) *stepper {
	s, _ := call.Start(cfg)
	return &stepper{s: s, at: monday9}
}

func (p *stepper) feed(e call.Event) {
	p.at = p.at.Add(100 * time.Millisecond)
	e.At = p.at
	before := p.s
	p.s, _ = call.Next(p.s, e)
	if n := StepNotice(e, before, p.s); n != "" {
		p.notices = append(p.notices, n)
	}
	if p.s.Phase != before.Phase {
		if n := PhaseNotice(p.s); n != "" {
			p.notices = append(p.notices, n)
		}
	}
}

func (p *stepper) kind(k call.EventKind) { p.feed(call.Event{Kind: k}) }

// done finishes the running line operations until the phase is want.
func (p *stepper) until(want call.Phase) {
	for i := 0; i < 10 && p.s.Phase != want; i++ {
		p.feed(call.Event{Kind: call.EvLineDone, Recorded: time.Second, Voiced: true})
	}
}

func (p *stepper) has(t *testing.T, want ...string) {
	t.Helper()
	all := strings.Join(p.notices, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no notice %q in:\n%s", w, all)
		}
	}
}

// startCall rings, gives caller ID and the decision to screen with the
// challenge digit 5.
func (p *stepper) startCall(challenge byte) {
	p.feed(call.Event{Kind: call.EvRing, Ring: 1})
	e := call.Event{Kind: call.EvCallerID}
	e.Caller.Number, e.Caller.Name, e.Caller.Presentation = "2125550143", "HUDSON", screening.PresentationAvailable
	p.feed(e)
	p.feed(call.Event{Kind: call.EvDecision, Challenge: challenge,
		Decision: screening.Decision{Action: screening.ActionScreen, Number: "+12125550143", Reason: "no rule matched"}})
}

// The robocall challenge: the digit asked, a wrong key, the right one; the
// handset rung and answered, the owner's key; a message left.
func TestStepNotice_ChallengeKeysMessage(t *testing.T) {
	cfg := call.DefaultConfig()
	cfg.Challenge, cfg.ChallengeTries, cfg.Handset, cfg.HandsetAudio = true, 3, true, true
	p := newStepper(cfg)
	p.startCall('5')
	p.until(call.PhaseChallengeWait)
	p.feed(call.Event{Kind: call.EvDigit, Digit: '3'})
	p.until(call.PhaseChallengeWait)
	p.feed(call.Event{Kind: call.EvDigit, Digit: '5'})
	p.until(call.PhaseHold)
	p.kind(call.EvHandsetOffHook)
	p.until(call.PhaseOwnerChoice)
	p.feed(call.Event{Kind: call.EvHandsetDigit, Digit: '7'})
	p.feed(call.Event{Kind: call.EvHandsetDigit, Digit: '2'})
	p.until(call.PhaseVMRecord)
	p.kind(call.EvCallerGone)
	p.feed(call.Event{Kind: call.EvSaved, MessageID: "20261123-090000-1"})
	p.has(t,
		"challenge for 2125550143 HUDSON: the caller must press 5 (try 1 of 3)",
		"2125550143 HUDSON pressed 3, not 5: another try",
		"2125550143 HUDSON pressed 5: challenge passed",
		"ringing the handset",
		"key 7 on the handset: not a choice",
		"key 2 on the handset: voicemail for 2125550143 HUDSON",
		"voicemail left by 2125550143 HUDSON (message 20261123-090000-1",
	)
}

// The disk fills while a message is taken: the notice says it was not
// saved, and why.
func TestStepNotice_MessageNotSaved(t *testing.T) {
	cfg := call.DefaultConfig()
	cfg.Handset, cfg.HandsetAudio = true, true
	p := newStepper(cfg)
	p.startCall(0)
	p.until(call.PhaseHold)
	p.kind(call.EvHandsetOffHook)
	p.until(call.PhaseOwnerChoice)
	p.feed(call.Event{Kind: call.EvHandsetDigit, Digit: '2'})
	p.until(call.PhaseVMRecord)
	p.kind(call.EvCallerGone)
	p.feed(call.Event{Kind: call.EvSaved, Failed: true, Why: "the disk is full"})
	p.has(t, "the message from 2125550143 HUDSON could not be saved: the disk is full")
}

// Timeouts: a caller who presses nothing; a handset nobody answers; an
// owner who picks up and presses nothing.
func TestStepNotice_Timeouts(t *testing.T) {
	cfg := call.DefaultConfig()
	cfg.Challenge, cfg.ChallengeTries, cfg.Handset, cfg.HandsetAudio = true, 1, true, true
	p := newStepper(cfg)
	p.startCall('4')
	p.until(call.PhaseChallengeWait)
	p.feed(call.Event{Kind: call.EvTimer, Timer: call.TimerChallenge})
	p.has(t, "2125550143 HUDSON pressed no key in time: challenge failed (hung up on)")

	cfg.Challenge = false
	p = newStepper(cfg)
	p.startCall('4')
	p.until(call.PhaseHold)
	p.feed(call.Event{Kind: call.EvTimer, Timer: call.TimerAnnounce})
	p.has(t, "the handset was not answered in 24s: 2125550143 HUDSON (to voicemail)")

	p = newStepper(cfg)
	p.startCall('4')
	p.until(call.PhaseHold)
	p.kind(call.EvHandsetOffHook)
	p.until(call.PhaseOwnerChoice)
	p.feed(call.Event{Kind: call.EvTimer, Timer: call.TimerOwnerKey})
	p.has(t, "no key was pressed on the handset in 20s: 2125550143 HUDSON (to voicemail)")
}

// The modem gone and back.
func TestStepNotice_Modem(t *testing.T) {
	p := newStepper(call.DefaultConfig())
	p.feed(call.Event{Kind: call.EvLineDown, Why: "unplugged"})
	p.kind(call.EvLineUp)
	p.has(t, "the modem does not answer: calls pass through to the phone until it does", "the modem is back: calls are screened again")
}

// The button's notice says whom it put on which list, or why nobody.
func TestButtonText(t *testing.T) {
	for _, tc := range []struct {
		b    firmware.ButtonNotice
		want string
	}{
		{firmware.ButtonNotice{Press: hal.ButtonShort, Action: screening.ActionPass, Number: "+12015550123", Name: "ALICE", Queued: true},
			"button (short press): the last caller +12015550123 ALICE goes on the allow list"},
		{firmware.ButtonNotice{Press: hal.ButtonLong, Action: screening.ActionBlock},
			"button (long press): no caller since the box started, nothing added to the block list"},
		{firmware.ButtonNotice{Press: hal.ButtonLong, Action: screening.ActionBlock, Number: "+19005550000"},
			"button (long press): +19005550000 could not be added to the block list"},
	} {
		if got := ButtonText(tc.b); !strings.HasPrefix(got, tc.want) {
			t.Errorf("ButtonText(%+v) = %q, want %q", tc.b, got, tc.want)
		}
	}
	c := New(newMem(), nil, nil)
	var b strings.Builder
	s := c.attach(&b)
	c.CallNotice(firmware.Notice{Kind: firmware.NoticeButton, Button: firmware.ButtonNotice{Press: hal.ButtonShort, Number: "+1201", Queued: true}})
	c.CallNotice(firmware.Notice{Kind: firmware.NoticeStep, Event: call.Event{Kind: call.EvRing, Ring: 1}})
	s.close()
	if got := b.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "* button (short press): the last caller +1201") {
		t.Errorf("notices %q", got)
	}
}
