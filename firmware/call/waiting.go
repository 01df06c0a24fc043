package call

import (
	"time"

	"secretary/screening"
)

// Calls that meet a call in progress: a new call that starts within the
// ring gap of the previous one (the line device marks it, Event.NewCall),
// and call waiting, a second call the line signals while it is in use.

// newCallEvent takes the first event of an incoming call (Event.NewCall)
// that comes while an earlier call still rings, unanswered: that caller
// gave up and a new call began within the ring gap. The earlier call ends
// as it would have when its rings stopped (logged with its outcome so far:
// abandoned before a decision, passed, blocked), and the new call starts
// with its own caller ID. It reports whether e was consumed; in every other
// phase the phase's handler takes e (idle starts the call; while the box
// holds the line the device never marks a new call).
func (m *machine) newCallEvent(e Event) bool {
	if !m.s.endsForNewCall(e) {
		return false
	}
	if m.s.Phase == PhasePassRinging {
		m.do(Action{Kind: ActCancelHandset})
	}
	const why = "rang off; a new call followed within the ring gap"
	if m.s.Note != "" {
		m.s.Note += "; " + why
	} else {
		m.s.Note = why
	}
	m.idle()
	m.onIdle(e)
	return true
}

// callWaiting logs a call the line signals while it is in use (the box or
// the owner holds it): one record with outcome call-waiting, with the
// waiting caller's ID when the device reports it. An alert without caller
// ID waits Config.WaitingCID for it; the record is written when the caller
// ID comes, when that wait ends, or when the call in progress ends,
// whichever is first. The box never answers the waiting call.
func (m *machine) callWaiting(e Event) {
	s := &m.s
	if e.Caller == (screening.Call{}) { // the alert
		m.flushWaiting() // an earlier alert that got no caller ID
		s.Waiting = e.At
		m.timer(TimerWaiting, s.Config.WaitingCID)
		return
	}
	at := e.At
	if !s.Waiting.IsZero() {
		at = s.Waiting
	}
	m.stopTimer(TimerWaiting)
	s.Waiting = at
	m.logWaiting(e.Caller, e.Decision)
}

// flushWaiting logs a call-waiting alert still waiting for its caller ID.
func (m *machine) flushWaiting() {
	if !m.s.Waiting.IsZero() {
		m.stopTimer(TimerWaiting)
		m.logWaiting(screening.Call{Presentation: screening.PresentationNone}, screening.Decision{})
	}
}

// logWaiting writes the record of the waiting call whose alert came at
// s.Waiting (or now), caller c as the line reported it, d what the rules
// say of c.
func (m *machine) logWaiting(c screening.Call, d screening.Decision) {
	s := &m.s
	at := s.Waiting
	if at.IsZero() {
		at = m.at
	}
	s.Waiting = time.Time{}
	reason := "a second call while the line was in use (call waiting); the box did not answer it"
	if c.Number == "" && c.Presentation == screening.PresentationNone {
		reason += "; no caller ID came with it"
	} else if d.Reason != "" {
		reason += "; had it rung, the rules would " + screening.ActionWord(d.Action) + " it: " + d.Reason
	}
	m.do(Action{Kind: ActLog, Log: screening.LogRecord{
		Time:         at,
		Number:       d.Number,
		Raw:          c.Number,
		Name:         CleanName(c.Name),
		Presentation: c.Presentation,
		Decision:     screening.ActionPass, // the line's call waiting reached whoever was on it
		Reason:       reason,
		Outcome:      screening.OutcomeCallWaiting,
	}})
}
