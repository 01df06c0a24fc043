package timekeep

import (
	"fmt"
	"time"
)

// State is a snapshot of the keeper, for status and the time command.
type State struct {
	Now      time.Time // the clock, in Zone
	ZoneName string    // the zone as set ("": the system's)
	Zone     *time.Location
	Source   Source
	Since    time.Time // when the source set or last confirmed the clock
	Note     string    // more about the source ("no time saved yet")
	Saved    time.Time // the time saved before this start (zero: none)
	LastSave time.Time // the last time saved since (zero: none yet)
	// Pending is a caller ID's time that found the clock off by more than
	// a minute, waiting for a second call to agree (zero: none); PendingAt
	// is the clock when it came.
	Pending, PendingAt time.Time
	// Network: network time is recent, so caller ID is not used.
	Network bool
	SetErr  error     // the last attempt to set the computer's clock failed
	Floor   time.Time // the earliest believable time: a clock behind it was never set
}

// State returns a snapshot.
func (k *Keeper) State() State {
	now := k.clock.Now()
	k.mu.Lock()
	defer k.mu.Unlock()
	s := State{Now: now.In(k.zone), ZoneName: k.zoneName, Zone: k.zone, Source: k.source, Since: k.since,
		Note: k.note, Saved: k.saved, LastSave: k.lastSave, Network: k.netFresh(now), SetErr: k.setErr, Floor: k.cfg.Floor}
	if p := k.pending; p != nil {
		s.Pending, s.PendingAt = p.said, p.at
	}
	return s
}

// in formats t in the state's zone.
func (s State) in(t time.Time) string { return t.In(s.Zone).Format(stamp) }

// SourceText says where the time came from, for the owner: "caller ID at
// 2026-11-29 09:15".
func (s State) SourceText() string {
	var t string
	switch s.Source {
	case SourceNetwork:
		t = "the network (NTP), last at " + s.in(s.Since)
	case SourceCallerID:
		t = "caller ID at " + s.in(s.Since)
	case SourceSaved:
		t = "the time saved before the last stop (" + s.in(s.Saved) + ")"
	case SourceOwner:
		t = "set by the owner at " + s.in(s.Since)
	default:
		t = "the system clock"
	}
	if s.Note != "" {
		t += " (" + s.Note + ")"
	}
	return t
}

// ZoneText names the zone: "Europe/Rome", or "the system's (UTC)".
func (s State) ZoneText() string {
	if s.ZoneName != "" {
		return s.ZoneName
	}
	return fmt.Sprintf("the system's (%s)", s.Zone)
}

// Lines is the time command's answer: the date and time with the zone,
// where the time came from, what was saved, and what caller ID is
// waiting to confirm.
func (s State) Lines() []string {
	out := []string{
		s.Now.Format("2006-01-02 15:04:05 MST (Monday)") + ", zone " + s.ZoneText(),
		"source: " + s.SourceText(),
	}
	if s.Now.Before(s.Floor) {
		out = append(out, "the clock was never set: type time set YYYY-MM-DD HH:MM (or give the box a network)")
	}
	if s.SetErr != nil {
		out = append(out, "the clock could not be set: "+s.SetErr.Error())
	}
	if !s.LastSave.IsZero() {
		out = append(out, "saved: "+s.in(s.LastSave)+" (every 10 minutes and at shutdown)")
	}
	switch {
	case s.Network:
		out = append(out, "caller ID is not used while the network keeps the time")
	case s.Source == SourceOwner:
		out = append(out, "caller ID is not used until the next start: the owner's time stands")
	case !s.Pending.IsZero():
		out = append(out, fmt.Sprintf("a call at %s said %s; the clock moves when a second call agrees",
			s.in(s.PendingAt), s.in(s.Pending)))
	}
	return out
}
