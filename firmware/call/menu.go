package call

import (
	"time"

	"secretary/screening"
)

// The callers' menu (PhaseMenu, PhaseMenuWait). When people are on the
// switchboard, a caller the box answers to screen or to take a message,
// and whose call is for nobody in particular yet, hears "for Anna press 1,
// for Ben press 2, to leave a message press 0". A key chooses: a screened
// caller then gives their name and the handset rings with that person's
// cadence; a caller sent to voicemail leaves a message in that person's
// mailbox; 0 is the general mailbox. No key within MenuTimeout after the
// menu (or two keys naming nobody): the default person, else the general
// mailbox.

// menuFirst starts the menu when the call needs one (next is what the
// choice leads to: PhaseNamePrompt or PhaseVMGreeting), after the
// greeting if greet; it reports whether it did.
func (m *machine) menuFirst(next Phase, greet bool) bool {
	s := &m.s
	if s.Config.Switchboard.People.N == 0 || s.Person.ID != "" || s.MenuNext != 0 {
		return false
	}
	s.MenuNext = next
	clips := m.menuClips()
	if greet {
		clips = append([]Clip{ClipGreeting}, clips...)
	}
	m.playLine(PhaseMenu, clips...)
	return true
}

// menuClips says the menu: "for NAME press KEY" for each person, then the
// general mailbox's key.
func (m *machine) menuClips() []Clip {
	d := &m.s.Config.Switchboard.People
	var clips []Clip
	for _, p := range d.People[:d.N] {
		clips = append(clips, ClipMenuFor, PersonClip(p.ID), ClipMenuPress, DigitClip(p.Key))
	}
	return append(clips, ClipMenuMessage)
}

func (m *machine) onMenu(e Event) {
	s := &m.s
	switch e.Kind {
	case EvCallerGone:
		m.hangUp(screening.OutcomeAbandoned)
	case EvLineDone:
		if e.Failed {
			m.lineFailed()
			return
		}
		if s.Phase == PhaseMenu {
			m.timer(TimerMenu, s.Config.Switchboard.MenuTimeout)
			s.Phase = PhaseMenuWait
		}
	case EvDigit:
		m.menuKey(e.Digit)
	case EvTimer:
		if e.Timer == TimerMenu {
			m.menuDefault()
		}
	}
}

// menuKey takes the caller's key: a person's, 0, or one that names
// nobody (the menu again, once).
func (m *machine) menuKey(k byte) {
	s := &m.s
	if k == '0' {
		m.menuChose(Person{})
		return
	}
	if p, ok := s.Config.Switchboard.People.ByKey(k); ok {
		m.menuChose(p)
		return
	}
	s.MenuTries++
	if s.MenuTries >= 2 {
		m.menuDefault()
		return
	}
	m.stopTimer(TimerMenu)
	m.do(Action{Kind: ActCancelLine})
	m.playLine(PhaseMenu, m.menuClips()...)
}

// menuDefault: no choice was made.
func (m *machine) menuDefault() {
	sb := &m.s.Config.Switchboard
	p, _ := sb.People.ByID(sb.MenuDefault)
	m.s.Note = "no key at the menu"
	m.menuChose(p)
}

// menuChose goes on with the call for p (zero: the general mailbox).
func (m *machine) menuChose(p Person) {
	s := &m.s
	m.stopTimer(TimerMenu)
	m.do(Action{Kind: ActCancelLine})
	s.Person = p
	if s.MenuNext == PhaseNamePrompt && p.ID != "" {
		m.playLine(PhaseNamePrompt, ClipNameReason)
		return
	}
	s.NoName = true
	m.voicemail()
}

// greeting is what the voicemail greeting says: the person's mailbox, or
// the general one.
func (m *machine) greeting() []Clip {
	if id := m.s.Person.ID; id != "" {
		return []Clip{ClipMessageFor, PersonClip(id), ClipAfterTone}
	}
	return []Clip{ClipVoicemail}
}

// announceHead is how the announcement to the owner begins: "call for
// Anna from", or "screened call from".
func (m *machine) announceHead() []Clip {
	if id := m.s.Person.ID; id != "" {
		return []Clip{ClipCallFor, PersonClip(id), ClipFrom}
	}
	return []Clip{ClipScreened}
}

// screenRing is the handset's cadence for a screened call: the person's,
// else the screened cadence.
func (m *machine) screenRing() Ring {
	if m.s.Person.ID != "" {
		return m.s.Person.Ring
	}
	return RingScreened
}

// ringTime is how long the handset rings for the call before the box
// gives up: forward-rings cycles of a person's cadence, else the
// announce timeout.
func (m *machine) ringTime() time.Duration {
	if m.s.Person.ID != "" {
		return time.Duration(m.s.Config.Switchboard.ForwardRings) * screening.CadenceCycle
	}
	return m.s.Config.AnnounceTimeout
}
