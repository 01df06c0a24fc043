package timekeep

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

// Source is where the box's time came from.
type Source int

const (
	// SourceSystem: the clock as the computer had it (nothing known to be
	// better: a board with a battery clock, or a Pi at 1970).
	SourceSystem Source = iota
	// SourceSaved: the time saved before the last stop, stepped to at start.
	SourceSaved
	// SourceNetwork: an NTP client keeps the clock.
	SourceNetwork
	// SourceCallerID: the date and time of incoming calls.
	SourceCallerID
	// SourceOwner: the owner's "time set".
	SourceOwner
)

func (s Source) String() string {
	switch s {
	case SourceSystem:
		return "system"
	case SourceSaved:
		return "saved"
	case SourceNetwork:
		return "network"
	case SourceCallerID:
		return "caller-id"
	case SourceOwner:
		return "owner"
	}
	return fmt.Sprintf("Source(%d)", int(s))
}

// DefaultFloor is the earliest time the box believes: this firmware did
// not exist before it. A clock behind it has not been set.
var DefaultFloor = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

const (
	// SavedName is the file in the data directory holding the last known
	// time.
	SavedName = "time.saved"
	// NetworkFresh is how long after the last sign of network time (a
	// synchronised clock, the NTP client setting it) caller ID stays
	// unused; gokrazy's client sets the clock every hour.
	NetworkFresh = 25 * time.Hour
	// MaxDrift is the largest step caller ID may make once the clock was
	// confirmed (by caller ID or the network) since the start: beyond
	// drift, a disagreement is more likely bad caller ID than a bad clock.
	MaxDrift = time.Hour
	// FirstCheck is when Run first looks at the computer's clock, before
	// the first CheckEvery.
	FirstCheck = 10 * time.Second
)

// Config is what a Keeper works on. Zero fields take the defaults given.
type Config struct {
	Clock  clockwork.Clock // the wall clock everything reads (default real)
	System hal.SystemClock // sets and watches the computer's clock (nil: cannot)
	Dir    string          // data directory for SavedName ("": nothing saved)
	// Zone is the time zone's tz database name ("": the system's,
	// SystemZone); caller ID is read in it.
	Zone       string
	SystemZone *time.Location // what "" means (default time.Local)
	Floor      time.Time      // the earliest believable time (DefaultFloor)
	SaveEvery  time.Duration  // how often the time is saved (10 min)
	CheckEvery time.Duration  // how often System.Sync is asked (1 min)
	Logger     *slog.Logger   // default discard
	// Notice, if set, gets one line for the owner whenever the keeper
	// sets the clock or finds who else did. It is called from the
	// keeper's goroutine (or the owner's, for SetByOwner) and must not
	// block.
	Notice func(msg string)
}

// Keeper keeps the box's time: it steps the clock to the saved time at
// start, saves it now and then, watches for network time, sets the clock
// from caller ID, and holds the time zone. Its methods are safe for
// concurrent use; Run is its goroutine.
type Keeper struct {
	cfg   Config
	clock clockwork.Clock
	log   *slog.Logger
	seen  chan callerSaid // caller-ID times for Run

	saveMu sync.Mutex // serialises writes of the saved file

	mu       sync.Mutex // guards what follows
	zoneName string
	zone     *time.Location
	source   Source
	since    time.Time // when the source set or last confirmed the clock
	note     string    // more about the source, for the owner
	saved    time.Time // read at start
	lastSave time.Time
	known    time.Time // the last known time: never saved over by an earlier one
	netSeen  time.Time // the last sign of network time
	lastStep time.Time // the clock just after the last step, by anyone
	pending  *sighting // a caller ID that found the clock off, waiting for a second
	setErr   error     // the last failure to set the clock
	looked   bool      // check ran since the start
}

// callerSaid is one caller ID's date and time, and the clock when it came.
type callerSaid struct {
	date, hhmm string
	at         time.Time
}

// New returns a keeper; it does no I/O.
func New(cfg Config) *Keeper {
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.SystemZone == nil {
		cfg.SystemZone = time.Local
	}
	if cfg.Floor.IsZero() {
		cfg.Floor = DefaultFloor
	}
	cfg.SaveEvery = cmp.Or(cfg.SaveEvery, 10*time.Minute)
	cfg.CheckEvery = cmp.Or(cfg.CheckEvery, time.Minute)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	k := &Keeper{cfg: cfg, clock: cfg.Clock, log: cfg.Logger, seen: make(chan callerSaid, 8), known: cfg.Floor}
	if err := k.SetZone(cfg.Zone); err != nil {
		k.log.Warn("time zone not usable; using the system's", "zone", cfg.Zone, "err", err)
		_ = k.SetZone("")
	}
	return k
}

// Start reads the saved time and, when the clock is behind it (a Pi boots
// at 1970, or at the image's build time), steps the clock forward to it;
// a clock an NTP daemon disciplines is left alone. A missing or unreadable
// saved file only means nothing is known yet.
func (k *Keeper) Start() {
	saved, err := readSaved(k.savedPath())
	if err != nil {
		k.log.Warn("saved time not usable", "err", err)
	}
	sync, serr := k.sync()
	now := k.clock.Now()
	var msg string
	k.mu.Lock()
	k.saved = saved
	if saved.After(k.known) {
		k.known = saved
	}
	switch {
	case serr == nil && sync.Disciplined:
		k.setSource(SourceNetwork, now, "")
		k.netSeen = now
	case !saved.IsZero() && now.Before(saved):
		if err := k.step(saved); err != nil {
			k.setSource(SourceSystem, now, "the saved time could not be set: "+err.Error())
			break
		}
		k.setSource(SourceSaved, saved, "")
		msg = "clock set to the time saved before the last stop, " + saved.In(k.zone).Format(stamp)
	case saved.IsZero():
		k.setSource(SourceSystem, now, "no time saved yet")
	default:
		k.setSource(SourceSystem, now, "")
	}
	k.mu.Unlock()
	k.notice(msg)
}

// stamp is how the keeper writes a time for the owner.
const stamp = "2006-01-02 15:04"

// Run saves the time every SaveEvery and when ctx ends (the box stops),
// watches the computer for network time every CheckEvery, and acts on the
// caller-ID times passed to CallerTime. It returns nil when ctx ends.
func (k *Keeper) Run(ctx context.Context) error {
	save := k.clock.NewTicker(k.cfg.SaveEvery)
	defer save.Stop()
	check := k.clock.NewTicker(k.cfg.CheckEvery)
	defer check.Stop()
	// a first look soon after the start: at boot, other programs set the
	// clock in their first seconds (gokrazy's NTP client: see staleOutside)
	first := k.clock.NewTimer(FirstCheck)
	defer first.Stop()
	for {
		select {
		case <-ctx.Done():
			if err := k.Save(); err != nil {
				k.log.Warn("saving the time at shutdown", "err", err)
			}
			return nil
		case <-save.Chan():
			if err := k.Save(); err != nil {
				k.log.Warn("saving the time", "err", err)
			}
		case <-check.Chan():
			k.check()
		case <-first.Chan():
			k.check()
		case c := <-k.seen:
			k.callerID(c)
		}
	}
}

// CallerTime hands the keeper a caller ID's date (MMDD) and time (HHMM),
// received when the clock showed at. It never waits: the call loop calls
// it; what the keeper cannot take at once is dropped.
func (k *Keeper) CallerTime(date, hhmm string, at time.Time) {
	if date == "" || hhmm == "" {
		return
	}
	select {
	case k.seen <- callerSaid{date: date, hhmm: hhmm, at: at}:
	default:
	}
}

// sync asks the computer about its clock.
func (k *Keeper) sync() (hal.ClockSync, error) {
	if k.cfg.System == nil {
		return hal.ClockSync{}, hal.ErrNotSupported
	}
	return k.cfg.System.Sync()
}

// step sets the computer's clock; k.mu is held.
func (k *Keeper) step(t time.Time) error {
	if k.cfg.System == nil {
		k.setErr = hal.ErrNotSupported
		return k.setErr
	}
	if err := k.cfg.System.Set(t); err != nil {
		k.setErr = err
		k.log.Error("the clock could not be set", "to", t, "err", err)
		return err
	}
	k.setErr = nil
	k.lastStep, k.known, k.pending = t, t, nil
	return nil
}

// setSource records where the time came from; k.mu is held.
func (k *Keeper) setSource(s Source, since time.Time, note string) {
	k.source, k.since, k.note = s, since, note
}

func (k *Keeper) notice(msg string) {
	if msg == "" {
		return
	}
	k.log.Info(msg)
	if k.cfg.Notice != nil {
		k.cfg.Notice(msg)
	}
}

// check looks for network time: a disciplined clock, or another program
// setting the clock while the computer is on a network.
func (k *Keeper) check() {
	s, err := k.sync()
	if err != nil {
		return
	}
	now := k.clock.Now()
	var msg string
	k.mu.Lock()
	if k.staleOutside(s, now) {
		msg = k.undoOutside(s, now)
		k.mu.Unlock()
		k.notice(msg)
		return
	}
	if s.SetOutside {
		k.lastStep, k.known, k.pending = now, now, nil
	}
	switch {
	case s.Disciplined || (s.SetOutside && s.Networked):
		if k.source != SourceNetwork || s.SetOutside {
			msg = "clock from the network: " + now.In(k.zone).Format(stamp)
		}
		k.setSource(SourceNetwork, now, "")
		k.netSeen = now
	case s.SetOutside:
		k.setSource(SourceSystem, now, "set by another program at "+now.In(k.zone).Format(stamp))
		msg = "clock " + k.note
	}
	k.mu.Unlock()
	if s.SetOutside && s.Step.Abs() < time.Second {
		msg = "" // confirmed, not news
	}
	k.notice(msg)
}

// staleOutside reports another program setting a clock that was at or
// past the last known time back behind it, with no NTP daemon, and with
// no network or before the keeper's first look: not network time but a
// stale one (gokrazy's NTP client, at its start, sets the clock to the
// time of its last clean shutdown, which power cuts and the firmware's
// own restarts leave old; on a network without internet the computer
// has an address all the same). A network's time undone so stays undone
// until its next setting (gokrazy's: an hour). k.mu is held.
func (k *Keeper) staleOutside(s hal.ClockSync, now time.Time) bool {
	first := !k.looked
	k.looked = true
	if !s.SetOutside || s.Disciplined || (s.Networked && !first) {
		return false
	}
	floor := k.known.Add(-time.Minute)
	return now.Before(floor) && !now.Add(-s.Step).Before(floor)
}

// undoOutside steps the clock back to where it was before a stale
// outside set; k.mu is held. It returns the notice.
func (k *Keeper) undoOutside(s hal.ClockSync, now time.Time) string {
	was := now.Add(-s.Step)
	if err := k.step(was); err != nil {
		k.setSource(SourceSystem, now, "set back by another program, behind the last known time")
		return "clock set back by another program to " + now.In(k.zone).Format(stamp) + ", and it could not be put right"
	}
	k.log.Warn("another program set the clock behind the last known time without a network; put back", "to", now, "back", was)
	return fmt.Sprintf("clock put back to %s: another program set it to %s, behind the last known time, with no network",
		was.In(k.zone).Format(stamp), now.In(k.zone).Format(stamp))
}

// netFresh reports recent network time; k.mu is held.
func (k *Keeper) netFresh(now time.Time) bool {
	return !k.netSeen.IsZero() && now.Sub(k.netSeen).Abs() < NetworkFresh
}

// callerID acts on one caller ID's date and time. The rules, so that a
// bad or spoofed caller ID cannot move the clock far:
//   - never while the network keeps the time, nor after the owner set it
//     (until the next start);
//   - within a minute of the clock, it confirms the clock and moves it not;
//   - otherwise the clock moves only when a second call agrees (the two
//     sightings allow a common error), to the middle of what both allow;
//   - the year is the last known time's (CallerTime): no step goes more
//     than a day back nor a year ahead of it;
//   - once the clock was confirmed since the start, by caller ID or the
//     network, no step is larger than MaxDrift.
func (k *Keeper) callerID(c callerSaid) {
	msg, stepped := k.judge(c)
	k.notice(msg)
	if stepped {
		k.saveLogged()
	}
}

// judge applies callerID's rules; it returns the notice and whether the
// clock was stepped.
func (k *Keeper) judge(c callerSaid) (msg string, stepped bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.netFresh(c.at) || k.source == SourceOwner || c.at.Before(k.lastStep) {
		return "", false // the network or the owner rule; or the clock moved since
	}
	said, err := CallerTime(c.date, c.hhmm, later(c.at, k.known), k.zone)
	if err != nil {
		k.log.Info("caller ID time ignored", "err", err)
		return "", false
	}
	s := newSighting(said, c.at)
	if s.inSync() {
		k.pending = nil
		k.setSource(SourceCallerID, c.at, "")
		return "", false
	}
	off, ok := time.Duration(0), k.pending != nil
	if ok {
		off, ok = k.pending.agree(s)
	}
	if !ok {
		k.pending = &s
		k.log.Info("caller ID disagrees with the clock; waiting for a second call", "said", said, "clock", c.at)
		return "", false
	}
	if confirmed := k.source == SourceCallerID || k.source == SourceNetwork; confirmed && off.Abs() > MaxDrift {
		k.pending = &s
		k.log.Warn("caller ID would move a confirmed clock too far; ignored", "by", off)
		return "", false
	}
	before := k.clock.Now()
	to := before.Add(off)
	if err := k.step(to); err != nil {
		return "", false
	}
	k.setSource(SourceCallerID, to, "")
	return fmt.Sprintf("clock set from caller ID: %s (it showed %s)", to.In(k.zone).Format(stamp), before.In(k.zone).Format(stamp)), true
}

func later(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// SetByOwner steps the clock to t (the owner's "time set") and saves it.
// The owner's time stands until the next start: caller ID does not move it.
func (k *Keeper) SetByOwner(t time.Time) error {
	if t.Before(k.cfg.Floor) || t.After(k.cfg.Floor.AddDate(100, 0, 0)) {
		return fmt.Errorf("%w: %s is before this firmware existed or too far ahead", ErrTimeRange, t.Format(stamp))
	}
	k.mu.Lock()
	if err := k.step(t); err != nil {
		k.mu.Unlock()
		return fmt.Errorf("%w: %w", ErrCannotSet, err)
	}
	k.setSource(SourceOwner, t, "")
	k.mu.Unlock()
	return k.Save()
}

// SetZone sets the time zone by its tz database name ("": the system's).
// It applies at once to everything that reads the keeper's zone.
func (k *Keeper) SetZone(name string) error {
	loc := k.cfg.SystemZone
	if name != "" {
		l, err := time.LoadLocation(name)
		if err != nil {
			return fmt.Errorf("%w: %q", ErrZone, name)
		}
		loc = l
	}
	k.mu.Lock()
	k.zoneName, k.zone = name, loc
	k.mu.Unlock()
	return nil
}

// Zone is the box's time zone.
func (k *Keeper) Zone() *time.Location {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.zone
}

// Now is the clock's time in the box's zone (without a monotonic reading:
// for showing and for calendars, not for measuring durations).
func (k *Keeper) Now() time.Time { return k.clock.Now().In(k.Zone()) }

func (k *Keeper) savedPath() string {
	if k.cfg.Dir == "" {
		return ""
	}
	return filepath.Join(k.cfg.Dir, SavedName)
}

// Save writes the clock's time to the data directory (atomically),
// unless the clock is behind the last known time (it could not be set).
func (k *Keeper) Save() error {
	path := k.savedPath()
	if path == "" {
		return nil
	}
	k.saveMu.Lock()
	defer k.saveMu.Unlock()
	now := k.clock.Now()
	k.mu.Lock()
	behind := now.Before(k.known.Add(-time.Second))
	k.mu.Unlock()
	if behind {
		return nil
	}
	if err := writeSaved(path, now); err != nil {
		return err
	}
	k.mu.Lock()
	k.lastSave = now
	if now.After(k.known) {
		k.known = now
	}
	k.mu.Unlock()
	return nil
}

func (k *Keeper) saveLogged() {
	if err := k.Save(); err != nil {
		k.log.Warn("saving the time", "err", err)
	}
}
