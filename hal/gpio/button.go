package gpio

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// ButtonConfig is the push button's wiring and timing.
type ButtonConfig struct {
	Pin gpio.PinIn
	// ActiveHigh: the pin reads high while pressed. Default: pressed pulls
	// the pin low against the internal pull-up.
	ActiveHigh bool
	// Debounce: a change must hold this long (default 30 ms).
	Debounce time.Duration
	// Long: a press held this long is a long press, reported at once
	// (default 2 s).
	Long time.Duration
	// Double: a second press that starts within this time of the first
	// one's release makes the two a double press (default 500 ms;
	// negative: no double presses). A short press is reported once this
	// time has passed without a second one.
	Double time.Duration
	// EdgeWait bounds each WaitForEdge (default DefaultEdgeWait); Close
	// interrupts it with the pin's Halt.
	EdgeWait time.Duration
	Clock    clockwork.Clock // nil = real clock
	Logger   *slog.Logger    // nil = discard
}

// Button is the push button. It implements hal.Button.
type Button struct {
	cfg    ButtonConfig
	events chan hal.ButtonEvent
	done   chan struct{}
	wg     sync.WaitGroup
	watch  *edgeWatch // set by Init (under mu)

	mu      sync.Mutex
	closed  bool
	started bool

	rawCount atomic.Int64 // raw edges taken by the loop (tests)
}

var _ hal.Button = (*Button)(nil)

// NewButton returns the button. It does no I/O; call Init.
func NewButton(cfg ButtonConfig) *Button {
	if cfg.Debounce <= 0 {
		cfg.Debounce = 30 * time.Millisecond
	}
	if cfg.Long <= 0 {
		cfg.Long = 2 * time.Second
	}
	if cfg.Double == 0 {
		cfg.Double = 500 * time.Millisecond
	}
	if cfg.EdgeWait <= 0 {
		cfg.EdgeWait = DefaultEdgeWait
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Button{cfg: cfg, events: make(chan hal.ButtonEvent, 8), done: make(chan struct{})}
}

// Init configures the pin (pull-up unless ActiveHigh) and starts watching.
func (b *Button) Init(ctx context.Context) error {
	if b.cfg.Pin == nil {
		return &PinError{Part: "button", Pin: "<nil>", Err: ErrNoPin}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return hal.ErrClosed
	}
	if b.started {
		return nil
	}
	pull := gpio.PullUp
	if b.cfg.ActiveHigh {
		pull = gpio.PullDown
	}
	if err := b.cfg.Pin.In(pull, gpio.BothEdges); err != nil {
		return pinErr("button", b.cfg.Pin, err)
	}
	pressed := b.pressed(b.cfg.Pin.Read())
	b.started = true
	raw := make(chan gpio.Level)
	b.watch = watchEdges(b.cfg.Pin, b.cfg.EdgeWait, raw)
	b.wg.Add(1)
	go func() { defer b.wg.Done(); b.loop(raw, pressed) }()
	return nil
}

func (b *Button) pressed(l gpio.Level) bool { return bool(l) == b.cfg.ActiveHigh }

// loop debounces the pin and times presses. A button held at Init is
// ignored until released. A short press waits Double for a second one:
// none comes, it is reported as short; a second short one makes a double
// press; a second one held long reports the first as short, then long.
func (b *Button) loop(raw <-chan gpio.Level, pressed bool) {
	clk := b.cfg.Clock
	rawP, stable := pressed, pressed
	ignore := pressed // held at start: not a press
	longSent, second := false, false
	var deb, long, gap timer
	defer deb.stop()
	defer long.stop()
	defer gap.stop()
	for {
		select {
		case <-b.done:
			return
		case l := <-raw:
			p := b.pressed(l)
			if p != rawP {
				rawP = p
				deb.stop()
				if p != stable {
					deb.start(clk, b.cfg.Debounce)
				}
			}
			b.rawCount.Add(1)
		case <-deb.c:
			deb.stop()
			stable = rawP
			if ignore {
				ignore = stable
				continue
			}
			if stable { // pressed
				second = gap.c != nil
				gap.stop()
				longSent = false
				long.start(clk, b.cfg.Long-b.cfg.Debounce)
				continue
			}
			long.stop() // released
			switch {
			case longSent:
			case second:
				second = false
				b.send(hal.ButtonEvent{Kind: hal.ButtonDouble, At: clk.Now()})
			case b.cfg.Double > 0:
				gap.start(clk, b.cfg.Double)
			default:
				b.send(hal.ButtonEvent{Kind: hal.ButtonShort, At: clk.Now()})
			}
		case <-gap.c:
			gap.stop()
			b.send(hal.ButtonEvent{Kind: hal.ButtonShort, At: clk.Now()})
		case <-long.c:
			long.stop()
			longSent = true
			if second { // a short press, then a long one
				second = false
				b.send(hal.ButtonEvent{Kind: hal.ButtonShort, At: clk.Now()})
			}
			b.send(hal.ButtonEvent{Kind: hal.ButtonLong, At: clk.Now()})
		}
	}
}

// timer is a clockwork timer that may be off (c nil).
type timer struct {
	t clockwork.Timer
	c <-chan time.Time
}

func (t *timer) start(clk clockwork.Clock, d time.Duration) {
	t.stop()
	t.t = clk.NewTimer(d)
	t.c = t.t.Chan()
}

func (t *timer) stop() {
	if t.t != nil {
		t.t.Stop()
		t.t, t.c = nil, nil
	}
}

func (b *Button) send(e hal.ButtonEvent) {
	select {
	case b.events <- e:
	default:
		b.cfg.Logger.Warn("gpio: button event dropped, nobody reading", "event", e.Kind.String())
	}
}

// Events delivers presses; closed by Close.
func (b *Button) Events() <-chan hal.ButtonEvent { return b.events }

// Close stops watching the button and closes Events. Idempotent.
func (b *Button) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	watch := b.watch
	b.mu.Unlock()
	close(b.done)
	if watch != nil {
		watch.stop()
	}
	b.wg.Wait()
	close(b.events)
	return nil
}
