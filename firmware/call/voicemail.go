package call

import (
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/number"
)

// The voicemail group takes a message the way an answering service does.
// The box answers (PhaseVMAnswer) and greets (PhaseVMGreeting); a caller
// the box has not screened says their name and reason after a beep
// (PhaseVMNameBeep, PhaseVMName; a screened caller did so already). Then
// the call-back number (PhaseVMCallBack, PhaseVMCallBackKeys): 1 for the
// number of the caller ID (offered only when there is one), or another
// number keyed in and ended with #, read with the box's country and area
// code; a refused number is asked for once more; keying nothing leaves
// none. Then "press 9 if this is urgent" (PhaseVMUrgent), the message after
// a beep (PhaseVMMessagePrompt, PhaseVMBeep, PhaseVMRecord) and the save
// (PhaseVMSave). A caller who hangs up at any point leaves what they left
// so far: a message is kept when it has a spoken name, a spoken message or
// a call-back number.

func (m *machine) onVoicemail(e Event) {
	s := &m.s
	switch s.Phase {
	case PhaseVMAnswer:
		if e.Kind == EvCallerGone {
			m.hangUp(screening.OutcomeAbandoned)
		} else if m.answered(e) && !m.menuFirst(PhaseVMGreeting, false) {
			m.greet(true)
		}
	case PhaseVMGreeting, PhaseVMNameBeep, PhaseVMMessagePrompt, PhaseVMBeep:
		m.onVMPrompt(e)
	case PhaseVMName:
		m.onVMRecord(e, func(e Event) {
			s.NameVoiced = e.Voiced && e.Recorded > 0
			m.askCallBack()
		})
	case PhaseVMCallBack, PhaseVMCallBackKeys:
		m.onCallBack(e)
	case PhaseVMUrgent:
		m.onUrgent(e)
	case PhaseVMRecord:
		m.onVMRecord(e, func(e Event) {
			s.MessageVoiced = e.Voiced && e.Recorded > 0
			m.keepMessage()
		})
	case PhaseVMSave:
		switch e.Kind {
		case EvCallerGone:
			s.CallerGone = true
		case EvSaved:
			m.saved(e)
		}
	}
}

// greet plays the greeting (the person's mailbox, or the general one);
// askName: the caller has not been asked for a name yet (a screened
// caller has).
func (m *machine) greet(askName bool) {
	m.s.AskName = askName
	clips := m.greeting()
	if askName {
		clips = append(clips, ClipNameReason)
	}
	m.playLine(PhaseVMGreeting, clips...)
}

// onVMPrompt moves the prompts on: greeting, name beep, message prompt,
// message beep. The caller may hang up during any of them.
func (m *machine) onVMPrompt(e Event) {
	s := &m.s
	switch e.Kind {
	case EvCallerGone, EvLineDone:
		if m.promptBroken(e) {
			return
		}
		switch s.Phase {
		case PhaseVMGreeting:
			if !s.AskName { // a screened caller: asked for the name already
				m.askCallBack()
				return
			}
			m.promptDone(e, PhaseVMNameBeep, PhaseVMName, RecordName, s.Config.NameLimit)
		case PhaseVMNameBeep:
			m.promptDone(e, PhaseVMNameBeep, PhaseVMName, RecordName, s.Config.NameLimit)
		case PhaseVMMessagePrompt, PhaseVMBeep:
			m.promptDone(e, PhaseVMBeep, PhaseVMRecord, RecordMessage, s.Config.MessageLimit)
		}
	}
}

// onVMRecord handles a recording (the name or the message); done gets its
// end, unless the line failed or the caller hung up (then what was left
// is kept).
func (m *machine) onVMRecord(e Event, done func(Event)) {
	s := &m.s
	switch e.Kind {
	case EvQuiet:
		m.do(Action{Kind: ActStopRecord})
	case EvCallerGone:
		s.CallerGone = true
		m.do(Action{Kind: ActStopRecord})
	case EvLineDone:
		if e.Failed {
			s.CallerGone = true // the line cannot take more: keep what there is, then on-hook
		}
		if s.CallerGone {
			if s.Phase == PhaseVMName {
				s.NameVoiced = e.Voiced && e.Recorded > 0
			} else {
				s.MessageVoiced = e.Voiced && e.Recorded > 0
			}
			m.keepMessage()
			return
		}
		done(e)
	}
}

// askCallBack plays the call-back prompt; keys may interrupt it.
func (m *machine) askCallBack(first ...Clip) {
	s := &m.s
	s.Keys = ""
	clips := append([]Clip(nil), first...)
	if s.Decision.Number != "" {
		clips = append(clips, ClipCallBackSame)
	}
	m.playLine(PhaseVMCallBack, append(clips, ClipCallBackOther)...)
}

func (m *machine) onCallBack(e Event) {
	s := &m.s
	switch e.Kind {
	case EvCallerGone, EvLineDone:
		if m.promptBroken(e) {
			return
		}
		if s.Phase == PhaseVMCallBack { // the prompt is over: the keys now
			m.timer(TimerKeys, s.Config.KeyWait)
			s.Phase = PhaseVMCallBackKeys
		}
	case EvDigit:
		m.callBackKey(e.Digit)
	case EvTimer:
		if e.Timer == TimerKeys {
			m.callBackEnd()
		}
	}
}

// maxKeys bounds a keyed number (E.164 has 15 digits, with prefixes 18).
const maxKeys = 20

// callBackKey takes one key of the call-back number.
func (m *machine) callBackKey(d byte) {
	s := &m.s
	if s.Phase == PhaseVMCallBack {
		m.do(Action{Kind: ActCancelLine}) // the caller keys over the prompt
		s.Phase = PhaseVMCallBackKeys
	}
	switch {
	case d == '#':
		m.stopTimer(TimerKeys)
		m.callBackEnd()
	case d == '*': // start again
		m.stopTimer(TimerKeys)
		m.askCallBack()
	case d >= '0' && d <= '9':
		s.Keys += string(d)
		if len(s.Keys) >= maxKeys {
			m.stopTimer(TimerKeys)
			m.callBackEnd()
			return
		}
		m.timer(TimerKeys, s.Config.KeyWait)
	}
}

// callBackEnd reads what was keyed: nothing (no call-back number), 1 alone
// (the caller ID's number, when there is one) or a number.
func (m *machine) callBackEnd() {
	s := &m.s
	keys := s.Keys
	s.Keys = ""
	switch {
	case keys == "":
		m.askUrgent()
	case keys == "1" && s.Decision.Number != "":
		s.CallBack = s.Decision.Number
		m.askUrgent(append([]Clip{ClipCallBackConfirm}, NumberClips(s.CallBack, "")...)...)
	default:
		if r := number.Classify(keys, s.Config.Number); r.Class == number.ClassAvailable {
			s.CallBack = r.E164
			m.askUrgent(append([]Clip{ClipCallBackConfirm}, NumberClips(s.CallBack, "")...)...)
			return
		}
		s.KeyTries++
		if s.KeyTries < 2 {
			m.askCallBack(ClipCallBackInvalid)
			return
		}
		m.askUrgent(ClipCallBackInvalid)
	}
}

// askUrgent says first (the call-back number read back), then "press 9
// if this is urgent".
func (m *machine) askUrgent(first ...Clip) {
	m.playLine(PhaseVMUrgent, append(first, ClipUrgentPrompt)...)
}

func (m *machine) onUrgent(e Event) {
	s := &m.s
	switch e.Kind {
	case EvCallerGone, EvLineDone:
		if m.promptBroken(e) {
			return
		}
		m.timer(TimerKeys, s.Config.UrgentWait)
	case EvDigit:
		if e.Digit == '9' {
			s.Urgent = true
			m.stopTimer(TimerKeys)
			m.do(Action{Kind: ActCancelLine})
			m.playLine(PhaseVMMessagePrompt, ClipUrgentMarked, ClipLeaveMessage)
		}
	case EvTimer:
		if e.Timer == TimerKeys {
			m.playLine(PhaseVMMessagePrompt, ClipLeaveMessage)
		}
	}
}

// promptBroken ends a message-taking prompt the caller left or the line
// could not play, and reports whether it did; a prompt played to its end
// is for the phase to act on.
func (m *machine) promptBroken(e Event) bool {
	switch {
	case e.Kind == EvCallerGone:
		m.callerLeft()
	case e.Kind == EvLineDone && e.Failed:
		m.lineFailed()
	default:
		return false
	}
	return true
}

// callerLeft: the caller hung up during a prompt or while keys were
// awaited; what they left so far is kept.
func (m *machine) callerLeft() {
	m.s.CallerGone = true
	m.do(Action{Kind: ActCancelLine})
	m.keepMessage() // stops the keys' timer
}

// keepMessage ends the message taking: a message with something in it is
// saved (PhaseVMSave), an empty one dropped with a goodbye.
func (m *machine) keepMessage() {
	s := &m.s
	m.stopTimer(TimerKeys)
	var keep Keep
	if s.NameVoiced {
		keep |= KeepName
	}
	if s.MessageVoiced {
		keep |= KeepMessage
	}
	if keep == 0 && s.CallBack == "" {
		m.do(Action{Kind: ActDiscardMessage})
		s.Note = "no message"
		m.goodbye(screening.OutcomeAbandoned, s.CallerGone)
		return
	}
	m.do(Action{Kind: ActSaveMessage, Keep: keep, Msg: screening.Message{
		Time: s.Start, Number: s.Decision.Number, Name: CleanName(s.Caller.Name),
		CallBack: s.CallBack, Urgent: s.Urgent, Person: s.Person.ID}})
	s.Phase = PhaseVMSave
}

// saved: the message is on disk, goodbye; an urgent one rings the owner
// once the call is over, if the owner wants that. Or it is not (the disk
// is full, say): a caller still on the line is told it could not be kept
// and to call again, and the log says why.
func (m *machine) saved(e Event) {
	s := &m.s
	if e.Failed {
		s.Note = "message not saved"
		if e.Why != "" {
			s.Note += ": " + e.Why
		}
		if s.CallerGone {
			m.hangUp(screening.OutcomeFailed)
		} else {
			m.farewell(screening.OutcomeFailed, 0, ClipNotKept)
		}
		return
	}
	s.MessageID = e.MessageID
	if s.Urgent && s.Config.UrgentRing && s.Config.Handset && s.Config.HandsetAudio {
		s.RingFor = e.MessageID
	}
	m.goodbye(screening.OutcomeVoicemail, s.CallerGone)
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

// voicemail moves an answered call to the greeting: a screened caller
// gave their name already; one forwarded or choosing at the menu did not.
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
	m.greet(m.s.NoName)
}
