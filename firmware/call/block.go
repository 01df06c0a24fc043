package call

import "secretary/screening"

// The block group: a blocked caller is ignored (PhaseIgnoring), picked up
// and dropped (PhaseBlockDrop), or answered (PhaseBlockAnswer) for tones or
// a message before the box hangs up.

// block starts the treatment t of a blocked call. The decider resolves the
// treatment; hang-up, the cheapest, serves any other value.
func (m *machine) block(t screening.Treatment) {
	switch t {
	case screening.TreatmentIgnore:
		m.s.Phase = PhaseIgnoring
	case screening.TreatmentSIT, screening.TreatmentMessage, screening.TreatmentFax:
		m.answer(PhaseBlockAnswer)
	default: // screening.TreatmentHangup
		m.stopTimer(TimerRingGap)
		m.do(Action{Kind: ActPickUpAndDrop, Hold: m.s.Config.DropHold})
		m.s.Phase = PhaseBlockDrop
	}
}

func (m *machine) onBlock(e Event) {
	s := &m.s
	switch s.Phase {
	case PhaseIgnoring:
		switch e.Kind {
		case EvRing:
			m.ringAgain()
		case EvTimer, EvCallerGone:
			m.idle()
		}
	case PhaseBlockDrop:
		if e.Kind == EvLineDone {
			s.OffHook = false
			m.idle()
		}
	case PhaseBlockAnswer:
		switch e.Kind {
		case EvLineDone:
			if e.Failed {
				m.lineFailed()
				return
			}
			s.OffHook = true
			switch s.Decision.Treatment {
			case screening.TreatmentSIT:
				m.farewell(screening.OutcomeBlocked, ToneSIT)
			case screening.TreatmentFax:
				m.farewell(screening.OutcomeBlocked, ToneFax)
			default:
				m.farewell(screening.OutcomeBlocked, 0, ClipBlocked)
			}
		case EvCallerGone:
			m.hangUp(screening.OutcomeBlocked)
		}
	}
}
