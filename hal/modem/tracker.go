package modem

import (
	"fmt"
	"strings"
	"time"

	"secretary/hal"
	"secretary/screening/clean"
)

// tracker follows incoming calls from what the modem prints while the
// line rings: RING lines (or <DLE>R), DRON/DROF cadence reports, formatted
// caller-ID lines, raw caller-ID messages, call-waiting alerts, and the
// hook state the command engine tells it. It turns them into the
// hal.LineEvents of a call: rings counted per call, the call's caller ID
// (cleaned), "no caller ID" at the second ring, and NewCall on the first
// event of each call.
//
// It is pure: no goroutines, no I/O, no locks, no clock. Every input
// carries its time; deadline says when tick must be called (an incomplete
// caller-ID block is reported after a quiet time). The engine (Modem) owns
// the lock around it and the one timer that calls tick.
//
// Call boundaries:
//   - A ring after ringGap without rings or caller ID starts a new call.
//     Rings closer together than ringDebounce are one ring (a flood of RING
//     lines is one ring, not hundreds).
//   - A caller ID belongs to the ringing call when it is the first one
//     after that call's first ring. Caller ID before any ring (UK/ETSI, or
//     long after the last call) starts a new call before its first ring.
//   - A caller ID after a ring that already had one, or after the second
//     ring of a call without one, starts a new call: the previous caller
//     hung up and a new call began within the ring gap. Telephone exchanges
//     send caller ID once, between the first and second ring, so this is
//     the only way to tell two calls back to back apart. If that caller ID
//     came within cidAfterRing of the last ring, that ring was the new
//     call's first (Ring 1), else the new call has not rung yet (Ring 0).
//   - A second caller ID in the same ring interval is dropped (a repeat,
//     or noise): each ring interval reports at most one.
//   - While the box holds the line (off-hook), rings are ignored and caller
//     ID is call-waiting caller ID: reported as LineCallWaiting with
//     CallerID, once per call-waiting alert.
type tracker struct {
	cfg      trackerConfig
	offHook  bool
	call     incoming
	block    cidBuilder // a formatted caller-ID block being assembled
	blockDue time.Time  // when an incomplete block is reported
	dron     time.Duration
	drof     time.Duration
	dronAt   time.Time
	cw       waiting
	notes    []string
}

type trackerConfig struct {
	ringGap      time.Duration // silence after which a ring starts a new call
	ringDebounce time.Duration // rings closer than this are one ring
	cidQuiet     time.Duration // an incomplete caller-ID block waits this long for more lines
}

// cidAfterRing: a caller ID this soon after a ring came in that ring's
// silence (5 s of an 8 s ring gap: the 4 s off time of a 2 s on / 4 s
// off cadence plus slack for a late report).
func (c trackerConfig) cidAfterRing() time.Duration { return c.ringGap * 5 / 8 }

// incoming is the call the line is ringing with.
type incoming struct {
	active        bool
	rings         int
	lastRing      time.Time // zero before its first ring
	hasCID        bool
	cid           hal.CallerID
	cidAt         time.Time
	ringsSinceCID int
	noCIDSent     bool
}

func (c *incoming) lastActivity() time.Time {
	if c.cidAt.After(c.lastRing) {
		return c.cidAt
	}
	return c.lastRing
}

// waiting is call-waiting bookkeeping while the box holds the line.
type waiting struct {
	alertAt time.Time // last call-waiting alert
	cidAt   time.Time // last call-waiting caller ID reported
}

func newTracker(cfg trackerConfig) tracker { return tracker{cfg: cfg} }

func (t *tracker) note(format string, args ...any) {
	t.notes = append(t.notes, fmt.Sprintf(format, args...))
}

// takeNotes returns what happened that is worth a debug log line.
func (t *tracker) takeNotes() []string {
	n := t.notes
	t.notes = nil
	return n
}

// deadline is when tick must run next; false when nothing is pending.
func (t *tracker) deadline() (time.Time, bool) { return t.blockDue, !t.block.empty() }

// tick reports a caller-ID block whose quiet time has passed.
func (t *tracker) tick(now time.Time) []hal.LineEvent {
	if t.block.empty() || now.Before(t.blockDue) {
		return nil
	}
	return t.flush(now)
}

// line takes one unsolicited text line; handled is false for a line that
// is none of the tracker's (for example a command's information line).
func (t *tracker) line(now time.Time, l string) (evs []hal.LineEvent, handled bool) {
	up := strings.ToUpper(l)
	switch {
	case up == "RING" || strings.HasPrefix(up, "RING ") || strings.HasPrefix(up, "RING;"):
		return t.ring(now), true
	case strings.HasPrefix(up, "DRON") || strings.HasPrefix(up, "DROF"):
		t.cadence(now, up)
		return nil, true
	}
	if tag, val, ok := ParseCIDLine(l); ok {
		return t.cidLine(now, tag, val, l), true
	}
	if !looksLikeCIDHex(l) {
		return nil, false
	}
	c, ok, err := DecodeCIDHex(l)
	switch {
	case err != nil:
		t.note("raw caller ID rejected: %v", err)
		return nil, false
	case !ok:
		t.note("message-waiting message ignored")
		return nil, true
	}
	evs = t.flush(now)
	return append(evs, t.callerID(now, c)...), true
}

// other: an unrelated line ends a caller-ID block being assembled.
func (t *tracker) other(now time.Time) []hal.LineEvent { return t.flush(now) }

// ring counts a ring (a RING line or <DLE>R).
func (t *tracker) ring(now time.Time) []hal.LineEvent {
	evs := t.flush(now) // a block before the ring belongs before it
	if t.offHook {
		t.note("ring while off-hook ignored")
		return evs
	}
	c := &t.call
	if c.active && !c.lastRing.IsZero() && now.Sub(c.lastRing) < t.cfg.ringDebounce {
		return evs // the same ring, reported again
	}
	newCall := !c.active || now.Sub(c.lastActivity()) > t.cfg.ringGap
	if newCall {
		*c = incoming{active: true}
	}
	c.rings++
	c.lastRing = now
	if c.hasCID {
		c.ringsSinceCID++
	}
	evs = append(evs, hal.LineEvent{Kind: hal.LineRing, At: now, Ring: c.rings, NewCall: newCall, Cadence: t.takeCadence(now)})
	if c.rings >= 2 && !c.hasCID && !c.noCIDSent {
		c.noCIDSent = true
		evs = append(evs, hal.LineEvent{Kind: hal.LineNoCallerID, At: now})
	}
	return evs
}

// cadence takes DRON=n / DROF=n (units of 100 ms), reported before a RING.
func (t *tracker) cadence(now time.Time, up string) {
	i := strings.IndexByte(up, '=')
	if i < 0 {
		return
	}
	var n int
	if _, err := fmt.Sscanf(strings.TrimSpace(up[i+1:]), "%d", &n); err != nil || n < 0 || n > 1000 {
		return
	}
	d := time.Duration(n) * 100 * time.Millisecond
	if strings.HasPrefix(up, "DROF") {
		t.drof = d
		return
	}
	t.dron, t.dronAt = d, now
}

// takeCadence returns the on/off durations reported just before a ring.
func (t *tracker) takeCadence(now time.Time) []time.Duration {
	if t.dronAt.IsZero() || now.Sub(t.dronAt) >= time.Second {
		return nil
	}
	var cad []time.Duration
	if t.dron > 0 {
		cad = append(cad, t.dron)
	}
	if t.drof > 0 {
		cad = append(cad, t.drof)
	}
	t.dronAt = time.Time{}
	return cad
}

// cidLine adds one formatted caller-ID line to the block being assembled;
// a complete block is reported at once, an incomplete one after cidQuiet.
func (t *tracker) cidLine(now time.Time, tag, val, raw string) []hal.LineEvent {
	var evs []hal.LineEvent
	if t.block.startsNew(tag, val) {
		evs = t.flush(now)
	}
	t.block.add(tag, val, raw)
	if t.block.complete() {
		return append(evs, t.flush(now)...)
	}
	t.blockDue = now.Add(t.cfg.cidQuiet)
	return evs
}

// flush reports the block being assembled, if any.
func (t *tracker) flush(now time.Time) []hal.LineEvent {
	if t.block.empty() {
		return nil
	}
	c, ok := t.block.result()
	t.block, t.blockDue = cidBuilder{}, time.Time{}
	if !ok {
		t.note("caller-ID block without caller data: %q", clean.Note(c.Raw))
		return nil
	}
	return t.callerID(now, c)
}

// callerID places a decoded caller ID: this call's, a new call's, a
// waiting call's, or a repeat to drop.
func (t *tracker) callerID(now time.Time, c hal.CallerID) []hal.LineEvent {
	c = cleanCallerID(c)
	if t.offHook {
		return t.waitingCID(now, c)
	}
	cur := &t.call
	switch {
	case !cur.active || now.Sub(cur.lastActivity()) > t.cfg.ringGap:
		// Before the first ring (UK/ETSI), or long after the last call.
		*cur = incoming{active: true, hasCID: true, cid: c, cidAt: now}
		return []hal.LineEvent{{Kind: hal.LineCallerID, At: now, CallerID: c, NewCall: true}}
	case !cur.hasCID && cur.rings <= 1:
		cur.hasCID, cur.cid, cur.cidAt, cur.ringsSinceCID = true, c, now, 0
		return []hal.LineEvent{{Kind: hal.LineCallerID, At: now, CallerID: c, Ring: cur.rings}}
	case cur.hasCID && cur.ringsSinceCID == 0:
		if sameCaller(cur.cid, c) {
			t.note("caller ID repeated in one ring interval; ignored")
		} else {
			t.note("a second caller ID in one ring interval ignored (number %q, name %q)", c.Number, c.Name)
		}
		return nil
	}
	// After a ring that already had caller ID, or after the second ring:
	// a new call, whose first ring may be the last one counted.
	rings, last := 0, time.Time{}
	if !cur.lastRing.IsZero() && now.Sub(cur.lastRing) <= t.cfg.cidAfterRing() {
		rings, last = 1, cur.lastRing
	}
	*cur = incoming{active: true, rings: rings, lastRing: last, hasCID: true, cid: c, cidAt: now}
	return []hal.LineEvent{{Kind: hal.LineCallerID, At: now, CallerID: c, NewCall: true, Ring: rings}}
}

// waitingCID reports call-waiting caller ID, once per alert (a repeat
// within a ring gap without a new alert is dropped).
func (t *tracker) waitingCID(now time.Time, c hal.CallerID) []hal.LineEvent {
	cw := &t.cw
	if !cw.cidAt.IsZero() && !cw.alertAt.After(cw.cidAt) && now.Sub(cw.cidAt) < t.cfg.ringGap {
		t.note("call-waiting caller ID repeated; ignored")
		return nil
	}
	cw.cidAt = now
	return []hal.LineEvent{{Kind: hal.LineCallWaiting, At: now, CallerID: c}}
}

// callWaiting takes a call-waiting alert (<DLE>w) while off-hook.
func (t *tracker) callWaiting(now time.Time) []hal.LineEvent {
	evs := t.flush(now)
	t.cw.alertAt = now
	return append(evs, hal.LineEvent{Kind: hal.LineCallWaiting, At: now})
}

// setOffHook tells the tracker whether the box holds the line. Going
// off-hook ends the ringing call (answered); the next ring is a new call.
func (t *tracker) setOffHook(now time.Time, off bool) []hal.LineEvent {
	evs := t.flush(now) // a block that came before belongs to the state before
	if off == t.offHook {
		return evs
	}
	t.offHook = off
	if off {
		t.call = incoming{}
	}
	t.cw = waiting{}
	return evs
}

// sameCaller compares what identifies a caller (not the raw text).
func sameCaller(a, b hal.CallerID) bool {
	return a.Number == b.Number && a.Name == b.Name && a.NumberAbsent == b.NumberAbsent &&
		a.NameAbsent == b.NameAbsent && a.Date == b.Date && a.Time == b.Time
}

// cleanCallerID is the driver's edge for caller-supplied text: names,
// numbers, date and time go through screening/clean, so control and format
// characters never leave the driver; the raw lines are cleaned one by one.
func cleanCallerID(c hal.CallerID) hal.CallerID {
	c.Number = clean.Name(c.Number)
	c.Name = clean.Name(c.Name)
	c.Date = clean.Text(c.Date, 8)
	c.Time = clean.Text(c.Time, 8)
	if c.Raw != "" {
		lines := strings.Split(c.Raw, "\n")
		for i, l := range lines {
			lines[i] = clean.Note(l)
		}
		c.Raw = strings.Join(lines, "\n")
	}
	if c.Number == "" && c.Presentation == hal.PresentationAvailable {
		finishPresentation(&c) // nothing printable was left of the number
	}
	return c
}
