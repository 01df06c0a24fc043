package call

import (
	"fmt"
	"strings"
	"time"

	"secretary/hal"
	"secretary/screening"
)

// Phase is where a call is.
type Phase int

const (
	PhaseIdle            Phase = iota // no call; relay isolated, handset on the box
	PhaseOutgoing                     // the owner lifted the handset: relay to the line
	PhaseWaitCID                      // first ring seen, waiting for caller ID
	PhaseDeciding                     // asked the decider
	PhasePassing                      // relay to the line, the line rings the handset
	PhasePassRinging                  // the box rings the handset with caller ID
	PhaseIgnoring                     // blocked, never answered: wait for the rings to stop
	PhaseBlockDrop                    // blocked: pick up and drop
	PhaseBlockAnswer                  // blocked: answering before the treatment
	PhaseScreenAnswer                 // screening: answering
	PhaseChallengePrompt              // screening: "press N to continue"
	PhaseChallengeWait                // screening: waiting for the digit
	PhaseNamePrompt                   // screening: "please say your name..."
	PhaseNameBeep                     // screening: the beep before recording
	PhaseNameRecord                   // screening: recording the name
	PhaseHold                         // screening: hold audio to the caller, ringing the handset
	PhaseAnnounce                     // screening: playing name and number to the owner
	PhaseOwnerChoice                  // screening: waiting for the owner's key
	PhaseVMAnswer                     // voicemail: answering
	PhaseVMGreeting                   // voicemail: greeting
	PhaseVMBeep                       // voicemail: beep
	PhaseVMRecord                     // voicemail: recording the message
	PhaseVMSave                       // voicemail: saving the message
	PhaseFarewell                     // playing goodbye / SIT / message / fax tone before hanging up
	PhaseHangingUp                    // modem going on-hook
	PhaseConnected                    // the handset has the call on the line
	PhaseLineDown                     // the line device is gone: pass-through
	PhaseMsgRing                      // ringing the handset to play the messages to the owner
	PhaseMsgPlay                      // playing the messages on the owner's handset (MsgStep says where)
	PhaseMenu                         // switchboard: the callers' menu is said ("for Anna press 1 ...")
	PhaseMenuWait                     // switchboard: waiting for the caller's key
	PhaseFwdAnswer                    // forwarding: answering a call for a person nobody picked up
	PhaseFwdPrompt                    // forwarding: "please hold while I put your call through"
	PhaseFwdFlash                     // forwarding: hook flash, the caller on hold
	PhaseFwdDial                      // forwarding: dialling the person's mobile, following the call progress
	PhaseFwdBack                      // forwarding: the mobile did not answer; flash back to the caller
	PhaseVoiceRing                    // ringing the handset to record a person's name
	PhaseVoicePrompt                  // telling the owner to say the name after the beep
	PhaseVoiceRecord                  // recording the name from the handset
	PhaseVoicePlay                    // playing the recorded name back
	PhaseVMNameBeep                   // taking a message: the beep before the caller's name and reason
	PhaseVMName                       // taking a message: recording the name and reason
	PhaseVMCallBack                   // taking a message: asking for a call-back number
	PhaseVMCallBackKeys               // taking a message: the caller keys the number
	PhaseVMUrgent                     // taking a message: "press 9 if this is urgent"
	PhaseVMMessagePrompt              // taking a message: "please leave your message after the tone"
)

var phaseNames = [...]string{
	"idle", "outgoing", "wait-cid", "deciding", "passing", "pass-ringing", "ignoring",
	"block-drop", "block-answer", "screen-answer", "challenge-prompt", "challenge-wait",
	"name-prompt", "name-beep", "name-record", "hold", "announce", "owner-choice",
	"vm-answer", "vm-greeting", "vm-beep", "vm-record", "vm-save", "farewell",
	"hanging-up", "connected", "line-down", "msg-ring", "msg-play",
	"menu", "menu-wait", "fwd-answer", "fwd-prompt", "fwd-flash", "fwd-dial", "fwd-back",
	"voice-ring", "voice-prompt", "voice-record", "voice-play",
	"vm-name-beep", "vm-name", "vm-call-back", "vm-call-back-keys", "vm-urgent", "vm-message-prompt",
}

func (p Phase) String() string {
	if p >= 0 && int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// EventKind enumerates what the runtime reports to the machine.
type EventKind int

const (
	EvRing             EventKind = iota + 1 // a ring burst from the line (Ring = count)
	EvCallerID                              // caller ID arrived (Caller)
	EvNoCallerID                            // the device says none will come
	EvDecision                              // the decider answered (Decision, Challenge)
	EvLineDone                              // the running line operation finished (Failed)
	EvHandsetDone                           // the running handset operation finished (Failed)
	EvTimer                                 // a timer armed with ActTimer fired (Timer)
	EvDigit                                 // a DTMF key from the line (Digit)
	EvQuiet                                 // the caller spoke, then fell silent
	EvCallerGone                            // busy/reorder, dial tone, silence, loop drop or hang-up
	EvHandsetOffHook                        // the handset on the box was lifted
	EvHandsetOnHook                         // the handset on the box was put down
	EvHandsetDigit                          // a key on the handset (Digit)
	EvExtensionOffHook                      // a phone on the line went off-hook
	EvExtensionOnHook                       // that phone went on-hook
	EvCallWaiting                           // call waiting on a line in use: the alert, or the waiting caller's ID (Caller)
	EvLineDown                              // the line device vanished
	EvLineUp                                // the line device is back and idle
	EvSaved                                 // the message was saved (MessageID) or not (Failed)
	EvPlayMessage                           // the owner asked to hear the messages on the handset (MessageID first; "" all)
	EvRecordVoice                           // the owner asked to record Person's name from the handset
	EvMessage                               // the message Index of the playback is loaded (Msg, Count, Unheard) or not (Failed)
	EvMailbox                               // the mailbox changed: Unheard messages now
)

var eventNames = [...]string{"", "ring", "cid", "no-cid", "decision", "line-done", "handset-done",
	"timer", "digit", "quiet", "caller-gone", "handset-off-hook", "handset-on-hook", "handset-digit",
	"extension-off-hook", "extension-on-hook", "call-waiting", "line-down", "line-up", "saved", "play-message",
	"record-voice", "message", "mailbox"}

func (k EventKind) String() string {
	if k > 0 && int(k) < len(eventNames) {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Timer names the timers the machine arms.
type Timer int

const (
	TimerNone      Timer = iota
	TimerRingGap         // no ring for this long: the rings stopped
	TimerChallenge       // the caller did not press the digit in time
	TimerAnnounce        // the owner did not pick up within N rings
	TimerOwnerKey        // the owner picked up but pressed no key
	TimerMsgRing         // the owner did not pick up to hear a message
	TimerMenu            // the caller pressed no key at the menu
	TimerForward         // a call for a person rang unanswered: forward it or take a message
	TimerWaiting         // a call-waiting alert got no caller ID in time
	TimerKeys            // a caller taking a message, or the owner hearing them, pressed no key
)

// lastTimer is the highest Timer (stopTimers disarms them all).
const lastTimer = TimerKeys

func (t Timer) String() string {
	switch t {
	case TimerNone:
		return "none"
	case TimerRingGap:
		return "ring-gap"
	case TimerChallenge:
		return "challenge"
	case TimerAnnounce:
		return "announce"
	case TimerOwnerKey:
		return "owner-key"
	case TimerMsgRing:
		return "msg-ring"
	case TimerMenu:
		return "menu"
	case TimerForward:
		return "forward"
	case TimerWaiting:
		return "waiting"
	case TimerKeys:
		return "keys"
	}
	return fmt.Sprintf("Timer(%d)", int(t))
}

// Event is one thing that happened, stamped with the runtime's clock.
type Event struct {
	Kind        EventKind
	At          time.Time
	Ring        int                // EvRing: rings of the call so far; EvCallerID: rings before it
	NewCall     bool               // EvRing, EvCallerID: the first event of an incoming call (hal.LineEvent.NewCall)
	Caller      screening.Call     // EvCallerID; EvCallWaiting: the waiting caller (zero for the bare alert)
	Decision    screening.Decision // EvDecision; EvCallWaiting: what the rules say of the waiting caller
	Challenge   byte               // EvDecision: the digit the challenge asks for ('1'-'9')
	MailboxFull bool               // EvDecision: voicemail cannot take a message
	Digit       byte               // EvDigit, EvHandsetDigit
	Timer       Timer              // EvTimer
	Failed      bool               // EvLineDone, EvHandsetDone, EvSaved: the operation failed
	Recorded    time.Duration      // EvLineDone after ActRecord: audio kept
	Voiced      bool               // EvLineDone after ActRecord: speech was heard
	Dial        DialOutcome        // EvLineDone after ActDial: how the call progressed
	Person      string             // EvRecordVoice: whose name (Person.ID)
	MessageID   string             // EvSaved, EvPlayMessage
	Why         string             // EvCallerGone, EvLineDown, EvSaved (failed): for the log
	Msg         screening.Message  // EvMessage: the message at Index
	Index       int                // EvMessage: its place in the playback, from 0
	Count       int                // EvMessage: messages in the playback
	Unheard     int                // EvMessage: unheard ones among them; EvMailbox: in the mailbox
}

func (e Event) String() string {
	var b strings.Builder
	b.WriteString(e.Kind.String())
	switch e.Kind {
	case EvRing:
		fmt.Fprintf(&b, " %d", e.Ring)
	case EvCallerID, EvCallWaiting:
		if e.Kind == EvCallerID || e.Caller != (screening.Call{}) {
			fmt.Fprintf(&b, " %q %q %s", e.Caller.Number, e.Caller.Name, e.Caller.Presentation)
		}
	case EvDecision:
		fmt.Fprintf(&b, " %s", e.Decision.Action)
		if e.Decision.Action == screening.ActionBlock {
			fmt.Fprintf(&b, "/%s", e.Decision.Treatment)
		}
		if e.Challenge != 0 {
			fmt.Fprintf(&b, " challenge=%c", e.Challenge)
		}
	case EvDigit, EvHandsetDigit:
		fmt.Fprintf(&b, " %c", e.Digit)
	case EvTimer:
		fmt.Fprintf(&b, " %s", e.Timer)
	case EvPlayMessage:
		fmt.Fprintf(&b, " %s", e.MessageID)
	case EvRecordVoice:
		fmt.Fprintf(&b, " %s", e.Person)
	case EvMessage:
		if e.Failed {
			fmt.Fprintf(&b, " %d none", e.Index)
		} else {
			fmt.Fprintf(&b, " %d/%d %s", e.Index+1, e.Count, e.Msg.ID)
		}
	case EvMailbox:
		fmt.Fprintf(&b, " unheard=%d", e.Unheard)
	case EvLineDone, EvHandsetDone, EvSaved:
		if e.Failed {
			b.WriteString(" failed")
		}
		if e.Recorded > 0 {
			fmt.Fprintf(&b, " recorded=%s voiced=%t", e.Recorded, e.Voiced)
		}
		if e.MessageID != "" {
			fmt.Fprintf(&b, " %s", e.MessageID)
		}
		if e.Dial != DialNone {
			fmt.Fprintf(&b, " %s", e.Dial)
		}
		if e.Kind == EvSaved && e.Why != "" {
			fmt.Fprintf(&b, " (%s)", e.Why)
		}
	case EvCallerGone, EvLineDown:
		if e.Why != "" {
			fmt.Fprintf(&b, " %s", e.Why)
		}
	}
	if e.NewCall {
		b.WriteString(" new-call")
	}
	return b.String()
}

// ActionKind enumerates what the runtime is asked to do.
type ActionKind int

const (
	ActRelay          ActionKind = iota + 1 // set the line relay (Relay)
	ActDecide                               // ask the decider about Caller
	ActAnswer                               // line: off-hook in voice mode (reports EvLineDone)
	ActPickUpAndDrop                        // line: off-hook for Hold, then on-hook (EvLineDone)
	ActHangUp                               // line: on-hook (EvLineDone)
	ActPlayLine                             // line: play Clips in order (EvLineDone)
	ActHoldLine                             // line: loop Clips until cancelled (never reports)
	ActToneLine                             // line: play Tone (EvLineDone)
	ActRecordLine                           // line: record for Record up to Limit (EvLineDone)
	ActStopRecord                           // line: end the recording now; it reports EvLineDone
	ActCancelLine                           // line: abandon the running operation; no report
	ActRingHandset                          // handset: ring with Pattern and CID (EvHandsetDone on pick-up)
	ActPlayHandset                          // handset: play Clips (EvHandsetDone)
	ActCancelHandset                        // handset: abandon the running operation; no report
	ActTimer                                // arm Timer for Duration (re-arming replaces it)
	ActCancelTimer                          // disarm Timer
	ActSaveMessage                          // keep the last message recording (EvSaved)
	ActDiscardMessage                       // drop the last message recording
	ActList                                 // add Number/Name to the List (allow or block)
	ActLog                                  // write Log to the call log
	ActFlash                                // line: hook flash (EvLineDone)
	ActDial                                 // line: dial Number, ringing at most Limit (EvLineDone with Dial)
	ActRecordHandset                        // handset: record Person's name, at most Limit, and keep it (EvHandsetDone)
	ActPlayMessage                          // handset: play voicemail Message and mark it heard (EvHandsetDone)
	ActRememberPass                         // remember that Number (E.164) passed the robocall challenge now
	ActLoadMessage                          // the playback's message Index (Message: the one to put first), reported as EvMessage
	ActDeleteMessage                        // delete voicemail Message
	ActKeepMessage                          // keep voicemail Message as heard (saved)
	ActIndicate                             // handset: the message-waiting lamp On or off, on-hook after Alert (EvHandsetDone)
)

var actionNames = [...]string{"", "relay", "decide", "answer", "pick-up-and-drop", "hang-up",
	"play-line", "hold-line", "tone-line", "record-line", "stop-record", "cancel-line",
	"ring-handset", "play-handset", "cancel-handset", "timer", "cancel-timer", "save-message",
	"discard-message", "list", "log", "flash", "dial", "record-handset", "play-message",
	"remember-pass", "load-message", "delete-message", "keep-message", "indicate"}

func (k ActionKind) String() string {
	if k > 0 && int(k) < len(actionNames) {
		return actionNames[k]
	}
	return fmt.Sprintf("ActionKind(%d)", int(k))
}

// Ring is a handset ring cadence; the runtime maps it to a hal.RingPattern
// (the normal one is the country's).
type Ring int

const (
	RingNormal         Ring = iota // the country's normal cadence (a passed call)
	RingScreened                   // the distinctive cadence of a screened call (DR2)
	RingMessage                    // messages to hear: asked for, or an urgent one (DR3)
	RingLong                       // a person's: GR-506 DR1 (2 s on, 4 s off)
	RingShortShort                 // a person's: DR2
	RingShortShortLong             // a person's: DR3
	RingShortLongShort             // a person's: DR4
)

func (r Ring) String() string {
	switch r {
	case RingNormal:
		return "normal"
	case RingScreened:
		return "screened"
	case RingMessage:
		return "message"
	case RingLong:
		return "long"
	case RingShortShort:
		return "short-short"
	case RingShortShortLong:
		return "short-short-long"
	case RingShortLongShort:
		return "short-long-short"
	}
	return fmt.Sprintf("Ring(%d)", int(r))
}

// Tone names a signal the box sends down the line.
type Tone int

const (
	ToneBeep Tone = iota + 1 // 1 kHz record beep
	ToneSIT                  // "not in service" special information tones
	ToneFax                  // 2100 Hz fax answer tone
)

func (t Tone) String() string {
	switch t {
	case ToneBeep:
		return "beep"
	case ToneSIT:
		return "sit"
	case ToneFax:
		return "fax"
	}
	return fmt.Sprintf("Tone(%d)", int(t))
}

// Record says what a line recording is for.
type Record int

const (
	RecordName    Record = iota + 1 // the caller's name and reason
	RecordMessage                   // a voicemail message
)

func (r Record) String() string {
	switch r {
	case RecordName:
		return "name"
	case RecordMessage:
		return "message"
	}
	return fmt.Sprintf("Record(%d)", int(r))
}

// Clip names a piece of audio: a prompt (firmware/prompts), a digit clip
// ("digit-5") or the caller's recorded name.
type Clip string

const (
	ClipGreeting     Clip = "greeting"         // "you have reached ..." before the name prompt
	ClipNameReason   Clip = "name-reason"      // "please say your name and reason for calling after the tone"
	ClipHold         Clip = "hold"             // "please hold while I see if they are available"
	ClipConnecting   Clip = "connecting"       // "connecting you now"
	ClipGoodbye      Clip = "goodbye"          // "goodbye"
	ClipVoicemail    Clip = "voicemail"        // "please leave a message after the tone"
	ClipChallenge    Clip = "challenge"        // "to continue, press" (then the digit)
	ClipBlocked      Clip = "blocked"          // the block treatment's message
	ClipScreened     Clip = "screened-call"    // to the owner: "call from"
	ClipOptions      Clip = "options"          // to the owner: "press 1 to accept, 2 ..."
	ClipRecordedName Clip = "recorded-name"    // the caller's recorded name
	ClipNoNumber     Clip = "no-number"        // "number withheld"
	ClipMailboxFull  Clip = "mailbox-full"     // "the mailbox is full, please call again later"
	ClipNotKept      Clip = "message-not-kept" // "sorry, your message could not be kept, please call again later"

	// Taking a message (to the caller).
	ClipCallBackSame    Clip = "callback-same"    // "to be called back at the number you are calling from, press 1"
	ClipCallBackOther   Clip = "callback-other"   // "to give another number, key it in and press pound"
	ClipCallBackInvalid Clip = "callback-invalid" // "that is not a number I can use"
	ClipCallBackConfirm Clip = "callback-confirm" // "you will be called back at" (then the digits)
	ClipUrgentPrompt    Clip = "urgent-prompt"    // "if this is urgent, press 9"
	ClipUrgentMarked    Clip = "urgent-marked"    // "your message is marked urgent"
	ClipLeaveMessage    Clip = "leave-message"    // "please leave your message after the tone"

	// Hearing the messages (to the owner).
	ClipYouHave        Clip = "you-have"         // "you have"
	ClipNoMessages     Clip = "no-messages"      // "you have no messages"
	ClipNewMessage     Clip = "new-message"      // "new message"
	ClipNewMessages    Clip = "new-messages"     // "new messages"
	ClipSavedMessage   Clip = "saved-message"    // "saved message"
	ClipSavedMessages  Clip = "saved-messages"   // "saved messages"
	ClipAnd            Clip = "and"              // "and"
	ClipMessageNumber  Clip = "message"          // "message" (then its number)
	ClipUrgent         Clip = "urgent"           // "urgent"
	ClipToday          Clip = "today"            // "today"
	ClipYesterday      Clip = "yesterday"        // "yesterday"
	ClipAt             Clip = "at"               // "at" (then the time)
	ClipOh             Clip = "oh"               // "oh", as in ten oh five
	ClipAM             Clip = "am"               // "a m"
	ClipPM             Clip = "pm"               // "p m"
	ClipFrom           Clip = "from"             // "from" (then the number; to the owner, the caller)
	ClipCallBackAt     Clip = "call-back-at"     // "call back at" (then the number)
	ClipMessageOptions Clip = "message-options"  // "to delete this message press 7, to save it 9, ..."
	ClipDeleted        Clip = "message-deleted"  // "message deleted"
	ClipSaved          Clip = "message-saved"    // "message saved"
	ClipNoMore         Clip = "no-more-messages" // "no more messages"

	// The switchboard's (a person's name is PersonClip).
	ClipMenuFor     Clip = "menu-for"     // "for" (then a name, "press", a digit)
	ClipMenuPress   Clip = "menu-press"   // "press"
	ClipMenuMessage Clip = "menu-message" // "to leave a message, press 0"
	ClipExtension   Clip = "extension"    // "extension" (then a digit): a person without a recorded name
	ClipCallFor     Clip = "call-for"     // to the owner: "call for" (then a name)
	ClipForwarding  Clip = "forwarding"   // "please hold while I put your call through"
	ClipMessageFor  Clip = "message-for"  // "please leave a message for" (then a name)
	ClipAfterTone   Clip = "after-tone"   // "after the tone"
	ClipRecordVoice Clip = "record-voice" // to the owner: "after the beep, say the name; then hang up"
	ClipBeep        Clip = "beep"         // a short beep (on the handset)
)

// PersonClip is the recording of a person's name (Person.ID); a runtime
// that has none says "extension" and the person's key instead.
func PersonClip(id string) Clip { return Clip("person-" + id) }

// DigitClip is the clip that speaks one digit.
func DigitClip(d byte) Clip { return Clip("digit-" + string(d)) }

// Action is one thing the runtime must do.
type Action struct {
	Kind     ActionKind
	Relay    hal.RelayState      // ActRelay
	Caller   screening.Call      // ActDecide; ActRingHandset: the caller ID to show
	Clips    []Clip              // ActPlayLine, ActHoldLine, ActPlayHandset
	Tone     Tone                // ActToneLine
	Record   Record              // ActRecordLine
	Limit    time.Duration       // ActRecordLine
	Hold     time.Duration       // ActPickUpAndDrop
	Ring     Ring                // ActRingHandset
	Timer    Timer               // ActTimer, ActCancelTimer
	Duration time.Duration       // ActTimer
	List     screening.Action    // ActList: ActionPass (the allow list) or ActionBlock
	Number   string              // ActList, ActRememberPass (E.164)
	Name     string              // ActList
	Log      screening.LogRecord // ActLog
	Person   string              // ActRecordHandset: whose name (Person.ID)
	Message  string              // ActPlayMessage, ActDeleteMessage, ActKeepMessage; ActLoadMessage: the one to put first
	Index    int                 // ActLoadMessage
	Msg      screening.Message   // ActSaveMessage: the caller's part of the record
	Keep     Keep                // ActSaveMessage: the recordings the message is made of
	On       bool                // ActIndicate
	Alert    hal.OnHookAlert     // ActIndicate
}

// Keep names the recordings a message is made of.
type Keep uint8

const (
	KeepName    Keep = 1 << iota // the caller's name and reason (the last RecordName)
	KeepMessage                  // the message (the last RecordMessage)
)

func (k Keep) String() string {
	var parts []string
	if k&KeepName != 0 {
		parts = append(parts, "name")
	}
	if k&KeepMessage != 0 {
		parts = append(parts, "message")
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, "+")
}

func (a Action) String() string {
	var b strings.Builder
	b.WriteString(a.Kind.String())
	switch a.Kind {
	case ActRelay:
		fmt.Fprintf(&b, " %s", a.Relay)
	case ActDecide:
		fmt.Fprintf(&b, " %q %s", a.Caller.Number, a.Caller.Presentation)
	case ActPlayLine, ActHoldLine, ActPlayHandset:
		for _, c := range a.Clips {
			fmt.Fprintf(&b, " %s", c)
		}
	case ActToneLine:
		fmt.Fprintf(&b, " %s", a.Tone)
	case ActRecordLine:
		fmt.Fprintf(&b, " %s %s", a.Record, a.Limit)
	case ActPickUpAndDrop:
		fmt.Fprintf(&b, " %s", a.Hold)
	case ActRingHandset:
		fmt.Fprintf(&b, " %s %q %q", a.Ring, a.Caller.Number, a.Caller.Name)
	case ActTimer:
		fmt.Fprintf(&b, " %s %s", a.Timer, a.Duration)
	case ActCancelTimer:
		fmt.Fprintf(&b, " %s", a.Timer)
	case ActList:
		fmt.Fprintf(&b, " %s %s", screening.ActionWord(a.List), a.Number)
	case ActPlayMessage, ActDeleteMessage, ActKeepMessage:
		fmt.Fprintf(&b, " %s", a.Message)
	case ActDial:
		fmt.Fprintf(&b, " %s %s", a.Number, a.Limit)
	case ActRecordHandset:
		fmt.Fprintf(&b, " %s %s", a.Person, a.Limit)
	case ActRememberPass:
		fmt.Fprintf(&b, " %s", a.Number)
	case ActLoadMessage:
		fmt.Fprintf(&b, " %d", a.Index)
		if a.Message != "" {
			fmt.Fprintf(&b, " first=%s", a.Message)
		}
	case ActSaveMessage:
		fmt.Fprintf(&b, " %s callback=%q urgent=%t", a.Keep, a.Msg.CallBack, a.Msg.Urgent)
		if a.Msg.Person != "" {
			fmt.Fprintf(&b, " for=%s", a.Msg.Person)
		}
	case ActIndicate:
		fmt.Fprintf(&b, " %s %s", map[bool]string{true: "on", false: "off"}[a.On], a.Alert)
	case ActLog:
		l := a.Log
		fmt.Fprintf(&b, " number=%q presentation=%s decision=%s rule=%q outcome=%s duration=%s message=%q",
			l.Number, l.Presentation, l.Decision, l.Rule, l.Outcome, l.Duration, l.Message)
		if l.Person != "" {
			fmt.Fprintf(&b, " for=%s", l.Person)
		}
		if l.CallBack != "" || l.Urgent {
			fmt.Fprintf(&b, " callback=%q urgent=%t", l.CallBack, l.Urgent)
		}
	}
	return b.String()
}
