package modem

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var _ hal.Line = (*Modem)(nil)

// Info is what Init learnt about the modem.
type Info struct {
	Profile   Profile
	Country   string // AT+GCI? answer, "" if unsupported
	CIDOn     string // the command that enabled caller ID, "" if none worked
	Voice     bool   // voice class available
	Codec     Codec
	CodecCML  int // +VSM compression number
	LineLabel int // +VLS label of the "T" primitive
}

// Modem drives one voice modem over a byte stream. It is the command
// engine: it owns the port (the reader goroutine, serialised writes, one
// command or voice operation at a time) and hands everything it reads
// about incoming calls to the call tracker (tracker.go).
type Modem struct {
	rw    io.ReadWriter
	opt   options
	log   *slog.Logger
	clock clockwork.Clock
	q     *eventQueue
	ownQ  bool // q is ours: closed by Close (else a Supervisor's)

	done      chan struct{} // closed by Close
	closeOnce sync.Once
	lost      chan struct{} // closed when the device is gone or dead
	lostOnce  sync.Once
	wg        sync.WaitGroup
	lastIO    atomic.Int64 // clock time (ns) of the last byte read or written

	wmu sync.Mutex // serialises writes to rw
	op  sync.Mutex // one command sequence or voice operation at a time

	mu sync.Mutex // guards st
	st engineState

	rd reader // owned by the reader goroutine

	calls struct {
		mu    sync.Mutex // guards t and timer; events are pushed under it, in order
		t     tracker
		timer clockwork.Timer
		due   time.Time
	}
}

// engineState is what the reader, the command paths and Close share.
type engineState struct {
	started  bool
	lostErr  error
	info     Info
	pend     *pending      // the command awaiting its final result
	timeouts int           // consecutive unanswered commands
	resync   bool          // a command went unanswered: its late result may still come
	rx       rxState       // the +VRX data state
	offHook  bool          // the box holds the line
	voice    bool          // off-hook in voice class (after Answer)
	hang     chan struct{} // closed on far-end hang-up in this voice session
	playing  bool
	consult  bool          // a flash put the caller on hold (transfer.go)
	dialBusy chan struct{} // closed when busy or SIT ends the dial running
}

// rxState is the record stream as the reader and Record see it.
type rxState struct {
	on        bool          // the reader is in the +VRX data state
	skipLF    bool          // drop a LF right after CONNECT
	audio     chan []byte   // decoded audio to Record
	end       chan struct{} // closed when the stream ends
	abort     bool          // an abort was sent: OK may end the stream
	endedByOK bool
}

type pending struct {
	cmd      string // for echo suppression; "" when only awaiting a result
	stream   bool   // CONNECT enters the +VRX data state
	needInfo bool   // a resync probe: a final result without information lines is stale
	info     []string
	final    string
	done     chan struct{}
}

// New returns a driver for the modem on rw. It does no I/O; call Init.
// If rw is an io.Closer, Close closes it, which unblocks the reader.
func New(rw io.ReadWriter, opts ...Option) *Modem {
	o := buildOptions(opts)
	m := &Modem{rw: rw, opt: o, log: o.log, clock: o.clock, q: o.queue,
		done: make(chan struct{}), lost: make(chan struct{})}
	if m.q == nil {
		m.q, m.ownQ = newEventQueue(o.log), true
	}
	m.calls.t = newTracker(trackerConfig{ringGap: o.ringGap, ringDebounce: o.ringDebounce, cidQuiet: o.cidQuiet})
	m.touch()
	return m
}

// Events delivers line events until Close; the channel is then closed. A
// modem made by a Supervisor reports on the supervisor's Events.
func (m *Modem) Events() <-chan hal.LineEvent { m.start(); return m.q.ch }

// Lost is closed when the device vanished or stopped answering; Err says why.
func (m *Modem) Lost() <-chan struct{} { return m.lost }

// Err is why the modem was lost (nil while healthy).
func (m *Modem) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.lostErr
}

// Info returns what Init learnt.
func (m *Modem) Info() Info {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.info
}

// start launches the reader goroutine once.
func (m *Modem) start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.st.started || m.closed() {
		return
	}
	m.st.started = true
	if _, ok := m.rw.(io.Closer); ok {
		m.wg.Add(1)
		go func() { defer m.wg.Done(); m.readLoop() }()
	} else {
		go m.readLoop() // cannot be unblocked without a Closer; not waited for
	}
}

// Close leaves the line on-hook (best effort), closes the device if it is an
// io.Closer, unblocks every waiting call and closes Events. Idempotent.
func (m *Modem) Close() error {
	var err error
	m.closeOnce.Do(func() {
		m.mu.Lock()
		off := m.st.offHook && m.st.lostErr == nil && m.st.started
		m.mu.Unlock()
		if off {
			// Never leave the line seized. A voice operation may hold op:
			// write directly, it only has to reach the modem: end play
			// (triple form) or record (triple form), then ATH0.
			_ = m.write([]byte{dle, can, dle, dle, dle, etx, dle, dle, dle, '!', '\r'})
			_ = m.write([]byte("ATH0\r"))
		}
		close(m.done)
		if c, ok := m.rw.(io.Closer); ok && m.rw != nil {
			err = c.Close()
		}
		m.wg.Wait()
		m.calls.mu.Lock()
		if m.calls.timer != nil {
			m.calls.timer.Stop()
		}
		m.calls.mu.Unlock()
		if m.ownQ {
			m.q.close()
		}
	})
	return err
}

func (m *Modem) closed() bool {
	select {
	case <-m.done:
		return true
	default:
		return false
	}
}

// fail marks the device lost and reports LineDown.
func (m *Modem) fail(err error) {
	m.lostOnce.Do(func() {
		m.mu.Lock()
		m.st.lostErr = err
		m.st.offHook, m.st.voice = false, false
		m.mu.Unlock()
		m.track(func(t *tracker, now time.Time) []hal.LineEvent { return t.setOffHook(now, false) })
		close(m.lost)
		if !m.closed() {
			m.log.Warn("modem: device lost", "err", err)
			m.emit(hal.LineEvent{Kind: hal.LineDown, Err: err})
		}
	})
}

// downErr is why an operation cannot go on: the device was lost
// (hal.ErrLineDown, also when the Supervisor closed the modem after the
// loss, whichever of the two an operation notices first), else Close.
func (m *Modem) downErr() error {
	m.mu.Lock()
	lost := m.st.lostErr
	m.mu.Unlock()
	if lost != nil {
		return fmt.Errorf("%w: %v", hal.ErrLineDown, lost)
	}
	return hal.ErrClosed
}

// usable returns ErrLineDown or ErrClosed when the modem cannot be used.
func (m *Modem) usable() error {
	select {
	case <-m.lost:
		return m.downErr()
	case <-m.done:
		return m.downErr()
	default:
	}
	return nil
}

// emit queues an event for Events (never blocks). A supervised modem's own
// LineUp and LineDown are left to the supervisor.
func (m *Modem) emit(ev hal.LineEvent) {
	if m.closed() || !m.ownQ && (ev.Kind == hal.LineUp || ev.Kind == hal.LineDown) {
		return
	}
	if ev.At.IsZero() {
		ev.At = m.clock.Now()
	}
	m.log.Debug("modem: event", "kind", ev.Kind)
	m.q.push(ev)
}

// setHook records whether the box holds the line (and in voice class),
// for the engine and the call tracker.
func (m *Modem) setHook(off, voice bool) {
	m.mu.Lock()
	m.st.offHook, m.st.voice = off, voice
	if !off {
		m.st.hang = nil
		m.st.consult = false
	}
	m.mu.Unlock()
	m.track(func(t *tracker, now time.Time) []hal.LineEvent { return t.setOffHook(now, off) })
}

// touch notes traffic on the port (the health check pings only an idle modem).
func (m *Modem) touch() { m.lastIO.Store(m.clock.Now().UnixNano()) }

// idleFor is how long the port has been silent both ways.
func (m *Modem) idleFor() time.Duration {
	return m.clock.Now().Sub(time.Unix(0, m.lastIO.Load()))
}

func (m *Modem) write(b []byte) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if m.closed() {
		return m.downErr()
	}
	m.touch()
	for len(b) > 0 {
		n, err := m.rw.Write(b)
		if err != nil {
			if m.closed() {
				return m.downErr()
			}
			m.fail(err)
			return m.downErr()
		}
		b = b[n:]
	}
	return nil
}

// track runs f on the call tracker with the current time, reports the
// events it returns in order, and re-arms the caller-ID quiet timer.
func (m *Modem) track(f func(t *tracker, now time.Time) []hal.LineEvent) {
	c := &m.calls
	c.mu.Lock()
	defer c.mu.Unlock()
	now := m.clock.Now()
	for _, ev := range f(&c.t, now) {
		m.emit(ev)
	}
	for _, n := range c.t.takeNotes() {
		m.log.Debug("modem: " + n)
	}
	due, ok := c.t.deadline()
	switch {
	case !ok:
		if c.timer != nil {
			c.timer.Stop()
			c.timer = nil
		}
	case c.timer == nil || !due.Equal(c.due):
		if c.timer != nil {
			c.timer.Stop()
		}
		c.due = due
		var self clockwork.Timer
		self = m.clock.AfterFunc(max(due.Sub(now), 0), func() {
			m.track(func(t *tracker, now time.Time) []hal.LineEvent {
				if m.calls.timer == self {
					m.calls.timer = nil // fired: re-armed below if still needed
				}
				return t.tick(now)
			})
		})
		c.timer = self
	}
}
