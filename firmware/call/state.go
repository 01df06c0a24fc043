package call

import (
	"time"

	"secretary/hal"
	"secretary/screening"
)

// State is everything the machine knows. It is a value: Next returns a new one.
type State struct {
	Phase      Phase
	Config     Config
	Relay      hal.RelayState // as last commanded
	ExtOffHook bool           // a phone on the line is off-hook (outlives calls)
	HandsetUp  bool           // the handset on the box is off-hook (outlives calls)
	Lamp       Lamp           // the phone's message-waiting lamp (outlives calls)
	RingFor    string         // an urgent message to ring the owner for once the box is idle
	// Waiting is when a call-waiting alert came that is not yet logged:
	// its caller ID is awaited (TimerWaiting). Zero when none.
	Waiting time.Time
	Current // the call in progress; zero between calls
}

// Current is what the machine knows about the call in progress (or about
// the message the owner asked to hear). Every way back to idle, and the
// start of a call, replace it as a whole.
//
// Three facts are not stored but follow from the rest (see logged,
// accepting and ownerOnLine): the call's record was written exactly when
// it is connected; the owner accepted exactly when the outcome says so;
// the owner hears the announcement over the line exactly while a board
// without handset audio announces.
type Current struct {
	Start       time.Time          // first ring (or caller ID); zero for a message playback
	Caller      screening.Call     // as the line reported it
	Rings       int                //
	Decision    screening.Decision //
	Challenge   byte               // the digit the caller must press
	Tries       int                // challenge attempts used
	OffHook     bool               // the line device is off-hook
	Timers      uint16             // armed timers, bit per Timer
	NameVoiced  bool               // the caller said something for the name
	NoName      bool               // the caller gave no name to be screened (a call for a person, the menu): taking a message asks for it
	CallerGone  bool               // the caller hung up while the message was recorded or saved
	MailboxFull bool               // voicemail cannot take a message
	Outcome     screening.Outcome  //
	MessageID   string             //
	Note        string             // appended to the log's reason
	MessageWant string             // PhaseMsgRing/PhaseMsgPlay: the message the owner asked for
	Person      Person             // whom the call is for (a rule's or the caller's choice); zero: nobody in particular
	MenuNext    Phase              // PhaseMenu/PhaseMenuWait: what the choice leads to (PhaseNamePrompt or PhaseVMGreeting)
	MenuTries   int                // keys at the menu that named nobody
	Holding     bool               // the call came in while the owner heard the messages: the handset is lifted

	// Taking a message (the voicemail group).
	AskName       bool   // the greeting asks for the name (the caller was not screened)
	MessageVoiced bool   // the caller spoke a message
	Keys          string // the call-back number keyed so far
	KeyTries      int    // call-back numbers refused
	CallBack      string // the call-back number (E.164)
	Urgent        bool   // the caller pressed 9

	// Hearing the messages (the message group).
	MsgStep  MsgStep           // where the playback is
	MsgIndex int               // the message played, from 0
	MsgCount int               // messages in the playback
	Msg      screening.Message // the message played
}

// logged reports whether the call's record has been emitted: only a
// connected call outlives its record (every other end of a call logs it and
// resets Current).
func (s *State) logged() bool { return s.Phase == PhaseConnected }

// accepting reports whether the owner accepted the call: the farewell and
// the hang-up lead to PhaseConnected.
func (s *State) accepting() bool { return s.Outcome == screening.OutcomeAccepted }

// ownerOnLine reports whether the announcement runs over the line (no
// handset audio): the handset is on the line with the caller, and the
// owner's keys arrive as line DTMF.
func (s *State) ownerOnLine() bool {
	return !s.Config.HandsetAudio && (s.Phase == PhaseAnnounce || s.Phase == PhaseOwnerChoice)
}

// inCall reports whether a call is in progress and not yet logged.
func (s *State) inCall() bool {
	switch s.Phase {
	case PhaseIdle, PhaseOutgoing, PhaseLineDown, PhaseConnected:
		return false
	}
	return !s.Start.IsZero()
}

// StartsCall reports whether e starts an incoming call in state s: a ring
// or caller ID while idle, or the first event of a new call (NewCall)
// while an earlier one still rings. The runtime reads the settings afresh
// for such an event.
func (s State) StartsCall(e Event) bool {
	if e.Kind != EvRing && e.Kind != EvCallerID {
		return false
	}
	return s.Phase == PhaseIdle || s.endsForNewCall(e)
}

// endsForNewCall reports whether e, the first event of an incoming call
// (NewCall), ends the call still ringing unanswered in s. Not when the
// call in s began at the very ring the device now names the new call's
// first (a caller ID with Ring 1 while s waits for the caller ID after its
// one ring): the device had counted that ring into an earlier call the
// machine had already ended (the owner answered it on the handset and
// hung up), so e is simply this call's caller ID.
func (s State) endsForNewCall(e Event) bool {
	if !e.NewCall || !preAnswer(s.Phase) {
		return false
	}
	return !(s.Phase == PhaseWaitCID && e.Kind == EvCallerID && e.Ring == 1)
}

// Start is the machine's initial state and the actions that put the box in
// it: the relay isolates the handset.
func Start(cfg Config) (State, []Action) {
	return State{Phase: PhaseIdle, Config: cfg, Relay: hal.RelayIsolated},
		[]Action{{Kind: ActRelay, Relay: hal.RelayIsolated}}
}

// Next is the machine: the state after e and the actions to execute, in order.
func Next(s State, e Event) (State, []Action) {
	m := &machine{s: s, at: e.At, from: s.Phase}
	if e.Kind == EvTimer {
		if m.s.Timers&(1<<e.Timer) == 0 {
			return m.s, nil // disarmed meanwhile
		}
		m.s.Timers &^= 1 << e.Timer
	}
	if !m.global(e) && !m.lampEvent(e) {
		m.phase(e)
	}
	m.settle()
	return m.s, m.acts
}

// phase hands e to the handler of the current phase's group; each group
// lives in its own file.
func (m *machine) phase(e Event) {
	switch m.s.Phase {
	case PhaseIdle:
		m.onIdle(e)
	case PhaseOutgoing:
		m.onOutgoing(e)
	case PhaseMsgRing, PhaseMsgPlay:
		m.onMessage(e)
	case PhaseWaitCID:
		m.onWaitCID(e)
	case PhaseDeciding:
		m.onDeciding(e)
	case PhasePassing:
		m.onPassing(e)
	case PhasePassRinging:
		m.onPassRinging(e)
	case PhaseIgnoring, PhaseBlockDrop, PhaseBlockAnswer:
		m.onBlock(e)
	case PhaseScreenAnswer, PhaseChallengePrompt, PhaseChallengeWait, PhaseNamePrompt, PhaseNameBeep, PhaseNameRecord:
		m.onScreen(e)
	case PhaseHold, PhaseAnnounce, PhaseOwnerChoice:
		m.onOwner(e)
	case PhaseVMAnswer, PhaseVMGreeting, PhaseVMBeep, PhaseVMRecord, PhaseVMSave, PhaseVMNameBeep, PhaseVMName,
		PhaseVMCallBack, PhaseVMCallBackKeys, PhaseVMUrgent, PhaseVMMessagePrompt:
		m.onVoicemail(e)
	case PhaseFarewell, PhaseHangingUp, PhaseConnected:
		m.onEnding(e)
	case PhaseMenu, PhaseMenuWait:
		m.onMenu(e)
	case PhaseFwdAnswer, PhaseFwdPrompt, PhaseFwdFlash, PhaseFwdDial, PhaseFwdBack:
		m.onForward(e)
	case PhaseVoiceRing, PhaseVoicePrompt, PhaseVoiceRecord, PhaseVoicePlay:
		m.onVoice(e)
	case PhaseLineDown:
		// global handles EvLineUp; the box stays out of the way.
	}
}

// machine accumulates actions for one step.
type machine struct {
	s    State
	acts []Action
	at   time.Time
	from Phase // the phase before this step
}

func (m *machine) do(a Action) { m.acts = append(m.acts, a) }

func (m *machine) relay(r hal.RelayState) {
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
	for t := TimerRingGap; t <= lastTimer; t++ {
		m.stopTimer(t)
	}
}

// cancelOps abandons the running line and handset operations.
func (m *machine) cancelOps() {
	m.do(Action{Kind: ActCancelLine})
	m.do(Action{Kind: ActCancelHandset})
}

func (m *machine) playLine(next Phase, clips ...Clip) {
	m.do(Action{Kind: ActPlayLine, Clips: clips})
	m.s.Phase = next
}

// ringAgain counts a ring of the call in progress and re-arms the gap timer.
func (m *machine) ringAgain() {
	m.s.Rings++
	m.timer(TimerRingGap, m.s.Config.RingGap)
}
