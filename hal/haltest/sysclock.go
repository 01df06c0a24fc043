package haltest

import (
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var (
	_ hal.SystemClock = (*SystemClock)(nil)
	_ clockwork.Clock = (*SystemClock)(nil)
)

// SystemClock is a computer clock that can be set without privileges: a
// clockwork.Clock whose wall time is Base's plus an offset, and a
// hal.SystemClock whose Set changes that offset. Timers, tickers and
// sleeps run on Base, so setting the clock moves none of them, as on a
// computer whose timers run on the monotonic clock. Durations measured
// with Now across a Set include the step (unlike a computer's).
//
// The world's methods play the rest of the computer: SetOutside is another
// program (an NTP client) setting the clock; Discipline and Network say
// what Sync reports. Fail makes Set fail, as without CAP_SYS_TIME.
type SystemClock struct {
	Base clockwork.Clock
	Rec  *Recorder

	mu          sync.Mutex
	offset      time.Duration
	sets        []time.Time // every Set, in order
	setOutside  bool        // since the last Sync
	step        time.Duration
	disciplined bool
	networked   bool
	fail        error
}

// NewSystemClock returns a clock on base (nil: the real clock) showing
// base's time until it is set.
func NewSystemClock(base clockwork.Clock, rec *Recorder) *SystemClock {
	if base == nil {
		base = clockwork.NewRealClock()
	}
	return &SystemClock{Base: base, Rec: rec}
}

// Now is Base's time plus the offset the clock was set by.
func (c *SystemClock) Now() time.Time {
	c.mu.Lock()
	off := c.offset
	c.mu.Unlock()
	return c.Base.Now().Add(off)
}

// Since is Now() - t.
func (c *SystemClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

// After runs on Base.
func (c *SystemClock) After(d time.Duration) <-chan time.Time { return c.Base.After(d) }

// Sleep runs on Base.
func (c *SystemClock) Sleep(d time.Duration) { c.Base.Sleep(d) }

// NewTicker runs on Base.
func (c *SystemClock) NewTicker(d time.Duration) clockwork.Ticker { return c.Base.NewTicker(d) }

// NewTimer runs on Base.
func (c *SystemClock) NewTimer(d time.Duration) clockwork.Timer { return c.Base.NewTimer(d) }

// AfterFunc runs on Base.
func (c *SystemClock) AfterFunc(d time.Duration, f func()) clockwork.Timer {
	return c.Base.AfterFunc(d, f)
}

// Set implements hal.SystemClock: the clock shows t from now on.
func (c *SystemClock) Set(t time.Time) error {
	c.mu.Lock()
	if err := c.fail; err != nil {
		c.mu.Unlock()
		return err
	}
	c.offset = t.Sub(c.Base.Now())
	c.sets = append(c.sets, t)
	c.setOutside, c.step = false, 0
	c.mu.Unlock()
	c.Rec.Add("clock", "set %s", t.UTC().Format(time.RFC3339))
	return nil
}

// Sync implements hal.SystemClock.
func (c *SystemClock) Sync() (hal.ClockSync, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := hal.ClockSync{Disciplined: c.disciplined, SetOutside: c.setOutside, Step: c.step, Networked: c.networked}
	c.setOutside, c.step = false, 0
	return s, nil
}

// Sets returns every time Set was given, in order.
func (c *SystemClock) Sets() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Time(nil), c.sets...)
}

// SetOutside sets the clock as another program would (an NTP client):
// the next Sync reports it.
func (c *SystemClock) SetOutside(t time.Time) {
	c.mu.Lock()
	old := c.offset
	c.offset = t.Sub(c.Base.Now())
	c.setOutside = true
	c.step += c.offset - old
	c.mu.Unlock()
	c.Rec.Add("clock", "set outside %s", t.UTC().Format(time.RFC3339))
}

// Discipline says whether an NTP daemon keeps the clock (what Sync reports).
func (c *SystemClock) Discipline(on bool) {
	c.mu.Lock()
	c.disciplined = on
	c.mu.Unlock()
}

// Network says whether the computer has a network address.
func (c *SystemClock) Network(on bool) {
	c.mu.Lock()
	c.networked = on
	c.mu.Unlock()
}

// Fail makes every later Set return err (nil: Set works again).
func (c *SystemClock) Fail(err error) {
	c.mu.Lock()
	c.fail = err
	c.mu.Unlock()
}
