package call

import (
	"fmt"

	"secretary/hal"
	"secretary/screening"
)

// The message group: the owner hears the messages on the handset. The box
// rings the handset with the message cadence (PhaseMsgRing) when the owner
// asks (the button's double press, the console) or for an urgent message;
// lifted, it plays them (PhaseMsgPlay): "You have 2 new messages and 1
// saved message", then for each message its envelope ("Message 1, urgent,
// today at 10 14 a m, from 2 1 2 5 5 5 0 1 4 3, call back at ...") and the
// recording, then the options. Keys, at any time: 7 delete, 9 save (keep
// it as heard), 4 replay, 6 next, 5 the envelope again, * exit. New
// messages come first, oldest first, then the saved ones (the runner
// orders the playback when it loads message 0).
//
// A call that comes in wins: the playback stops at once and the call is
// handled as if the box had been idle, with the owner's handset lifted: a
// passed call goes straight to it (answered), a screened one is announced
// on it at once (ringing a lifted handset ends at once), a blocked one or
// one sent to voicemail never reaches it. Putting the handset down ends the
// playback; after * (or the last message, or no key for OwnerKeyTimeout)
// the handset, still lifted, gets the line for a call of the owner's own.

// MsgStep is where a playback is.
type MsgStep int

const (
	MsgLoading   MsgStep = iota // waiting for the message (EvMessage)
	MsgEnvelope                 // playing the (greeting and) envelope; the recording follows
	MsgRecording                // playing the recording; the options follow
	MsgDetails                  // playing the envelope again (5); the options follow
	MsgOptions                  // playing the options
	MsgWaiting                  // waiting for a key (TimerKeys)
	MsgFeedback                 // "message deleted" or "saved"; the next message follows
	MsgBye                      // "goodbye"; then the handset gets the line
)

var msgStepNames = [...]string{"loading", "envelope", "recording", "details", "options", "waiting", "feedback", "bye"}

func (s MsgStep) String() string {
	if s >= 0 && int(s) < len(msgStepNames) {
		return msgStepNames[s]
	}
	return fmt.Sprintf("MsgStep(%d)", int(s))
}

// ringForMessages rings the handset with the message cadence; first is
// the message to play first ("" the new ones first). Boards that cannot
// play to the handset have no playback.
func (m *machine) ringForMessages(first string) {
	s := &m.s
	if !s.Config.Handset || !s.Config.HandsetAudio {
		return
	}
	s.Current = Current{MessageWant: first}
	m.do(Action{Kind: ActRingHandset, Ring: RingMessage, Caller: screening.Call{Name: "VOICEMAIL"}})
	m.timer(TimerMsgRing, s.Config.AnnounceTimeout)
	s.Phase = PhaseMsgRing
}

// onMessage: ringing the owner's handset for the messages, then playing
// them.
func (m *machine) onMessage(e Event) {
	s := &m.s
	switch e.Kind {
	case EvRing, EvCallerID: // a call comes first
		holding := s.Phase == PhaseMsgPlay
		m.do(Action{Kind: ActCancelHandset})
		m.idle()
		m.onIdle(e)
		s.Holding = holding
		return
	case EvHandsetOnHook:
		m.do(Action{Kind: ActCancelHandset})
		m.idle()
		return
	}
	if s.Phase == PhaseMsgRing {
		switch e.Kind {
		case EvHandsetDone, EvHandsetOffHook:
			if e.Failed {
				m.idle()
				return
			}
			m.stopTimer(TimerMsgRing)
			m.do(Action{Kind: ActCancelHandset})
			s.Phase = PhaseMsgPlay
			m.load(0)
		case EvTimer:
			m.do(Action{Kind: ActCancelHandset})
			m.idle()
		}
		return
	}
	switch e.Kind {
	case EvMessage:
		m.loaded(e)
	case EvHandsetDone:
		m.played()
	case EvHandsetDigit:
		m.messageKey(e.Digit)
	case EvTimer:
		if e.Timer == TimerKeys {
			m.playHandset(MsgBye, ClipGoodbye)
		}
	}
}

// load asks the runner for message i of the playback.
func (m *machine) load(i int) {
	s := &m.s
	a := Action{Kind: ActLoadMessage, Index: i}
	if i == 0 {
		a.Message = s.MessageWant
	}
	m.do(a)
	s.MsgStep = MsgLoading
}

// loaded plays the envelope of the message the runner loaded (after the
// greeting for the first), or ends the playback past the last.
func (m *machine) loaded(e Event) {
	s := &m.s
	if s.MsgStep != MsgLoading {
		return // not asked for
	}
	s.MsgIndex, s.MsgCount = e.Index, e.Count
	if e.Failed || e.Index >= e.Count {
		if e.Index == 0 {
			m.playHandset(MsgBye, ClipNoMessages, ClipGoodbye)
		} else {
			m.playHandset(MsgBye, ClipNoMore, ClipGoodbye)
		}
		return
	}
	s.Msg = e.Msg
	var clips []Clip
	if e.Index == 0 {
		clips = IntroClips(e.Unheard, e.Count)
	}
	m.playHandset(MsgEnvelope, append(clips, EnvelopeClips(e.Msg, e.Index, m.at)...)...)
}

// played moves on when the handset has played what it was given.
func (m *machine) played() {
	s := &m.s
	switch s.MsgStep {
	case MsgEnvelope:
		m.do(Action{Kind: ActPlayMessage, Message: s.Msg.ID})
		s.MsgStep = MsgRecording
	case MsgRecording, MsgDetails:
		m.playHandset(MsgOptions, ClipMessageOptions)
	case MsgOptions:
		m.timer(TimerKeys, s.Config.OwnerKeyTimeout)
		s.MsgStep = MsgWaiting
	case MsgFeedback:
		m.load(s.MsgIndex + 1)
	case MsgBye:
		m.endPlayback()
	}
}

// messageKey is the owner's key during the playback; it cuts short what
// is playing.
func (m *machine) messageKey(d byte) {
	s := &m.s
	switch s.MsgStep {
	case MsgLoading, MsgBye:
		return
	case MsgFeedback:
		if d != '*' && d != '6' {
			return // the message is settled: on to the next
		}
	}
	id := s.Msg.ID
	switch d {
	case '7':
		m.do(Action{Kind: ActDeleteMessage, Message: id})
		m.playHandset(MsgFeedback, ClipDeleted)
	case '9':
		m.do(Action{Kind: ActKeepMessage, Message: id})
		m.playHandset(MsgFeedback, ClipSaved)
	case '4':
		m.stopTimer(TimerKeys)
		m.do(Action{Kind: ActCancelHandset})
		m.do(Action{Kind: ActPlayMessage, Message: id})
		s.MsgStep = MsgRecording
	case '6':
		m.stopTimer(TimerKeys)
		m.do(Action{Kind: ActCancelHandset})
		m.load(s.MsgIndex + 1)
	case '5':
		m.playHandset(MsgDetails, EnvelopeClips(s.Msg, s.MsgIndex, m.at)...)
	case '*':
		m.playHandset(MsgBye, ClipGoodbye)
	}
}

// playHandset plays clips to the handset, replacing what plays, and moves
// to step.
func (m *machine) playHandset(step MsgStep, clips ...Clip) {
	m.stopTimer(TimerKeys)
	m.do(Action{Kind: ActCancelHandset})
	m.do(Action{Kind: ActPlayHandset, Clips: clips})
	m.s.MsgStep = step
}

// endPlayback: the owner still holds the handset: it gets the line, as
// when it is lifted while the box is idle.
func (m *machine) endPlayback() {
	m.stopTimers()
	m.relay(hal.RelayPassThrough)
	m.s.Phase = PhaseOutgoing
	m.s.Current = Current{}
}
