package call

import (
	"strconv"
	"time"

	"secretary/hal"
	"secretary/screening"
)

// The screen group: the box answers (PhaseScreenAnswer), may ask for a
// digit (PhaseChallengePrompt, PhaseChallengeWait), records the caller's
// name (PhaseNamePrompt, PhaseNameBeep, PhaseNameRecord), holds the caller
// while ringing the handset (PhaseHold), announces the caller to the owner
// (PhaseAnnounce) and waits for the owner's key (PhaseOwnerChoice).

func (m *machine) onScreen(e Event) {
	if e.Kind == EvCallerGone {
		m.hangUp(screening.OutcomeAbandoned)
		return
	}
	switch m.s.Phase {
	case PhaseScreenAnswer:
		if m.answered(e) {
			// a caller who passed the challenge lately is not asked again
			if m.s.Config.Challenge && m.s.Challenge != 0 && m.s.Decision.ChallengePassed.IsZero() {
				m.playLine(PhaseChallengePrompt, ClipChallenge, DigitClip(m.s.Challenge))
			} else if !m.menuFirst(PhaseNamePrompt, true) {
				m.playLine(PhaseNamePrompt, ClipGreeting, ClipNameReason)
			}
		}
	case PhaseChallengePrompt, PhaseChallengeWait:
		m.onChallenge(e)
	case PhaseNamePrompt, PhaseNameBeep:
		if e.Kind == EvLineDone {
			m.promptDone(e, PhaseNameBeep, PhaseNameRecord, RecordName, m.s.Config.NameLimit)
		}
	case PhaseNameRecord:
		m.onNameRecord(e)
	}
}

// answered handles the end of ActAnswer: it reports whether the line is
// now off-hook (a failed answer ends the call with the line passed through).
func (m *machine) answered(e Event) bool {
	if e.Kind != EvLineDone {
		return false
	}
	if e.Failed {
		m.lineFailed()
		return false
	}
	m.s.OffHook = true
	return true
}

func (m *machine) onChallenge(e Event) {
	s := &m.s
	switch e.Kind {
	case EvLineDone:
		if e.Failed {
			m.lineFailed()
			return
		}
		if s.Phase == PhaseChallengePrompt {
			m.timer(TimerChallenge, s.Config.ChallengeTimeout)
			s.Phase = PhaseChallengeWait
		}
	case EvDigit:
		if e.Digit == s.Challenge {
			m.stopTimer(TimerChallenge)
			m.challengePassed()
			m.do(Action{Kind: ActCancelLine})
			if !m.menuFirst(PhaseNamePrompt, false) {
				m.playLine(PhaseNamePrompt, ClipNameReason)
			}
			return
		}
		m.challengeMiss()
	case EvTimer:
		if e.Timer == TimerChallenge {
			m.challengeMiss()
		}
	}
}

// challengePassed remembers a caller who pressed the right digit, so the
// next calls within Config.ChallengeRemember are not asked again: only a
// number that was delivered and is valid (the decider gave its E.164
// form), never a withheld one.
func (m *machine) challengePassed() {
	s := &m.s
	keep := s.Config.ChallengeRemember
	if keep <= 0 || s.Decision.Number == "" || s.Caller.Presentation != screening.PresentationAvailable {
		s.Note = "passed the robocall challenge"
		return
	}
	m.do(Action{Kind: ActRememberPass, Number: s.Decision.Number})
	s.Note = "passed the robocall challenge; not asked again for " + days(keep)
}

// days writes a remembering time the way the owner set it: "30 days",
// "1 day", else as a duration ("12h0m0s").
func days(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d == day:
		return "1 day"
	case d%day == 0:
		return strconv.Itoa(int(d/day)) + " days"
	}
	return d.String()
}

func (m *machine) challengeMiss() {
	s := &m.s
	s.Tries++
	m.stopTimer(TimerChallenge)
	if s.Tries >= s.Config.ChallengeTries {
		m.farewell(screening.OutcomeFailedChallenge, 0, ClipGoodbye)
		return
	}
	m.do(Action{Kind: ActCancelLine})
	m.playLine(PhaseChallengePrompt, ClipChallenge, DigitClip(s.Challenge))
}

// promptDone moves a prompt-beep-record sequence on when the line finishes
// playing: after the prompt the beep (phase beep), after the beep the
// recording (phase rec).
func (m *machine) promptDone(e Event, beep, rec Phase, what Record, limit time.Duration) {
	s := &m.s
	switch {
	case e.Failed:
		m.lineFailed()
	case s.Phase != beep:
		m.do(Action{Kind: ActToneLine, Tone: ToneBeep})
		s.Phase = beep
	default:
		m.do(Action{Kind: ActRecordLine, Record: what, Limit: limit})
		s.Phase = rec
	}
}

func (m *machine) onNameRecord(e Event) {
	s := &m.s
	switch e.Kind {
	case EvQuiet:
		m.do(Action{Kind: ActStopRecord})
	case EvLineDone:
		if e.Failed {
			m.lineFailed()
			return
		}
		s.NameVoiced = e.Voiced
		m.do(Action{Kind: ActHoldLine, Clips: []Clip{ClipHold}})
		m.do(Action{Kind: ActRingHandset, Ring: m.screenRing(),
			Caller: screening.Call{Number: s.Caller.Number, Name: ScreenedDisplay(s.Caller.Name), Presentation: s.Caller.Presentation}})
		m.timer(TimerAnnounce, m.ringTime())
		s.Phase = PhaseHold
	}
}

// onOwner: the caller holds while the handset rings (PhaseHold), hears
// nothing while the owner is told who calls (PhaseAnnounce) and chooses
// (PhaseOwnerChoice).
func (m *machine) onOwner(e Event) {
	s := &m.s
	if e.Kind == EvCallerGone {
		m.hangUp(screening.OutcomeAbandoned)
		return
	}
	if s.Phase == PhaseHold {
		switch {
		case e.Kind == EvHandsetDone && e.Failed:
			m.voicemail()
		case e.Kind == EvHandsetDone || e.Kind == EvHandsetOffHook:
			m.announce()
		case e.Kind == EvTimer && e.Timer == TimerAnnounce:
			m.unanswered()
		}
		return
	}
	key, done := EvHandsetDigit, EvHandsetDone
	if s.ownerOnLine() {
		key, done = EvDigit, EvLineDone
	}
	switch e.Kind {
	case done:
		if s.Phase == PhaseAnnounce {
			m.timer(TimerOwnerKey, s.Config.OwnerKeyTimeout)
			s.Phase = PhaseOwnerChoice
		}
	case key:
		m.ownerKey(e.Digit)
	case EvTimer:
		if e.Timer == TimerOwnerKey {
			m.voicemail()
		}
	case EvHandsetOnHook:
		if !s.ownerOnLine() {
			m.voicemail() // put down without a choice
		}
	}
}

// announce tells the owner who calls: on the handset, or over the line
// with the handset connected to it when the board has no handset audio.
func (m *machine) announce() {
	s := &m.s
	clips := m.announceHead()
	if s.NameVoiced {
		clips = append(clips, ClipRecordedName)
	}
	clips = append(clips, NumberClips(s.Decision.Number, s.Caller.Number)...)
	clips = append(clips, ClipOptions)
	m.stopTimer(TimerAnnounce)
	m.stopTimer(TimerOwnerKey)
	m.do(Action{Kind: ActCancelHandset})
	if s.Config.HandsetAudio {
		m.do(Action{Kind: ActPlayHandset, Clips: clips})
	} else {
		m.do(Action{Kind: ActCancelLine})
		m.relay(hal.RelayPassThrough)
		m.do(Action{Kind: ActPlayLine, Clips: clips})
	}
	s.Phase = PhaseAnnounce
}

// ownerKey handles the owner's choice on a screened call.
func (m *machine) ownerKey(d byte) {
	s := &m.s
	switch d {
	case '1', '4':
		if d == '4' && s.Decision.Number != "" {
			m.do(Action{Kind: ActList, List: screening.ActionPass, Number: s.Decision.Number, Name: CleanName(s.Caller.Name)})
		}
		m.farewell(screening.OutcomeAccepted, 0, ClipConnecting)
	case '2':
		m.voicemail()
	case '3':
		if s.Decision.Number != "" {
			m.do(Action{Kind: ActList, List: screening.ActionBlock, Number: s.Decision.Number, Name: CleanName(s.Caller.Name)})
		}
		if s.Config.RejectSIT {
			m.farewell(screening.OutcomeRejected, ToneSIT)
		} else {
			m.farewell(screening.OutcomeRejected, 0, ClipGoodbye)
		}
	case '*':
		m.announce()
	}
}
