package call

import "secretary/screening"

// Recording a person's name from the handset (PhaseVoiceRing,
// PhaseVoicePrompt, PhaseVoiceRecord, PhaseVoicePlay): the owner asks for
// it on the console (EvRecordVoice); the handset rings with the message
// cadence; picked up, it says "after the beep, say the name", beeps,
// records the name (at most VoiceLimit, until the owner falls silent),
// which the runtime keeps as the person's name clip, and plays it back.
// Putting the handset down ends it at any point; a call comes first.

// recordVoice starts a name recording for e.Person.
func (m *machine) recordVoice(e Event) {
	s := &m.s
	if !s.Config.Handset || !s.Config.HandsetAudio || e.Person == "" {
		return
	}
	s.Person = Person{ID: e.Person}
	m.do(Action{Kind: ActRingHandset, Ring: RingMessage, Caller: screening.Call{Name: "RECORD NAME"}})
	m.timer(TimerMsgRing, s.Config.AnnounceTimeout)
	s.Phase = PhaseVoiceRing
}

func (m *machine) onVoice(e Event) {
	s := &m.s
	switch e.Kind {
	case EvRing, EvCallerID:
		m.do(Action{Kind: ActCancelHandset})
		m.idle()
		m.onIdle(e) // a call comes first
	case EvHandsetOnHook, EvTimer:
		m.do(Action{Kind: ActCancelHandset})
		m.idle()
	case EvHandsetOffHook:
		if s.Phase == PhaseVoiceRing {
			m.voicePrompt()
		}
	case EvHandsetDone:
		if e.Failed && s.Phase != PhaseVoicePlay {
			m.do(Action{Kind: ActCancelHandset})
			m.idle()
			return
		}
		switch s.Phase {
		case PhaseVoiceRing:
			m.voicePrompt()
		case PhaseVoicePrompt:
			m.do(Action{Kind: ActRecordHandset, Person: s.Person.ID, Limit: VoiceLimit})
			s.Phase = PhaseVoiceRecord
		case PhaseVoiceRecord:
			m.do(Action{Kind: ActPlayHandset, Clips: []Clip{PersonClip(s.Person.ID)}})
			s.Phase = PhaseVoicePlay
		}
	}
}

// voicePrompt: the owner picked up; tell them what to do.
func (m *machine) voicePrompt() {
	m.stopTimer(TimerMsgRing)
	m.do(Action{Kind: ActCancelHandset})
	m.do(Action{Kind: ActPlayHandset, Clips: []Clip{ClipRecordVoice, ClipBeep}})
	m.s.Phase = PhaseVoicePrompt
}
