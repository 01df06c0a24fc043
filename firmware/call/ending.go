package call

import (
	"secretary/hal"
	"secretary/screening"
)

// The ending group: a goodbye, tones or a message before the box hangs up
// (PhaseFarewell), the line going on-hook (PhaseHangingUp) and a call the
// handset holds on the line (PhaseConnected); with them the ways a call
// ends: farewell, hangUp, connected, lineFailed, and its one log record.

func (m *machine) onEnding(e Event) {
	s := &m.s
	switch s.Phase {
	case PhaseFarewell:
		if e.Kind == EvLineDone || e.Kind == EvCallerGone {
			if s.accepting() {
				m.relay(hal.RelayPassThrough) // the handset holds the line before the modem lets go
			}
			m.do(Action{Kind: ActCancelLine})
			m.do(Action{Kind: ActHangUp})
			s.Phase = PhaseHangingUp
		}
	case PhaseHangingUp:
		if e.Kind == EvLineDone {
			s.OffHook = false
			if s.accepting() {
				m.connected()
				return
			}
			m.idle()
		}
	case PhaseConnected:
		switch e.Kind {
		case EvHandsetOnHook:
			m.idle()
		case EvRing, EvCallerID:
			if !e.NewCall && (e.Kind == EvCallerID || s.HandsetUp) {
				// the handset holds the line: a ring reported as it was
				// lifted belongs to the call it answered
				return
			}
			// the line rings, so no phone is off-hook: a new call
			m.idle()
			m.onIdle(e)
		}
	}
}

// farewell plays clips (or a tone) to the caller, then hangs up; the call
// ends with outcome o.
func (m *machine) farewell(o screening.Outcome, tone Tone, clips ...Clip) {
	m.stopTimers()
	m.cancelOps()
	m.s.Outcome = o
	if m.s.ownerOnLine() && !m.s.accepting() {
		m.relay(hal.RelayIsolated) // the owner declined: off the line
	}
	if tone != 0 {
		m.do(Action{Kind: ActToneLine, Tone: tone})
	} else {
		m.do(Action{Kind: ActPlayLine, Clips: clips})
	}
	m.s.Phase = PhaseFarewell
}

// hangUp abandons any line and handset operation and puts the line on-hook;
// the call ends with outcome o when that is done.
func (m *machine) hangUp(o screening.Outcome) {
	m.stopTimers()
	m.cancelOps()
	m.s.Outcome = o
	if m.s.ownerOnLine() && !m.s.accepting() {
		m.relay(hal.RelayIsolated)
	}
	m.do(Action{Kind: ActHangUp})
	m.s.Phase = PhaseHangingUp
}

// connected logs the call and leaves the handset with the line.
func (m *machine) connected() {
	m.stopTimers()
	m.relay(hal.RelayPassThrough)
	m.log()
	m.s.Phase = PhaseConnected
}

// lineFailed handles a failed line operation: the box gets out of the way.
func (m *machine) lineFailed() {
	m.do(Action{Kind: ActCancelHandset})
	if m.s.OffHook {
		m.do(Action{Kind: ActHangUp})
		m.s.OffHook = false
	}
	m.s.Outcome = screening.OutcomeFailed
	m.s.Note = "line device failed"
	m.connected()
}

// log emits the call's record once.
func (m *machine) log() {
	if m.s.logged() {
		return
	}
	s := m.s
	reason := s.Decision.Reason
	if s.Note != "" {
		if reason != "" {
			reason += "; "
		}
		reason += s.Note
	}
	m.do(Action{Kind: ActLog, Log: screening.LogRecord{
		Time:         s.Start,
		Number:       s.Decision.Number,
		Raw:          s.Caller.Number,
		Name:         CleanName(s.Caller.Name),
		Presentation: s.Caller.Presentation,
		Decision:     s.Decision.Action,
		Rule:         s.Decision.Rule,
		Reason:       reason,
		Outcome:      s.Outcome,
		Duration:     m.at.Sub(s.Start),
		Message:      s.MessageID,
		Person:       s.Person.ID,
		CallBack:     s.CallBack,
		Urgent:       s.Urgent,
	}})
}
