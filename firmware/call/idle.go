package call

import (
	"secretary/hal"
	"secretary/screening"
)

// The idle group: no call (PhaseIdle) and the owner's own call
// (PhaseOutgoing). The messages played to the owner's handset are the
// message group (message.go).

func (m *machine) onIdle(e Event) {
	s := &m.s
	switch e.Kind {
	case EvRing:
		// Wait for caller ID even if the device numbers this ring 2 or
		// more (it may not have noticed the previous call end): the
		// second ring this call sees decides without caller ID.
		m.newCall()
		s.Rings = 1
	case EvCallerID:
		// caller ID before the first ring (DTMF CLIP, ETSI: Ring 0), or
		// after the ring that started this call (Ring 1: it began within
		// the ring gap of the previous one)
		m.newCall()
		s.Rings = e.Ring
		s.Caller = e.Caller
		m.decide()
	case EvHandsetOffHook:
		m.relay(hal.RelayPassThrough)
		s.Phase = PhaseOutgoing
	case EvRecordVoice:
		m.recordVoice(e)
	case EvPlayMessage:
		m.ringForMessages(e.MessageID)
	}
}

func (m *machine) onOutgoing(e Event) {
	if e.Kind == EvHandsetOnHook {
		m.idle()
	}
}

// newCall starts a call at the first ring or caller ID.
func (m *machine) newCall() {
	m.flushWaiting()
	m.relay(hal.RelayIsolated)
	m.s.Phase = PhaseWaitCID
	m.s.Current = Current{Start: m.at, Outcome: screening.OutcomeAbandoned}
	m.timer(TimerRingGap, m.s.Config.RingGap)
}

// idle ends the call (logging it if not yet) and returns to idle with the
// handset isolated.
func (m *machine) idle() {
	m.stopTimers()
	if !m.s.Start.IsZero() {
		m.log()
	}
	m.flushWaiting()
	m.relay(hal.RelayIsolated)
	m.s.Phase = PhaseIdle
	m.s.Current = Current{}
}
