package call

import (
	"secretary/hal"
	"secretary/screening"
)

// Calls for a person (a rule's --for, or the caller's menu choice) ring
// the handset with the person's cadence. Nobody picks up within
// forward-rings rings: with the phone company's call transfer on the line
// (Switchboard.Transfer) and a mobile for the person, the box forwards the
// call there (PhaseFwdAnswer, PhaseFwdPrompt, PhaseFwdFlash, PhaseFwdDial):
// it answers if it has not, says "please hold while I put your call
// through", flashes the hook (the caller is put on hold), dials the
// mobile and follows the call progress; when the mobile answers the box
// hangs up, which hands the caller over (the call is logged "forwarded").
// Busy, no answer or a failure: it flashes back to the caller
// (PhaseFwdBack) and takes a message for the person. Without transfer or
// a mobile it takes the message at once.

// passToPerson rings the handset with the person's cadence and the
// caller's ID for an allowed call: the relay moves to the line when it is
// picked up, as with pass-ring.
func (m *machine) passToPerson() {
	s := &m.s
	s.NoName = true
	m.do(Action{Kind: ActRingHandset, Ring: s.Person.Ring, Caller: s.Caller})
	m.timer(TimerForward, m.ringTime())
	s.Phase = PhasePassRinging
}

// unanswered: the handset rang out for a call for a person (or for a
// screened call: the owner). It forwards the call, takes a message, or
// (an allowed call that no mailbox can take) lets it ring on.
func (m *machine) unanswered() {
	s := &m.s
	sb := &s.Config.Switchboard
	switch {
	case s.ExtOffHook && !s.OffHook:
		// a phone on the line is in use: never answer into a conversation
	case s.Person.ID != "" && s.Person.Dial != "" && sb.Transfer:
		m.forward()
	case s.OffHook:
		m.voicemail()
	case s.MailboxFull:
		// an allowed call nobody can take a message for: the line rings on
	default:
		m.do(Action{Kind: ActCancelHandset})
		m.answer(PhaseVMAnswer)
	}
}

// forward starts forwarding the call to the person's mobile.
func (m *machine) forward() {
	s := &m.s
	m.stopTimers()
	m.cancelOps()
	if m.s.ownerOnLine() {
		m.relay(hal.RelayIsolated)
	}
	if !s.OffHook {
		m.do(Action{Kind: ActAnswer})
		s.Phase = PhaseFwdAnswer
		return
	}
	m.playLine(PhaseFwdPrompt, ClipForwarding)
}

func (m *machine) onForward(e Event) {
	s := &m.s
	if e.Kind == EvCallerGone {
		switch s.Phase {
		case PhaseFwdAnswer, PhaseFwdPrompt:
			m.hangUp(screening.OutcomeAbandoned)
		case PhaseFwdFlash, PhaseFwdDial:
			// while consulting, the line's tones are the mobile's: give up on it
			m.do(Action{Kind: ActCancelLine})
			m.forwardFailed(DialBusy)
		}
		return
	}
	if e.Kind != EvLineDone {
		return
	}
	switch s.Phase {
	case PhaseFwdAnswer:
		if m.answered(e) {
			m.playLine(PhaseFwdPrompt, ClipForwarding)
		}
	case PhaseFwdPrompt:
		if e.Failed {
			m.lineFailed()
			return
		}
		m.do(Action{Kind: ActFlash})
		s.Phase = PhaseFwdFlash
	case PhaseFwdFlash:
		if e.Failed {
			s.Note = "the line took no hook flash"
			m.voicemail()
			return
		}
		m.do(Action{Kind: ActDial, Number: s.Person.Dial, Limit: s.Config.Switchboard.TransferTimeout})
		s.Phase = PhaseFwdDial
	case PhaseFwdDial:
		d := e.Dial
		if e.Failed && d == DialNone {
			d = DialFailed
		}
		if d == DialAnswered {
			s.Note = "forwarded to the mobile"
			m.hangUp(screening.OutcomeForwarded)
			return
		}
		m.forwardFailed(d)
	case PhaseFwdBack:
		m.voicemail()
	}
}

// forwardFailed: the mobile did not take the call; back to the caller,
// then a message.
func (m *machine) forwardFailed(d DialOutcome) {
	s := &m.s
	switch d {
	case DialBusy:
		s.Note = "the mobile was busy"
	case DialNoAnswer:
		s.Note = "the mobile did not answer"
	default:
		s.Note = "forwarding failed"
	}
	m.do(Action{Kind: ActFlash})
	s.Phase = PhaseFwdBack
}
