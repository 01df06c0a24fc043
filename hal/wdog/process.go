package wdog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

// DefaultTimeout is the process watchdog's timeout: the Pi's hardware
// watchdog default, three missed feeds of the firmware's 5 s period.
const DefaultTimeout = 15 * time.Second

// HungStatus is the exit status of a program whose process watchdog expired.
const HungStatus = 70

// Process is a watchdog for this program alone, for when the hardware
// watchdog belongs to someone else. On the gokrazy image, gokrazy's init
// opens /dev/watchdog at boot and pings it every second for as long as the
// kernel and init run; the device admits one opener, so the firmware cannot
// have it. The hardware then resets a hung kernel, and Process covers the
// firmware: unless Feed is called within the timeout, expire runs once (it
// should end the program; the supervisor starts it again, and a new start
// releases the relay before anything else).
type Process struct {
	mu      sync.Mutex
	timeout time.Duration
	timer   clockwork.Timer
	expire  func()
	why     string
	fired   bool
	closed  bool
}

var _ hal.Watchdog = (*Process)(nil)

// NewProcess arms a process watchdog; why says why it is not the hardware
// one (shown by String). clock nil = the real clock.
func NewProcess(timeout time.Duration, clock clockwork.Clock, why string, expire func()) *Process {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	p := &Process{timeout: timeout, expire: expire, why: why}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer = clock.AfterFunc(timeout, p.fire)
	return p
}

func (p *Process) fire() {
	p.mu.Lock()
	if p.closed || p.fired {
		p.mu.Unlock()
		return
	}
	p.fired = true
	p.mu.Unlock()
	p.expire()
}

// Feed restarts the countdown.
func (p *Process) Feed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.closed:
		return ErrClosed
	case p.fired:
		return fmt.Errorf("wdog: feed after the process watchdog expired")
	}
	p.timer.Reset(p.timeout)
	return nil
}

// Timeout is the countdown.
func (p *Process) Timeout() (time.Duration, error) { return p.timeout, nil }

// Close disarms it. Idempotent.
func (p *Process) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.timer.Stop()
	return nil
}

func (p *Process) String() string {
	s := fmt.Sprintf("process watchdog, %v: the firmware restarts if its call loop stops", p.timeout)
	if p.why != "" {
		s += " (" + p.why + ")"
	}
	return s
}

func (w *Watchdog) String() string {
	return "hardware watchdog /dev/watchdog: the box reboots if the call loop stops"
}

// OpenBest arms the hardware watchdog when this program can have it, and
// otherwise a process watchdog (see Process) that calls expire.
func OpenBest(timeout time.Duration, expire func()) hal.Watchdog {
	w, err := Open()
	if err == nil {
		return w
	}
	why := "no hardware watchdog: " + err.Error()
	switch {
	case errors.Is(err, syscall.EBUSY):
		why = "the hardware watchdog is held by the system, which reboots the box if the kernel hangs"
	case errors.Is(err, os.ErrNotExist):
		why = "this machine has no /dev/watchdog"
	}
	return NewProcess(timeout, nil, why, expire)
}

// ExitHung returns the expire action of a process watchdog: put the relay
// to pass-through (waiting at most a second: the hang may be in the relay
// itself), print why and every goroutine's stack to out, and end the
// program with status HungStatus so the supervisor starts it again.
func ExitHung(relay hal.Relay, out io.Writer) func() {
	return func() { exitHung(relay, out, os.Exit) }
}

func exitHung(relay hal.Relay, out io.Writer, exit func(int)) {
	if relay != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		done := make(chan struct{})
		go func() {
			_ = relay.Set(hal.RelayPassThrough)
			close(done)
		}()
		select {
		case <-done:
		case <-ctx.Done():
		}
		cancel()
	}
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	fmt.Fprintf(out, "wdog: the call loop stopped feeding the watchdog; relay put to pass-through, exiting with status %d to be restarted\n%s\n", HungStatus, buf)
	exit(HungStatus)
}
