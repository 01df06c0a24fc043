package call

import (
	"secretary/hal"
	"secretary/screening"
)

// The deciding and pass group: waiting for caller ID (PhaseWaitCID), asking
// the decider (PhaseDeciding), and a passed call ringing the handset
// (PhasePassing through the line, PhasePassRinging from the box).

func (m *machine) onWaitCID(e Event) {
	s := &m.s
	switch e.Kind {
	case EvCallerID:
		s.Caller = e.Caller
		m.decide()
	case EvRing, EvNoCallerID:
		if e.Kind == EvRing { // the second ring: no caller ID will come
			m.ringAgain()
		}
		s.Caller = screening.Call{Presentation: screening.PresentationNone}
		m.decide()
	case EvTimer, EvCallerGone:
		s.Note = "rang off before caller ID"
		m.idle()
	case EvHandsetOffHook:
		m.ownerLifted()
	}
}

func (m *machine) onDeciding(e Event) {
	switch e.Kind {
	case EvDecision:
		m.decided(e)
	case EvRing:
		m.ringAgain()
	case EvTimer, EvCallerGone:
		m.s.Note = "rang off before the decision"
		m.idle()
	case EvHandsetOffHook:
		m.ownerLifted()
	}
}

// ownerLifted: the owner took the call on the handset before the box
// decided; the handset gets the line.
func (m *machine) ownerLifted() {
	m.s.Outcome = screening.OutcomeAnswered
	m.s.Note = "owner lifted the handset"
	m.connected()
}

// decide asks the decider about the caller.
func (m *machine) decide() {
	m.do(Action{Kind: ActDecide, Caller: m.s.Caller})
	m.s.Phase = PhaseDeciding
}

// decided acts on the decider's answer. The decision's treatment of a
// blocked call is concrete: the decider resolves it.
func (m *machine) decided(e Event) {
	s := &m.s
	s.Decision = e.Decision
	s.Challenge = e.Challenge
	s.MailboxFull = e.MailboxFull
	s.Person, _ = s.Config.Switchboard.People.ByID(e.Decision.Person)
	cfg := s.Config
	action := s.Decision.Action
	if action == screening.ActionScreen && !cfg.Handset {
		action = screening.ActionVoicemail
		s.Note = "no handset to announce to"
	}
	if action == screening.ActionVoicemail && s.MailboxFull {
		action = screening.ActionPass
		s.Note = "mailbox full"
	}
	if s.ExtOffHook && action != screening.ActionPass {
		// a conversation is on the line (call waiting): never answer into it
		s.Outcome = screening.OutcomePassed
		s.Note = "line in use: not answered"
		m.idle()
		return
	}
	switch action {
	case screening.ActionPass:
		s.Outcome = screening.OutcomePassed
		if s.Holding { // the owner holds the lifted handset: the line goes to it
			s.Outcome = screening.OutcomeAnswered
			s.Note = "the owner was hearing the messages"
			m.connected()
			return
		}
		if s.Person.ID != "" && cfg.Handset && !s.ExtOffHook {
			m.passToPerson()
			return
		}
		if cfg.PassRing && cfg.Handset {
			m.do(Action{Kind: ActRingHandset, Ring: RingNormal, Caller: s.Caller})
			s.Phase = PhasePassRinging
			return
		}
		m.relay(hal.RelayPassThrough)
		s.Phase = PhasePassing
	case screening.ActionBlock:
		s.Outcome = screening.OutcomeBlocked
		m.block(s.Decision.Treatment)
	case screening.ActionScreen:
		s.Outcome = screening.OutcomeAbandoned
		m.answer(PhaseScreenAnswer)
	case screening.ActionVoicemail:
		s.Outcome = screening.OutcomeAbandoned
		m.answer(PhaseVMAnswer)
	}
}

// answer takes the line off-hook for the phase next.
func (m *machine) answer(next Phase) {
	m.stopTimer(TimerRingGap)
	m.do(Action{Kind: ActAnswer})
	m.s.Phase = next
}

// onPassing: the relay gave the line to the handset; the line rings it.
func (m *machine) onPassing(e Event) {
	s := &m.s
	switch e.Kind {
	case EvRing:
		m.ringAgain()
	case EvHandsetOffHook:
		// boards that see the hook on the line side too (the sim board)
		s.Outcome = screening.OutcomeAnswered
		m.connected()
	case EvTimer, EvCallerGone:
		s.Outcome = screening.OutcomePassed
		if s.Config.ExtensionDetect || e.Kind == EvCallerGone {
			m.idle()
		} else {
			m.connected() // may have been answered: leave the line with the handset
		}
	}
}

// onPassRinging: the box rings the handset with the caller ID; the relay
// moves to the line the moment it is picked up (before anything else, so
// the caller's first words reach the owner), which answers the line.
func (m *machine) onPassRinging(e Event) {
	s := &m.s
	if e.Kind == EvTimer && e.Timer == TimerForward {
		m.unanswered()
		return
	}
	switch e.Kind {
	case EvRing:
		m.ringAgain()
	case EvHandsetDone, EvHandsetOffHook:
		if e.Kind == EvHandsetDone && e.Failed {
			// cannot ring the handset: let the line ring it
			m.relay(hal.RelayPassThrough)
			s.Phase = PhasePassing
			return
		}
		s.Outcome = screening.OutcomeAnswered
		m.relay(hal.RelayPassThrough)
		m.do(Action{Kind: ActCancelHandset})
		m.connected()
	case EvTimer, EvCallerGone:
		m.do(Action{Kind: ActCancelHandset})
		s.Outcome = screening.OutcomePassed
		m.idle()
	}
}
