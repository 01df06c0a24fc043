package sysclock

import (
	"errors"
	"fmt"
	"math"
	"net"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"secretary/hal"
)

var _ hal.SystemClock = (*Clock)(nil)

// Clock is the computer's clock. Its methods are safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	fd     int           // the timerfd cancelled when the clock is set; -1 after Close
	ref    time.Time     // a reading with the monotonic clock, taken at Open
	offset time.Duration // wall minus monotonic time (from ref) at the last look
}

// Open arms the watch for clock changes.
func Open() (*Clock, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_REALTIME, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("sysclock: timerfd: %w", err)
	}
	c := &Clock{fd: fd, ref: time.Now()}
	if err := c.arm(); err != nil {
		unix.Close(fd)
		return nil, err
	}
	c.offset = c.wallOffset()
	return c, nil
}

// arm sets the timer to fire in the far future, cancelled by the kernel
// as soon as anyone sets the clock.
func (c *Clock) arm() error {
	far := unix.ItimerSpec{Value: unix.Timespec{Sec: math.MaxInt32}}
	if err := unix.TimerfdSettime(c.fd, unix.TFD_TIMER_ABSTIME|unix.TFD_TIMER_CANCEL_ON_SET, &far, nil); err != nil {
		return fmt.Errorf("sysclock: arm timerfd: %w", err)
	}
	return nil
}

// wallOffset is how far the wall clock has moved beyond the monotonic
// clock since Open: the sum of every step. It takes the middle of three
// readings, so a reader descheduled between its two clock reads does not
// look like a step.
func (c *Clock) wallOffset() time.Duration {
	var v [3]time.Duration
	for i := range v {
		now := time.Now()
		v[i] = now.Round(0).Sub(c.ref.Round(0)) - now.Sub(c.ref)
	}
	slices.Sort(v[:])
	return v[1]
}

// Set implements hal.SystemClock with clock_settime(CLOCK_REALTIME).
func (c *Clock) Set(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fd < 0 {
		return hal.ErrClosed
	}
	ts := unix.NsecToTimespec(t.UnixNano())
	if err := unix.ClockSettime(unix.CLOCK_REALTIME, &ts); err != nil {
		return fmt.Errorf("sysclock: set the clock: %w", err)
	}
	// our own change is not news: drain the cancellation, re-arm
	c.changed()
	c.offset = c.wallOffset()
	return nil
}

// changed reports whether the clock was set since the timer was armed,
// and re-arms it if so.
func (c *Clock) changed() bool {
	var buf [8]byte
	_, err := unix.Read(c.fd, buf[:])
	if !errors.Is(err, unix.ECANCELED) {
		return false // EAGAIN: not set; an expiry cannot happen before 2038
	}
	_ = c.arm()
	return true
}

// Sync implements hal.SystemClock.
func (c *Clock) Sync() (hal.ClockSync, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fd < 0 {
		return hal.ClockSync{}, hal.ErrClosed
	}
	var s hal.ClockSync
	var tx unix.Timex // Modes 0: read only, no privilege needed
	state, err := unix.Adjtimex(&tx)
	if err != nil {
		return s, fmt.Errorf("sysclock: adjtimex: %w", err)
	}
	s.Disciplined = tx.Status&unix.STA_UNSYNC == 0 && state != unix.TIME_ERROR
	if c.changed() {
		off := c.wallOffset()
		s.SetOutside, s.Step = true, off-c.offset
		c.offset = off
	}
	s.Networked = networked()
	return s, nil
}

// Close stops watching. Idempotent.
func (c *Clock) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fd < 0 {
		return nil
	}
	err := unix.Close(c.fd)
	c.fd = -1
	return err
}

// networked reports an address that is neither loopback nor link-local.
func networked() bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if ok && routable(n.IP) {
			return true
		}
	}
	return false
}

func routable(ip net.IP) bool {
	return ip.IsGlobalUnicast() && !ip.IsLinkLocalUnicast()
}
