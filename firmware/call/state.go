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
	Current                   // the call in progress; zero between calls
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
	Timers      uint8              // armed timers, bit per Timer
	NameVoiced  bool               // the caller said something for the name
	CallerGone  bool               // the caller hung up while the message was recorded or saved
	MailboxFull bool               // voicemail cannot take a message
	Outcome     screening.Outcome  //
	MessageID   string             //
	Note        string             // appended to the log's reason
	MessageWant string             // PhaseMsgRing/PhaseMsgPlay: the message the owner asked for
	Person      Person             // whom the call is for (a rule's or the caller's choice); zero: nobody in particular
	MenuNext    Phase              // PhaseMenu/PhaseMenuWait: what the choice leads to (PhaseNamePrompt or PhaseVMGreeting)
	MenuTries   int                // keys at the menu that named nobody
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

// Start is the machine's initial state and the actions that put the box in
// it: the relay isolates the handset.
func Start(cfg Config) (State, []Action) {
	return State{Phase: PhaseIdle, Config: cfg, Relay: hal.RelayIsolated},
		[]Action{{Kind: ActRelay, Relay: hal.RelayIsolated}}
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
	case PhaseVMAnswer, PhaseVMGreeting, PhaseVMBeep, PhaseVMRecord, PhaseVMSave:
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
