package call

import (
	"secretary/hal"
	"secretary/screening"
)

// global handles events whose meaning does not depend much on the phase; it
// reports whether e was consumed.
func (m *machine) global(e Event) bool {
	if e.Kind == EvHandsetOnHook {
		m.s.Holding = false // the owner put down the handset they held through the playback
	}
	switch e.Kind {
	case EvHandsetOffHook, EvHandsetOnHook:
		m.s.HandsetUp = e.Kind == EvHandsetOffHook
		return false // the phase acts on it
	case EvRing, EvCallerID:
		return m.newCallEvent(e)
	case EvTimer:
		if e.Timer != TimerWaiting {
			return false
		}
		m.flushWaiting()
	case EvLineDown:
		m.lineDown(e)
	case EvLineUp:
		m.lineUp()
	case EvCallWaiting:
		// the line is in use: never answer into a conversation, but log it
		m.callWaiting(e)
	case EvExtensionOffHook:
		m.extensionOffHook()
	case EvExtensionOnHook:
		m.s.ExtOffHook = false
		if m.s.Phase == PhaseConnected || m.s.Phase == PhaseOutgoing {
			m.idle()
		}
	default:
		return false
	}
	return true
}

// lineDown: the line device is gone. Everything stops, the handset gets the
// line, and a call in progress is logged as failed.
func (m *machine) lineDown(e Event) {
	s := &m.s
	if s.Phase == PhaseLineDown {
		return
	}
	m.stopTimers()
	m.cancelOps()
	logIt := s.inCall()
	if logIt {
		s.Outcome = screening.OutcomeFailed
		s.Note = "line device lost"
		if e.Why != "" {
			s.Note += ": " + e.Why
		}
	}
	m.relay(hal.RelayPassThrough)
	if logIt {
		m.log()
	}
	m.flushWaiting()
	s.Phase = PhaseLineDown
	s.Current = Current{}
}

// lineUp: the line device is back and idle.
func (m *machine) lineUp() {
	s := &m.s
	if s.Phase != PhaseLineDown {
		return
	}
	if s.ExtOffHook {
		s.Phase = PhaseOutgoing // someone is on the line: isolate when they hang up
		return
	}
	m.relay(hal.RelayIsolated)
	s.Phase = PhaseIdle
}

// extensionOffHook: a phone on the line was picked up.
func (m *machine) extensionOffHook() {
	s := &m.s
	s.ExtOffHook = true
	switch {
	case preAnswer(s.Phase):
		// answered on another phone on the line
		m.do(Action{Kind: ActCancelHandset})
		s.Outcome = screening.OutcomeAnswered
		s.Note = "answered on an extension"
		if s.Phase == PhasePassing {
			m.connected()
		} else {
			m.stopTimers()
			m.log()
			s.Phase = PhaseConnected // wait for the extension to hang up
		}
	case s.OffHook && !s.ownerOnLine() && !s.accepting() && s.Phase != PhaseHangingUp:
		// someone picked up an extension during screening: get out of the way
		s.Note = "answered on an extension"
		m.hangUp(screening.OutcomeAnswered)
	}
}

// preAnswer reports whether the phase is before the box took the line off-hook.
func preAnswer(p Phase) bool {
	switch p {
	case PhaseWaitCID, PhaseDeciding, PhasePassing, PhasePassRinging, PhaseIgnoring:
		return true
	}
	return false
}
