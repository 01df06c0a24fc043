package console

import (
	"fmt"
	"strings"
	"time"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/screening"
)

// CallPhase notifies the line for a call reaching phase s.Phase (see
// PhaseNotice). It fits firmware.Config.OnPhase: it never blocks the call
// loop.
func (c *Console) CallPhase(s call.State) {
	if n := PhaseNotice(s); n != "" {
		c.Notify(n)
	}
}

// CallLogged notifies the end of a call (EndNotice). It fits
// firmware.Config.OnLog: it never blocks the call loop.
func (c *Console) CallLogged(r screening.LogRecord) { c.Notify(EndNotice(r)) }

// callerText is how a notice names the caller.
func callerText(c screening.Call) string {
	if c.Number == "" {
		return c.Presentation.String() + " caller"
	}
	return strings.TrimSpace(c.Number + " " + c.Name)
}

// PhaseNotice is the console's line when a call reaches phase s.Phase, or
// "" for phases not worth a line.
func PhaseNotice(s call.State) string {
	who, why := callerText(s.Caller), s.Decision.Reason
	switch s.Phase {
	case call.PhasePassing, call.PhasePassRinging:
		return fmt.Sprintf("call from %s: rings through (%s)", who, why)
	case call.PhaseIgnoring, call.PhaseBlockDrop, call.PhaseBlockAnswer:
		return fmt.Sprintf("call from %s: blocked, %s (%s)", who, s.Decision.Treatment, why)
	case call.PhaseScreenAnswer:
		return fmt.Sprintf("call from %s: screening (%s)", who, why)
	case call.PhaseVMAnswer:
		return fmt.Sprintf("call from %s: to voicemail (%s)", who, why)
	case call.PhaseHold:
		if !s.NameVoiced {
			return fmt.Sprintf("%s said no name; ringing the handset to announce the number", who)
		}
		return fmt.Sprintf("%s gave a name; ringing the handset to announce it", who)
	case call.PhaseAnnounce:
		return "announcing on the handset; keys: 1 accept, 2 voicemail, 3 block, 4 accept and always allow, * repeat"
	case call.PhaseConnected:
		return fmt.Sprintf("%s is connected to the handset", who)
	case call.PhaseOutgoing:
		return "handset lifted: outgoing call, relay to the line"
	case call.PhaseLineDown:
		return "the modem does not answer: calls pass through to the phone until it does"
	case call.PhaseMsgRing:
		return "ringing the handset with the message cadence: lift it to hear the messages"
	case call.PhaseMsgPlay:
		return "playing the messages on the handset; keys: 7 delete, 9 save, 4 replay, 6 next, 5 who and when, * exit"
	}
	return ""
}

// EndNotice is the console's line when a call's log record is written.
func EndNotice(r screening.LogRecord) string {
	who := strings.TrimSpace(r.Number + " " + r.Name)
	if r.Number == "" {
		who = strings.TrimSpace(r.Presentation.String() + " " + r.Name)
	}
	if r.Outcome == screening.OutcomeCallWaiting {
		if r.Number == "" && r.Raw == "" {
			who = strings.TrimSpace("a caller " + r.Name)
			if r.Presentation == screening.PresentationNone {
				who = "a caller without caller ID"
			} else if r.Name == "" {
				who = "a " + r.Presentation.String() + " caller"
			}
		} else if r.Number == "" {
			who = strings.TrimSpace(r.Raw + " " + r.Name)
		}
		return fmt.Sprintf("call waiting: %s called while the line was in use (logged; the box did not answer it)", who)
	}
	n := fmt.Sprintf("logged: call from %s %s, %s", who, r.Outcome, r.Duration.Round(time.Second))
	if r.Message != "" {
		n += ", message " + r.Message
	}
	return n
}

// CallNotice shows the news of one step of the call loop (see StepNotice
// and ButtonText). It fits firmware.Config.OnNotice: it never blocks the
// call loop.
func (c *Console) CallNotice(n firmware.Notice) {
	var line string
	switch n.Kind {
	case firmware.NoticeStep:
		line = StepNotice(n.Event, n.Before, n.After)
	case firmware.NoticeButton:
		line = ButtonText(n.Button)
	}
	if line != "" {
		c.Notify(line)
	}
}

// ButtonText says what a press of the box's button did.
func ButtonText(b firmware.ButtonNotice) string {
	list := screening.ActionWord(b.Action)
	switch {
	case b.Number == "":
		return fmt.Sprintf("button (%s press): no caller since the box started, nothing added to the %s list", b.Press, list)
	case !b.Queued:
		return fmt.Sprintf("button (%s press): %s could not be added to the %s list (the store is behind or absent)", b.Press, b.Number, list)
	}
	return strings.TrimSpace(fmt.Sprintf("button (%s press): the last caller %s %s goes on the %s list", b.Press, b.Number, b.Name, list))
}
