package gpio

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"

	"secretary/hal"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

type change struct {
	at time.Time
	l  gpio.Level
}

// recPin is a gpiotest output pin that records every Out with the clock's time.
type recPin struct {
	*gpiotest.Pin
	clk clockwork.Clock

	mu  sync.Mutex
	log []change
}

func newRecPin(name string, clk clockwork.Clock) *recPin {
	return &recPin{Pin: &gpiotest.Pin{N: name}, clk: clk}
}

func (p *recPin) Out(l gpio.Level) error {
	p.mu.Lock()
	p.log = append(p.log, change{p.clk.Now(), l})
	p.mu.Unlock()
	return p.Pin.Out(l)
}

// edges returns the recorded changes of level (repeats dropped).
func (p *recPin) edges() []change {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []change
	for _, c := range p.log {
		if len(out) > 0 && out[len(out)-1].l == c.l {
			continue
		}
		if len(out) == 0 && c.l == gpio.Low {
			continue // the idle level set by Init
		}
		out = append(out, c)
	}
	return out
}

// edgePin is an input pin fed through EdgesChan (a gpiotest.Pin) whose
// WaitForEdge and Halt behave as gpioioctl's: the timeout is real time (so
// it never counts as a fake-clock waiter), and Halt interrupts only a wait
// in progress. gpiotest's own Halt does nothing.
type edgePin struct {
	*gpiotest.Pin

	mu        sync.Mutex
	halt      chan struct{} // closed by Halt: the wait in progress; nil if none
	waits     int           // WaitForEdge calls
	timeout   time.Duration // of the last one
	noTimeout bool          // wait for an edge or Halt only, whatever the timeout
	loseHalts int           // Halt calls to ignore (as if they came between two waits)
	halts     int           // Halt calls
}

func inPin(name string, l gpio.Level) *edgePin {
	return &edgePin{Pin: &gpiotest.Pin{N: name, L: l, EdgesChan: make(chan gpio.Level)}}
}

func (p *edgePin) WaitForEdge(timeout time.Duration) bool {
	h := make(chan struct{})
	p.mu.Lock()
	p.halt, p.timeout = h, timeout
	p.waits++
	forever := p.noTimeout
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		if p.halt == h {
			p.halt = nil
		}
		p.mu.Unlock()
	}()
	var tc <-chan time.Time
	if !forever {
		t := time.NewTimer(timeout)
		defer t.Stop()
		tc = t.C
	}
	select {
	case l := <-p.EdgesChan:
		_ = p.Pin.Out(l)
		return true
	case <-h:
		return false
	case <-tc:
		return false
	}
}

func (p *edgePin) Halt() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.halts++
	if p.loseHalts > 0 {
		p.loseHalts--
		return nil
	}
	if p.halt != nil {
		close(p.halt)
		p.halt = nil
	}
	return nil
}

// waiting reports whether a WaitForEdge is in progress, and how many began.
func (p *edgePin) waiting() (bool, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.halt != nil, p.waits
}

// untilWaiting returns once a WaitForEdge is in progress on p.
func untilWaiting(t *testing.T, p *edgePin) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if w, _ := p.waiting(); w {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing waits for an edge")
		}
		time.Sleep(time.Millisecond)
	}
}

// step advances fc in 1 ms steps until it reaches end, each time after the
// code under test is waiting on the clock (n waiters).
func step(t *testing.T, fc clockwork.FakeClock, end time.Time, n int) {
	t.Helper()
	for fc.Now().Before(end) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := fc.(interface {
			BlockUntilContext(context.Context, int) error
		}).BlockUntilContext(ctx, n)
		cancel()
		if err != nil {
			t.Fatalf("at +%v nothing waits on the clock", fc.Now().Sub(t0))
		}
		fc.Advance(time.Millisecond)
	}
}

// fakeAudio records Play calls with the clock's time.
type fakeAudio struct {
	clk clockwork.Clock
	mic chan []int16

	mu    sync.Mutex
	plays []play
}

type play struct {
	at time.Time
	n  int
}

func (a *fakeAudio) Play(ctx context.Context, pcm []int16) error {
	a.mu.Lock()
	a.plays = append(a.plays, play{a.clk.Now(), len(pcm)})
	a.mu.Unlock()
	return nil
}

func (a *fakeAudio) Record(ctx context.Context, sink func([]int16) bool) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case pcm := <-a.mic:
			if !sink(pcm) {
				return nil
			}
		}
	}
}

func (a *fakeAudio) recorded() []play {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]play(nil), a.plays...)
}

func nextHandsetEvent(t *testing.T, ch <-chan hal.HandsetEvent) hal.HandsetEvent {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no handset event")
	}
	return hal.HandsetEvent{}
}

func noHandsetEvent(t *testing.T, ch <-chan hal.HandsetEvent) {
	t.Helper()
	select {
	case e := <-ch:
		t.Fatalf("unexpected handset event %v at +%v", e.Kind, e.At.Sub(t0))
	case <-time.After(30 * time.Millisecond):
	}
}

func within(d, want, tol time.Duration) bool {
	return d >= want-tol && d <= want+tol
}
