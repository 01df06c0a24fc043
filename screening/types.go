package screening

import (
	"fmt"
	"time"
)

// Action is what the box does with a call.
type Action int

const (
	ActionPass      Action = iota // ring the handset
	ActionScreen                  // answer, ask who is calling, announce
	ActionVoicemail               // answer with the greeting, record a message
	ActionBlock                   // keep the caller off the phone (see Treatment)
)

func (a Action) String() string {
	switch a {
	case ActionPass:
		return "pass"
	case ActionScreen:
		return "screen"
	case ActionVoicemail:
		return "voicemail"
	case ActionBlock:
		return "block"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Treatment is how a blocked call is handled.
type Treatment int

const (
	TreatmentDefault Treatment = iota // use the global setting (hangup unless set)
	TreatmentIgnore                   // never answer; the handset stays silent
	TreatmentHangup                   // pick up and drop
	TreatmentSIT                      // "not in service" special information tones, then hang up
	TreatmentMessage                  // a short message, then hang up
	TreatmentFax                      // fax answer tone, then hang up
)

func (t Treatment) String() string {
	switch t {
	case TreatmentDefault:
		return "default"
	case TreatmentIgnore:
		return "ignore"
	case TreatmentHangup:
		return "hangup"
	case TreatmentSIT:
		return "sit"
	case TreatmentMessage:
		return "message"
	case TreatmentFax:
		return "fax"
	}
	return fmt.Sprintf("Treatment(%d)", int(t))
}

// Presentation is what caller ID said about the number.
type Presentation int

const (
	PresentationNone        Presentation = iota // no caller ID at all
	PresentationAvailable                       // a number was delivered
	PresentationPrivate                         // withheld ("P")
	PresentationUnavailable                     // out of area ("O")
)

func (p Presentation) String() string {
	switch p {
	case PresentationNone:
		return "none"
	case PresentationAvailable:
		return "available"
	case PresentationPrivate:
		return "private"
	case PresentationUnavailable:
		return "unavailable"
	}
	return fmt.Sprintf("Presentation(%d)", int(p))
}

// Call is an incoming call as the line reported it.
type Call struct {
	Number       string // as received (digits, maybe punctuation); "" when absent
	Name         string // as received
	Presentation Presentation
}

// Decision is the engine's answer for one call.
type Decision struct {
	Action    Action
	Treatment Treatment // ActionBlock: resolved, never TreatmentDefault; other actions: TreatmentDefault
	Rule      string    // the rule that fired, as the owner wrote it ("" for the default)
	Reason    string    // one sentence a person can read
	Number    string    // the caller's number in E.164, "" if absent or invalid
	Person    string    // the person the rule routes the call to (Person.ID), "" for none
	// ChallengePassed is when this number last passed the robocall
	// challenge, set on a screen decision while that pass is remembered
	// (setting challenge-remember): the caller is not asked again. Zero
	// otherwise, and always for a withheld or invalid number.
	ChallengePassed time.Time
}

// Outcome is how a call ended, for the call log.
type Outcome int

const (
	OutcomePassed          Outcome = iota // rang through to the handset
	OutcomeAnswered                       // the owner answered a passed call
	OutcomeAccepted                       // screened, the owner accepted
	OutcomeVoicemail                      // a message was left
	OutcomeBlocked                        // blocked by treatment
	OutcomeRejected                       // screened, the owner blocked
	OutcomeAbandoned                      // the caller hung up first
	OutcomeFailedChallenge                // the robocall challenge was not met
	OutcomeFailed                         // the box failed (device lost); line passed through
	OutcomeCallWaiting                    // a second call signalled while the line was in use (call waiting)
	OutcomeForwarded                      // forwarded to a person's mobile (the phone company's call transfer)
)

func (o Outcome) String() string {
	switch o {
	case OutcomePassed:
		return "passed"
	case OutcomeAnswered:
		return "answered"
	case OutcomeAccepted:
		return "accepted"
	case OutcomeVoicemail:
		return "voicemail"
	case OutcomeBlocked:
		return "blocked"
	case OutcomeRejected:
		return "rejected"
	case OutcomeAbandoned:
		return "abandoned"
	case OutcomeFailedChallenge:
		return "failed-challenge"
	case OutcomeFailed:
		return "failed"
	case OutcomeForwarded:
		return "forwarded"
	case OutcomeCallWaiting:
		return "call-waiting"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// LogRecord is one call in the call log.
type LogRecord struct {
	Time         time.Time     // when the call began (first ring)
	Number       string        // E.164 or ""
	Raw          string        // number as received
	Name         string        // caller ID name, control characters removed
	Presentation Presentation  //
	Decision     Action        //
	Rule         string        //
	Reason       string        //
	Outcome      Outcome       //
	Duration     time.Duration // first ring to the end of the box's part
	Message      string        // voicemail message id, "" if none
	Person       string        // whom the call was for (Person.ID): a rule's or the caller's choice; "" none
	CallBack     string        // the call-back number the caller left with the message (E.164), "" if none
	Urgent       bool          // the caller marked the message urgent
}
