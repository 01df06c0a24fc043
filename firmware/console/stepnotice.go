package console

import (
	"fmt"

	"secretary/firmware/call"
	"secretary/screening"
)

// StepNotice is the console's line for one step of the call machine that
// is news beyond its phase: the challenge digit and what the caller
// pressed, the keys pressed on the handset and what they chose, the
// handset not answered or no key pressed in time, the caller hanging up,
// a message left, the modem back. It returns "" for steps that are not
// (most are: rings, operations done, phase changes PhaseNotice shows).
// before is the state the event found, after the one it left.
func StepNotice(e call.Event, before, after call.State) string {
	who := callerText(before.Caller)
	switch e.Kind {
	case call.EvDigit:
		if n := messageKeyNotice(before, after, who); n != "" {
			return n
		}
		return challengeNotice(e, before, after, who)
	case call.EvTimer:
		return timeoutNotice(e.Timer, before, after, who)
	case call.EvHandsetDigit:
		if before.Phase != call.PhaseAnnounce && before.Phase != call.PhaseOwnerChoice {
			return ""
		}
		what, ok := ownerKeys[e.Digit]
		if !ok {
			return fmt.Sprintf("key %c on the handset: not a choice (1 accept, 2 voicemail, 3 block, 4 accept and always allow, * repeat)", e.Digit)
		}
		return fmt.Sprintf("key %c on the handset: %s %s", e.Digit, what, who)
	case call.EvCallerGone:
		if before.Phase == call.PhaseIdle || before.Phase == call.PhaseConnected || before.Phase == call.PhaseHangingUp {
			return ""
		}
		return fmt.Sprintf("%s hung up (%s)", who, before.Phase)
	case call.EvSaved:
		if e.Failed {
			if e.Why != "" {
				return fmt.Sprintf("the message from %s could not be saved: %s", who, e.Why)
			}
			return fmt.Sprintf("the message from %s could not be saved", who)
		}
		return fmt.Sprintf("voicemail left by %s (message %s%s; msgs lists it)", who, e.MessageID, messageDetails(before))
	case call.EvLineUp:
		if before.Phase == call.PhaseLineDown {
			return LineBackNotice
		}
	}
	if after.Phase == call.PhaseChallengePrompt && before.Phase != call.PhaseChallengePrompt {
		return fmt.Sprintf("challenge for %s: the caller must press %c (try %d of %d)", callerText(after.Caller), after.Challenge,
			after.Tries+1, after.Config.ChallengeTries)
	}
	return ""
}

// LineBackNotice is the console's line when the modem answers again after
// the line was left to the phone (gone, or missing since the start).
const LineBackNotice = "the modem is back: calls are screened again"

// messageKeyNotice is a caller's key while leaving a message that
// settled something: the call-back number, urgency.
func messageKeyNotice(before, after call.State, who string) string {
	switch {
	case after.CallBack != "" && before.CallBack == "":
		return fmt.Sprintf("%s asks to be called back at %s", who, after.CallBack)
	case after.Urgent && !before.Urgent:
		return fmt.Sprintf("%s marked the message urgent", who)
	case after.KeyTries > before.KeyTries:
		return fmt.Sprintf("%s keyed a call-back number that is not a phone number", who)
	}
	return ""
}

// messageDetails is what a message left holds beyond the recording.
func messageDetails(s call.State) string {
	var d string
	if s.Urgent {
		d += ", urgent"
	}
	if s.CallBack != "" {
		d += ", call back at " + s.CallBack
	}
	return d
}

// ownerKeys are the owner's choices while a screened call is announced.
var ownerKeys = map[byte]string{
	'1': "accept", '2': "voicemail for", '3': "block", '4': "accept and always allow", '*': "repeat the announcement of",
}

// challengeNotice is the caller's key during the robocall challenge.
func challengeNotice(e call.Event, before, after call.State, who string) string {
	if before.Phase != call.PhaseChallengePrompt && before.Phase != call.PhaseChallengeWait {
		return ""
	}
	switch {
	case e.Digit == before.Challenge:
		return fmt.Sprintf("%s pressed %c: challenge passed", who, e.Digit)
	case inChallenge(after.Phase):
		return fmt.Sprintf("%s pressed %c, not %c: another try", who, e.Digit, before.Challenge)
	}
	return fmt.Sprintf("%s pressed %c, not %c: challenge failed (%s)", who, e.Digit, before.Challenge, outcome(after))
}

// timeoutNotice is a timer that ran out: nobody did something in time.
func timeoutNotice(t call.Timer, before, after call.State, who string) string {
	switch t {
	case call.TimerChallenge:
		if inChallenge(after.Phase) {
			return fmt.Sprintf("%s pressed no key in time: another try at the challenge", who)
		}
		return fmt.Sprintf("%s pressed no key in time: challenge failed (%s)", who, outcome(after))
	case call.TimerAnnounce:
		return fmt.Sprintf("the handset was not answered in %s: %s (%s)", screening.FormatDuration(before.Config.AnnounceTimeout), who, toVoicemail(after))
	case call.TimerOwnerKey:
		return fmt.Sprintf("no key was pressed on the handset in %s: %s (%s)", screening.FormatDuration(before.Config.OwnerKeyTimeout), who, toVoicemail(after))
	case call.TimerMsgRing:
		return "the handset was not picked up to hear the message"
	}
	return ""
}

// toVoicemail is where a screened call goes when the owner does not
// answer or choose: voicemail, unless the mailbox is full.
func toVoicemail(s call.State) string {
	if s.MailboxFull {
		return "the mailbox is full: the caller is told and hung up on"
	}
	return "to voicemail"
}

func inChallenge(p call.Phase) bool {
	return p == call.PhaseChallengePrompt || p == call.PhaseChallengeWait
}

// outcome says where a call went after a step.
func outcome(s call.State) string {
	switch s.Phase {
	case call.PhaseVMAnswer, call.PhaseVMGreeting, call.PhaseVMBeep, call.PhaseVMRecord, call.PhaseVMNameBeep, call.PhaseVMName,
		call.PhaseVMCallBack, call.PhaseVMCallBackKeys, call.PhaseVMUrgent, call.PhaseVMMessagePrompt:
		return "to voicemail"
	case call.PhaseFarewell, call.PhaseHangingUp, call.PhaseIdle:
		return "hung up on"
	case call.PhaseConnected, call.PhasePassing, call.PhasePassRinging:
		return "rings through"
	}
	return s.Phase.String()
}
