package call

import "secretary/hal"

// The phone's message-waiting lamp and the urgent ring: what the box does
// for the mailbox once it is idle. The runner reports the mailbox's unheard
// count (EvMailbox); when the lamp no longer shows it, the idle box sends
// the message-waiting indication to the phone on its cradle (ActIndicate,
// a handset operation: any other handset operation replaces it, and a call
// that moves the relay stops it). So the lamp lights when the first
// unheard message arrives and goes out when the last is heard. A message
// marked urgent (State.RingFor) rings the handset first.

// Lamp is what the box knows of the phone's message-waiting lamp. At start
// it is taken to be off.
type Lamp struct {
	Waiting   bool // the mailbox holds unheard messages (last EvMailbox)
	Shown     bool // what the phone was last told
	Sending   bool // an ActIndicate is in flight, telling SendingOn
	SendingOn bool
	// Failed: the last indication did not reach the phone (lifted, no
	// codec); it is tried again when the box next becomes idle.
	Failed bool
}

// lampEvent handles the mailbox's events; it reports whether e was one.
func (m *machine) lampEvent(e Event) bool {
	l := &m.s.Lamp
	switch {
	case e.Kind == EvMailbox:
		if l.Waiting != (e.Unheard > 0) {
			l.Failed = false
		}
		l.Waiting = e.Unheard > 0
		return true
	case e.Kind == EvHandsetDone && l.Sending:
		// the only handset operation in flight: any other would have
		// replaced it (settle)
		if e.Failed {
			l.Failed = true
		} else {
			l.Shown = l.SendingOn
		}
		l.Sending, l.SendingOn = false, false
		return true
	}
	return false
}

// settle runs after every step: an indication replaced by another handset
// operation, or cut off by the relay, is forgotten (and sent again later);
// an idle box rings for an urgent message, else brings the lamp up to
// date.
func (m *machine) settle() {
	s := &m.s
	l := &s.Lamp
	for _, a := range m.acts {
		if !l.Sending {
			break
		}
		switch {
		case a.Kind == ActRingHandset, a.Kind == ActPlayHandset, a.Kind == ActPlayMessage, a.Kind == ActCancelHandset:
			l.Sending, l.SendingOn = false, false
		case a.Kind == ActRelay && a.Relay == hal.RelayPassThrough:
			l.Sending, l.SendingOn = false, false // the handset left the SLIC
			m.do(Action{Kind: ActCancelHandset})
		}
	}
	if s.Phase != PhaseIdle {
		return
	}
	if m.from != PhaseIdle {
		l.Failed = false // a new chance: the handset is back on its cradle
	}
	if s.RingFor != "" {
		id := s.RingFor
		s.RingFor = ""
		m.ringForMessages(id)
		if s.Phase != PhaseIdle {
			return
		}
	}
	if s.Config.MessageLamp && s.Config.Handset && s.Config.HandsetAudio && !l.Sending && !l.Failed && l.Waiting != l.Shown {
		l.Sending, l.SendingOn = true, l.Waiting
		m.do(Action{Kind: ActIndicate, On: l.Waiting, Alert: s.Config.LampAlert})
	}
}
