package call

import (
	"secretary/hal"
	"secretary/screening"
)

// The idle group: no call (PhaseIdle), the owner's own call (PhaseOutgoing),
// and a message played to the owner's handset (PhaseMsgRing, PhaseMsgPlay).

func (m *machine) onIdle(e Event) {
	s := &m.s
	switch e.Kind {
	case EvRing:
		// Wait for caller ID even if the device numbers this ring 2 or
		// more (it may not have noticed the previous call end): the
		// second ring this call sees decides without caller ID.
		m.newCall()
		s.Rings = 1
	case EvCallerID: // caller ID before the first ring (DTMF CLIP, ETSI)
		m.newCall()
		s.Caller = e.Caller
		m.decide()
	case EvHandsetOffHook:
		m.relay(hal.RelayPassThrough)
		s.Phase = PhaseOutgoing
	case EvRecordVoice:
		m.recordVoice(e)
	case EvPlayMessage:
		if !s.Config.Handset || !s.Config.HandsetAudio || e.MessageID == "" {
			return
		}
		s.MessageWant = e.MessageID
		m.do(Action{Kind: ActRingHandset, Ring: RingMessage, Caller: screening.Call{Name: "VOICEMAIL"}})
		m.timer(TimerMsgRing, s.Config.AnnounceTimeout)
		s.Phase = PhaseMsgRing
	}
}

func (m *machine) onOutgoing(e Event) {
	if e.Kind == EvHandsetOnHook {
		m.idle()
	}
}

// onMessage: ringing the owner's handset to play a message, then playing it.
func (m *machine) onMessage(e Event) {
	s := &m.s
	switch e.Kind {
	case EvHandsetDone, EvHandsetOffHook:
		if s.Phase != PhaseMsgRing {
			return // PhaseMsgPlay done: the owner hangs up when they have heard it
		}
		if e.Failed {
			m.idle()
			return
		}
		m.stopTimer(TimerMsgRing)
		m.do(Action{Kind: ActCancelHandset})
		m.do(Action{Kind: ActPlayMessage, Message: s.MessageWant})
		s.Phase = PhaseMsgPlay
	case EvHandsetOnHook, EvTimer:
		m.do(Action{Kind: ActCancelHandset})
		m.idle()
	case EvRing, EvCallerID:
		// a call comes first
		m.do(Action{Kind: ActCancelHandset})
		m.idle()
		m.onIdle(e)
	}
}

// newCall starts a call at the first ring or caller ID.
func (m *machine) newCall() {
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
	m.relay(hal.RelayIsolated)
	m.s.Phase = PhaseIdle
	m.s.Current = Current{}
}
