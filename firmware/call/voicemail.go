package call

import (
	"secretary/hal"
	"secretary/screening"
)

// The voicemail group: the box answers (PhaseVMAnswer), greets
// (PhaseVMGreeting), beeps (PhaseVMBeep), records (PhaseVMRecord) and keeps
// the message (PhaseVMSave).

func (m *machine) onVoicemail(e Event) {
	s := &m.s
	switch s.Phase {
	case PhaseVMAnswer:
		if e.Kind == EvCallerGone {
			m.hangUp(screening.OutcomeAbandoned)
		} else if m.answered(e) && !m.menuFirst(PhaseVMGreeting, false) {
			m.playLine(PhaseVMGreeting, m.greeting()...)
		}
	case PhaseVMGreeting, PhaseVMBeep:
		switch e.Kind {
		case EvLineDone:
			m.promptDone(e, PhaseVMBeep, PhaseVMRecord, RecordMessage, s.Config.MessageLimit)
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}
	case PhaseVMRecord:
		m.onMessageRecord(e)
	case PhaseVMSave:
		switch e.Kind {
		case EvCallerGone:
			s.CallerGone = true
		case EvSaved:
			o := screening.OutcomeVoicemail
			if e.Failed {
				o = screening.OutcomeFailed
				s.Note = "message not saved"
			}
			s.MessageID = e.MessageID
			m.goodbye(o, s.CallerGone)
		}
	}
}

func (m *machine) onMessageRecord(e Event) {
	s := &m.s
	switch e.Kind {
	case EvQuiet:
		m.do(Action{Kind: ActStopRecord})
	case EvCallerGone:
		s.CallerGone = true
		m.do(Action{Kind: ActStopRecord})
	case EvLineDone:
		if e.Voiced && e.Recorded > 0 {
			m.do(Action{Kind: ActSaveMessage})
			s.Phase = PhaseVMSave
			return
		}
		m.do(Action{Kind: ActDiscardMessage})
		s.Note = "no message"
		m.goodbye(screening.OutcomeAbandoned, s.CallerGone || e.Failed)
	}
}

// goodbye ends a voicemail call: "goodbye" to a caller still there, else
// (gone) straight on-hook.
func (m *machine) goodbye(o screening.Outcome, gone bool) {
	if gone {
		m.hangUp(o)
		return
	}
	m.farewell(o, 0, ClipGoodbye)
}

// voicemail moves an answered call to the greeting.
func (m *machine) voicemail() {
	m.stopTimers()
	m.cancelOps()
	if m.s.ownerOnLine() {
		m.relay(hal.RelayIsolated)
	}
	if m.s.MailboxFull {
		m.s.Note = "mailbox full"
		m.farewell(screening.OutcomeAbandoned, 0, ClipMailboxFull)
		return
	}
	m.playLine(PhaseVMGreeting, m.greeting()...)
}
