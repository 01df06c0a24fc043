package call

import (
	"strings"
	"time"
	"unicode"

	"secretary/screening"
)

// State is everything the machine knows. It is a value: Next returns a new one.
type State struct {
	Phase      Phase
	Config     Config
	Relay      RelayState // as last commanded
	ExtOffHook bool       // a phone on the line is off-hook (outlives calls)

	// The call in progress (zero in PhaseIdle).
	Start       time.Time          // first ring (or caller ID)
	Caller      Caller             //
	Rings       int                //
	Decision    screening.Decision //
	Decided     bool               //
	Challenge   byte               // the digit the caller must press
	Tries       int                // challenge attempts used
	OffHook     bool               // the line device is off-hook
	Timers      uint8              // armed timers, bit per Timer
	NameVoiced  bool               // the caller said something for the name
	OwnerOnLine bool               // announcement over the line (no handset audio)
	CallerGone  bool               // the caller hung up while a recording ran
	Accepting   bool               // farewell/hang-up leads to Connected
	MailboxFull bool               // voicemail cannot take a message
	Outcome     screening.Outcome  //
	MessageID   string             //
	Note        string             // appended to the log's reason
	Logged      bool               // ActLog was emitted for this call
	MessageWant string             // PhaseMsgRing/PhaseMsgPlay: the message the owner asked for
}

// Start is the machine's initial state and the actions that put the box in
// it: the relay isolates the handset.
func Start(cfg Config) (State, []Action) {
	return State{Phase: PhaseIdle, Config: cfg, Relay: RelayIsolated},
		[]Action{{Kind: ActRelay, Relay: RelayIsolated}}
}

// machine accumulates actions for one step.
type machine struct {
	s    State
	acts []Action
	at   time.Time
}

func (m *machine) do(a Action) { m.acts = append(m.acts, a) }

func (m *machine) relay(r RelayState) {
	if m.s.Relay != r {
		m.s.Relay = r
		m.do(Action{Kind: ActRelay, Relay: r})
	}
}

func (m *machine) timer(t Timer, d time.Duration) {
	m.s.Timers |= 1 << t
	m.do(Action{Kind: ActTimer, Timer: t, Duration: d})
}

func (m *machine) stopTimer(t Timer) {
	if m.s.Timers&(1<<t) != 0 {
		m.s.Timers &^= 1 << t
		m.do(Action{Kind: ActCancelTimer, Timer: t})
	}
}

func (m *machine) stopTimers() {
	for t := TimerRingGap; t <= TimerMsgRing; t++ {
		m.stopTimer(t)
	}
}

func (m *machine) playLine(next Phase, clips ...Clip) {
	m.do(Action{Kind: ActPlayLine, Clips: clips})
	m.s.Phase = next
}

func (m *machine) answer(next Phase) {
	m.stopTimer(TimerRingGap)
	m.do(Action{Kind: ActAnswer})
	m.s.Phase = next
}

// log emits the call's record once.
func (m *machine) log() {
	if m.s.Logged {
		return
	}
	m.s.Logged = true
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
	}})
}

// idle ends the call (logging it if not yet) and returns to idle with the
// handset isolated.
func (m *machine) idle() {
	m.stopTimers()
	if !m.s.Start.IsZero() {
		m.log()
	}
	m.relay(RelayIsolated)
	m.s = State{Phase: PhaseIdle, Config: m.s.Config, Relay: m.s.Relay, ExtOffHook: m.s.ExtOffHook}
}

// connected logs the call and leaves the handset with the line.
func (m *machine) connected() {
	m.stopTimers()
	m.relay(RelayPassThrough)
	m.log()
	m.s.Phase = PhaseConnected
}

// hangUp abandons any line and handset operation and puts the line on-hook;
// the call ends with outcome o when that is done.
func (m *machine) hangUp(o screening.Outcome) {
	m.stopTimers()
	m.do(Action{Kind: ActCancelLine})
	m.do(Action{Kind: ActCancelHandset})
	m.s.Outcome = o
	if m.s.OwnerOnLine && !m.s.Accepting {
		m.relay(RelayIsolated)
	}
	m.do(Action{Kind: ActHangUp})
	m.s.Phase = PhaseHangingUp
}

// farewell plays clips (or a tone) to the caller, then hangs up.
func (m *machine) farewell(o screening.Outcome, tone Tone, clips ...Clip) {
	m.stopTimers()
	m.do(Action{Kind: ActCancelLine})
	m.do(Action{Kind: ActCancelHandset})
	if m.s.OwnerOnLine && !m.s.Accepting {
		m.relay(RelayIsolated)
		m.s.OwnerOnLine = false
	}
	m.s.Outcome = o
	if tone != 0 {
		m.do(Action{Kind: ActToneLine, Tone: tone})
	} else {
		m.do(Action{Kind: ActPlayLine, Clips: clips})
	}
	m.s.Phase = PhaseFarewell
}

// voicemail moves an answered call to the greeting.
func (m *machine) voicemail() {
	m.stopTimers()
	m.do(Action{Kind: ActCancelLine})
	m.do(Action{Kind: ActCancelHandset})
	if m.s.OwnerOnLine {
		m.relay(RelayIsolated)
		m.s.OwnerOnLine = false
	}
	if m.s.MailboxFull {
		m.s.Note = "mailbox full"
		m.farewell(screening.OutcomeAbandoned, 0, ClipMailboxFull)
		return
	}
	m.playLine(PhaseVMGreeting, ClipVoicemail)
}

// decide asks the decider about the caller.
func (m *machine) decide() {
	m.do(Action{Kind: ActDecide, Caller: m.s.Caller})
	m.s.Phase = PhaseDeciding
}

// newCall starts a call at the first ring or caller ID.
func (m *machine) newCall() {
	m.relay(RelayIsolated)
	m.s = State{Phase: PhaseWaitCID, Config: m.s.Config, Relay: m.s.Relay, ExtOffHook: m.s.ExtOffHook,
		Start: m.at, Outcome: screening.OutcomeAbandoned}
	m.timer(TimerRingGap, m.s.Config.RingGap)
}

func (m *machine) announce() {
	s := &m.s
	clips := []Clip{ClipScreened}
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
		s.OwnerOnLine = true
		m.relay(RelayPassThrough)
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
			m.do(Action{Kind: ActList, List: "allow", Number: s.Decision.Number, Name: CleanName(s.Caller.Name)})
		}
		s.Accepting = true
		m.farewell(screening.OutcomeAccepted, 0, ClipConnecting)
	case '2':
		m.voicemail()
	case '3':
		if s.Decision.Number != "" {
			m.do(Action{Kind: ActList, List: "block", Number: s.Decision.Number, Name: CleanName(s.Caller.Name)})
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

// preAnswer reports whether the phase is before the box took the line off-hook.
func preAnswer(p Phase) bool {
	switch p {
	case PhaseWaitCID, PhaseDeciding, PhasePassing, PhasePassRinging, PhaseIgnoring:
		return true
	}
	return false
}

// inCall reports whether a call is in progress and not yet logged.
func (s State) inCall() bool {
	return s.Phase != PhaseIdle && s.Phase != PhaseOutgoing && s.Phase != PhaseLineDown && !s.Logged && !s.Start.IsZero()
}

// Next is the machine: the state after e and the actions to execute, in order.
func Next(s State, e Event) (State, []Action) {
	m := &machine{s: s, at: e.At}
	if e.Kind == EvTimer {
		if m.s.Timers&(1<<e.Timer) == 0 {
			return m.s, nil // disarmed meanwhile
		}
		m.s.Timers &^= 1 << e.Timer
	}
	if !m.global(e) {
		m.phase(e)
	}
	return m.s, m.acts
}

// global handles events whose meaning does not depend much on the phase; it
// reports whether e was consumed.
func (m *machine) global(e Event) bool {
	s := &m.s
	switch e.Kind {
	case EvLineDown:
		if s.Phase == PhaseLineDown {
			return true
		}
		m.stopTimers()
		m.do(Action{Kind: ActCancelLine})
		m.do(Action{Kind: ActCancelHandset})
		if s.inCall() {
			s.Outcome = screening.OutcomeFailed
			s.Note = "line device lost"
			if e.Why != "" {
				s.Note += ": " + e.Why
			}
		}
		m.relay(RelayPassThrough)
		if s.inCall() {
			m.log()
		}
		m.s = State{Phase: PhaseLineDown, Config: s.Config, Relay: s.Relay, ExtOffHook: s.ExtOffHook}
		return true
	case EvLineUp:
		if s.Phase != PhaseLineDown {
			return true
		}
		if s.ExtOffHook {
			s.Phase = PhaseOutgoing // someone is on the line: isolate when they hang up
			return true
		}
		m.relay(RelayIsolated)
		s.Phase = PhaseIdle
		return true
	case EvCallWaiting:
		return true // the line is in use: never answer into a conversation
	case EvExtensionOffHook:
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
		case s.OffHook && !s.OwnerOnLine && !s.Accepting && s.Phase != PhaseHangingUp:
			// someone picked up an extension during screening: get out of the way
			s.Note = "answered on an extension"
			m.hangUp(screening.OutcomeAnswered)
		}
		return true
	case EvExtensionOnHook:
		s.ExtOffHook = false
		if s.Phase == PhaseConnected || s.Phase == PhaseOutgoing {
			m.idle()
		}
		return true
	}
	return false
}

func (m *machine) phase(e Event) {
	s := &m.s
	switch s.Phase {
	case PhaseIdle:
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
			m.relay(RelayPassThrough)
			s.Phase = PhaseOutgoing
		case EvPlayMessage:
			if !s.Config.Handset || !s.Config.HandsetAudio || e.MessageID == "" {
				return
			}
			s.MessageWant = e.MessageID
			m.do(Action{Kind: ActRingHandset, Ring: RingMessage, Caller: Caller{Name: "VOICEMAIL"}})
			m.timer(TimerMsgRing, s.Config.AnnounceTimeout)
			s.Phase = PhaseMsgRing
		}

	case PhaseMsgRing, PhaseMsgPlay:
		switch e.Kind {
		case EvHandsetDone, EvHandsetOffHook:
			if s.Phase == PhaseMsgRing {
				if e.Failed {
					m.idle()
					return
				}
				m.stopTimer(TimerMsgRing)
				m.do(Action{Kind: ActCancelHandset})
				m.do(Action{Kind: ActPlayMessage, Message: s.MessageWant})
				s.Phase = PhaseMsgPlay
			}
			// PhaseMsgPlay done: the owner hangs up when they have heard it
		case EvHandsetOnHook, EvTimer:
			m.do(Action{Kind: ActCancelHandset})
			m.idle()
		case EvRing, EvCallerID:
			// a call comes first
			m.do(Action{Kind: ActCancelHandset})
			m.idle()
			m.phase(e)
		}

	case PhaseOutgoing:
		if e.Kind == EvHandsetOnHook {
			m.idle()
		}

	case PhaseWaitCID:
		switch e.Kind {
		case EvCallerID:
			s.Caller = e.Caller
			m.decide()
		case EvRing, EvNoCallerID:
			if e.Kind == EvRing {
				s.Rings++
				m.timer(TimerRingGap, s.Config.RingGap)
			}
			s.Caller = Caller{Presentation: screening.PresentationNone}
			m.decide()
		case EvTimer, EvCallerGone:
			s.Note = "rang off before caller ID"
			m.idle()
		case EvHandsetOffHook:
			s.Outcome = screening.OutcomeAnswered
			s.Note = "owner lifted the handset"
			m.connected()
		}

	case PhaseDeciding:
		switch e.Kind {
		case EvDecision:
			m.decided(e)
		case EvRing:
			s.Rings++
			m.timer(TimerRingGap, s.Config.RingGap)
		case EvTimer, EvCallerGone:
			s.Note = "rang off before the decision"
			m.idle()
		case EvHandsetOffHook:
			s.Outcome = screening.OutcomeAnswered
			s.Note = "owner lifted the handset"
			m.connected()
		}

	case PhasePassing:
		switch e.Kind {
		case EvRing:
			s.Rings++
			m.timer(TimerRingGap, s.Config.RingGap)
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

	case PhasePassRinging:
		switch e.Kind {
		case EvRing:
			s.Rings++
			m.timer(TimerRingGap, s.Config.RingGap)
		case EvHandsetDone, EvHandsetOffHook:
			if e.Kind == EvHandsetDone && e.Failed {
				// cannot ring the handset: let the line ring it
				m.relay(RelayPassThrough)
				s.Phase = PhasePassing
				return
			}
			s.Outcome = screening.OutcomeAnswered
			m.do(Action{Kind: ActCancelHandset})
			m.connected()
		case EvTimer, EvCallerGone:
			m.do(Action{Kind: ActCancelHandset})
			s.Outcome = screening.OutcomePassed
			m.idle()
		}

	case PhaseIgnoring:
		switch e.Kind {
		case EvRing:
			s.Rings++
			m.timer(TimerRingGap, s.Config.RingGap)
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

	case PhaseScreenAnswer, PhaseVMAnswer:
		switch e.Kind {
		case EvLineDone:
			if e.Failed {
				m.lineFailed()
				return
			}
			s.OffHook = true
			switch {
			case s.Phase == PhaseVMAnswer:
				m.playLine(PhaseVMGreeting, ClipVoicemail)
			case s.Config.Challenge && s.Challenge != 0:
				m.playLine(PhaseChallengePrompt, ClipChallenge, DigitClip(s.Challenge))
			default:
				m.playLine(PhaseNamePrompt, ClipGreeting, ClipNameReason)
			}
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseChallengePrompt, PhaseChallengeWait:
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
				m.do(Action{Kind: ActCancelLine})
				m.playLine(PhaseNamePrompt, ClipNameReason)
				return
			}
			m.challengeMiss()
		case EvTimer:
			if e.Timer == TimerChallenge {
				m.challengeMiss()
			}
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseNamePrompt, PhaseNameBeep:
		switch e.Kind {
		case EvLineDone:
			m.promptDone(e, PhaseNameBeep, PhaseNameRecord, RecordName, s.Config.NameLimit)
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseNameRecord:
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
			m.do(Action{Kind: ActRingHandset, Ring: RingScreened,
				Caller: Caller{Number: s.Caller.Number, Name: s.Config.ScreenedName, Presentation: s.Caller.Presentation}})
			m.timer(TimerAnnounce, s.Config.AnnounceTimeout)
			s.Phase = PhaseHold
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseHold:
		switch e.Kind {
		case EvHandsetDone, EvHandsetOffHook:
			if e.Kind == EvHandsetDone && e.Failed {
				m.voicemail()
				return
			}
			m.announce()
		case EvTimer:
			if e.Timer == TimerAnnounce {
				m.voicemail()
			}
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseAnnounce, PhaseOwnerChoice:
		owner := EvHandsetDigit
		done := EvHandsetDone
		if s.OwnerOnLine {
			owner, done = EvDigit, EvLineDone
		}
		switch e.Kind {
		case done:
			if s.Phase == PhaseAnnounce {
				m.timer(TimerOwnerKey, s.Config.OwnerKeyTimeout)
				s.Phase = PhaseOwnerChoice
			}
		case owner:
			m.ownerKey(e.Digit)
		case EvTimer:
			if e.Timer == TimerOwnerKey {
				m.voicemail()
			}
		case EvHandsetOnHook:
			if !s.OwnerOnLine {
				m.voicemail() // put down without a choice
			}
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseVMGreeting, PhaseVMBeep:
		switch e.Kind {
		case EvLineDone:
			m.promptDone(e, PhaseVMBeep, PhaseVMRecord, RecordMessage, s.Config.MessageLimit)
		case EvCallerGone:
			m.hangUp(screening.OutcomeAbandoned)
		}

	case PhaseVMRecord:
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
			if s.CallerGone || e.Failed {
				m.hangUp(screening.OutcomeAbandoned)
			} else {
				m.farewell(screening.OutcomeAbandoned, 0, ClipGoodbye)
			}
		}

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
			if s.CallerGone {
				m.hangUp(o)
			} else {
				m.farewell(o, 0, ClipGoodbye)
			}
		}

	case PhaseFarewell:
		switch e.Kind {
		case EvLineDone, EvCallerGone:
			if s.Accepting {
				m.relay(RelayPassThrough) // the handset holds the line before the modem lets go
			}
			m.do(Action{Kind: ActCancelLine})
			m.do(Action{Kind: ActHangUp})
			s.Phase = PhaseHangingUp
		}

	case PhaseHangingUp:
		if e.Kind == EvLineDone {
			s.OffHook = false
			if s.Accepting {
				m.connected()
				return
			}
			m.idle()
		}

	case PhaseConnected:
		switch e.Kind {
		case EvHandsetOnHook:
			m.idle()
		case EvRing:
			// the line rings, so no phone is off-hook: a new call
			m.idle()
			m.newCall()
			s.Rings = 1
		}

	case PhaseLineDown:
		// global handles EvLineUp; the box stays out of the way.
	}
}

func (m *machine) decided(e Event) {
	s := &m.s
	s.Decision = e.Decision
	s.Decided = true
	s.Challenge = e.Challenge
	s.MailboxFull = e.MailboxFull
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
		if cfg.PassRing && cfg.Handset {
			m.do(Action{Kind: ActRingHandset, Ring: RingNormal, Caller: s.Caller})
			s.Phase = PhasePassRinging
			return
		}
		m.relay(RelayPassThrough)
		s.Phase = PhasePassing
	case screening.ActionBlock:
		s.Outcome = screening.OutcomeBlocked
		if s.Decision.Treatment == screening.TreatmentDefault {
			s.Decision.Treatment = cfg.BlockTreatment
		}
		switch s.Decision.Treatment {
		case screening.TreatmentIgnore:
			s.Phase = PhaseIgnoring
		case screening.TreatmentSIT, screening.TreatmentMessage, screening.TreatmentFax:
			m.answer(PhaseBlockAnswer)
		default:
			s.Decision.Treatment = screening.TreatmentHangup
			m.stopTimer(TimerRingGap)
			m.do(Action{Kind: ActPickUpAndDrop, Hold: cfg.DropHold})
			s.Phase = PhaseBlockDrop
		}
	case screening.ActionScreen:
		s.Outcome = screening.OutcomeAbandoned
		m.answer(PhaseScreenAnswer)
	case screening.ActionVoicemail:
		s.Outcome = screening.OutcomeAbandoned
		m.answer(PhaseVMAnswer)
	}
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

// NumberClips speaks a number digit by digit: the E.164 number without its
// "+1" country prefix when it is North American, else what was received.
func NumberClips(e164, raw string) []Clip {
	n := e164
	if strings.HasPrefix(n, "+1") && len(n) == 12 {
		n = n[2:]
	}
	if n == "" {
		n = raw
	}
	var clips []Clip
	for i := 0; i < len(n); i++ {
		if c := n[i]; c >= '0' && c <= '9' {
			clips = append(clips, DigitClip(c))
		}
	}
	if len(clips) == 0 {
		return []Clip{ClipNoNumber}
	}
	return clips
}

// CleanName removes control characters (and invalid bytes) from a caller
// name and trims spaces, so it is safe on a terminal and in the log.
func CleanName(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || unicode.IsControl(r) || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s))
}
