package modem

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var _ hal.Line = (*Supervisor)(nil)

// Opener opens the modem's byte stream (serialport.Opener in production,
// a pty in tests). It must not block past ctx.
type Opener func(ctx context.Context) (io.ReadWriteCloser, error)

// Supervisor keeps a modem open: it opens the device, runs Init, and when
// the device vanishes or stops answering it reports hal.LineDown, reopens
// with backoff, re-initialises and reports hal.LineUp. It implements
// hal.Line; while down, methods return hal.ErrLineDown. The modems it
// makes report straight into its one event queue.
type Supervisor struct {
	open  Opener
	opts  []Option
	o     options
	log   *slog.Logger
	clock clockwork.Clock
	q     *eventQueue

	ctx       context.Context
	cancel    context.CancelFunc
	startOnce sync.Once
	closeOnce sync.Once
	wg        sync.WaitGroup

	mu     sync.Mutex
	cur    *Modem
	closed bool
	up     chan struct{} // closed when cur becomes non-nil; replaced when it goes down
}

// NewSupervisor returns a supervisor; opts apply to every Modem it makes.
// It does no I/O: Start or Init begins the open loop.
func NewSupervisor(open Opener, opts ...Option) *Supervisor {
	o := buildOptions(opts)
	ctx, cancel := context.WithCancel(context.Background())
	q := newEventQueue(o.log)
	return &Supervisor{open: open, opts: append(append([]Option(nil), opts...), withQueue(q)), o: o, log: o.log,
		clock: o.clock, q: q, ctx: ctx, cancel: cancel, up: make(chan struct{})}
}

// Start begins opening the device in the background (idempotent).
func (s *Supervisor) Start() {
	s.startOnce.Do(func() {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.run() }()
	})
}

// Init starts the supervisor and waits until the modem is up or ctx ends.
// After a ctx error the supervisor keeps trying in the background.
func (s *Supervisor) Init(ctx context.Context) error {
	s.Start()
	return s.WaitUp(ctx)
}

// WaitUp blocks until a modem is initialised.
func (s *Supervisor) WaitUp(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return hal.ErrClosed
	}
	up := s.up
	s.mu.Unlock()
	select {
	case <-up:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.ctx.Done():
		return hal.ErrClosed
	}
}

// Modem returns the current modem (nil while down), for diagnostics.
func (s *Supervisor) Modem() *Modem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// Up reports whether a modem is initialised now (hal.LineState): false
// until the first LineUp and between a LineDown and the next LineUp.
func (s *Supervisor) Up() bool { return s.Modem() != nil }

var _ hal.LineState = (*Supervisor)(nil)

// Events delivers events of every modem generation plus LineDown/LineUp,
// until Close; the channel is then closed.
func (s *Supervisor) Events() <-chan hal.LineEvent { return s.q.ch }

func (s *Supervisor) emit(ev hal.LineEvent) {
	if ev.At.IsZero() {
		ev.At = s.clock.Now()
	}
	s.q.push(ev)
}

// run owns the open / init / watch / reopen loop (the supervisor's one
// goroutine).
func (s *Supervisor) run() {
	backoff := s.o.backoffMin
	wait := func() bool {
		t := s.clock.NewTimer(backoff)
		defer t.Stop()
		select {
		case <-t.Chan():
		case <-s.ctx.Done():
			return false
		}
		backoff = min(2*backoff, s.o.backoffMax)
		return true
	}
	for s.ctx.Err() == nil {
		m, err := s.bringUp()
		if err != nil {
			s.log.Info("modem: not up", "err", err, "retry", backoff)
			if !wait() {
				return
			}
			continue
		}
		backoff = s.o.backoffMin
		s.mu.Lock()
		s.cur = m
		close(s.up)
		s.mu.Unlock()
		s.emit(hal.LineEvent{Kind: hal.LineUp})
		gone := s.watch(m)
		s.mu.Lock()
		s.cur = nil
		s.up = make(chan struct{})
		s.mu.Unlock()
		m.Close()
		if !gone {
			return
		}
		s.emit(hal.LineEvent{Kind: hal.LineDown, Err: m.Err()})
		if !wait() {
			return
		}
	}
}

// bringUp opens the device and initialises a modem on it.
func (s *Supervisor) bringUp() (*Modem, error) {
	rwc, err := s.open(s.ctx)
	if err != nil {
		return nil, fmt.Errorf("modem: open: %w", err)
	}
	m := New(rwc, s.opts...)
	if err := m.Init(s.ctx); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// watch waits until m is lost (true) or the supervisor closes (false). It
// pings a modem that has been silent for the health-check period; one
// that talks (rings, commands, audio) is not pinged, and an idle one
// costs one wake-up per period.
func (s *Supervisor) watch(m *Modem) bool {
	var tick <-chan time.Time
	var t clockwork.Timer
	if s.o.health > 0 {
		t = s.clock.NewTimer(s.o.health)
		defer t.Stop()
		tick = t.Chan()
	}
	for {
		select {
		case <-m.Lost():
			return true
		case <-s.ctx.Done():
			return false
		case <-tick:
			if idle := m.idleFor(); idle < s.o.health {
				t.Reset(s.o.health - idle)
				continue
			}
			m.ping(s.ctx)
			t.Reset(s.o.health)
		}
	}
}

// Close stops the loop and closes the modem (on-hook). Idempotent.
func (s *Supervisor) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.cancel()
		s.wg.Wait()
		s.q.close()
	})
	return nil
}

func (s *Supervisor) line() (*Modem, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, hal.ErrClosed
	}
	if s.cur == nil {
		return nil, hal.ErrLineDown
	}
	return s.cur, nil
}

// Answer implements hal.Line on the current modem.
func (s *Supervisor) Answer(ctx context.Context) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.Answer(ctx)
}

// Play implements hal.Line on the current modem.
func (s *Supervisor) Play(ctx context.Context, pcm []int16) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.Play(ctx, pcm)
}

// Record implements hal.Line on the current modem.
func (s *Supervisor) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.Record(ctx, sink)
}

// Tone implements hal.Line on the current modem.
func (s *Supervisor) Tone(ctx context.Context, f1, f2 float64, d time.Duration) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.Tone(ctx, f1, f2, d)
}

// PickUpAndDrop implements hal.Line on the current modem.
func (s *Supervisor) PickUpAndDrop(ctx context.Context, hold time.Duration) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.PickUpAndDrop(ctx, hold)
}

// HangUp implements hal.Line on the current modem.
func (s *Supervisor) HangUp(ctx context.Context) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.HangUp(ctx)
}

// Flash implements hal.Line on the current modem.
func (s *Supervisor) Flash(ctx context.Context) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.Flash(ctx)
}

// Dial implements hal.Line on the current modem.
func (s *Supervisor) Dial(ctx context.Context, number string, ring time.Duration) error {
	m, err := s.line()
	if err != nil {
		return err
	}
	return m.Dial(ctx, number, ring)
}

// OpenSupervised starts a supervisor on open and waits up to wait for the
// modem's first init. A modem that is not up by then is not an error: the
// supervisor keeps reopening it in the background and reports LineUp when it
// comes (the box meanwhile leaves the line to the phone). Only ctx ending
// first is an error. A nil log discards.
func OpenSupervised(ctx context.Context, open Opener, wait time.Duration, log *slog.Logger, opts ...Option) (*Supervisor, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sup := NewSupervisor(open, append([]Option{WithLogger(log)}, opts...)...)
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := sup.Init(wctx); err != nil {
		if ctx.Err() != nil {
			sup.Close()
			return nil, ctx.Err()
		}
		log.Warn("modem: not up yet; it keeps trying", "err", err)
	}
	return sup, nil
}
