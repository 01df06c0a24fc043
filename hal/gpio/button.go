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
// ignored until released.
func (b *Button) loop(raw <-chan gpio.Level, pressed bool) {
	clk := b.cfg.Clock
	rawP, stable := pressed, pressed
	ignore := pressed // held at start: not a press
	longSent := false
	var deb, long clockwork.Timer
	var debC, longC <-chan time.Time
	stopT := func(t *clockwork.Timer, c *<-chan time.Time) {
		if *t != nil {
			(*t).Stop()
			*t, *c = nil, nil
		}
	}
	defer stopT(&deb, &debC)
	defer stopT(&long, &longC)
	for {
		select {
		case <-b.done:
			return
		case l := <-raw:
			p := b.pressed(l)
			if p != rawP {
				rawP = p
				stopT(&deb, &debC)
				if p != stable {
					deb = clk.NewTimer(b.cfg.Debounce)
					debC = deb.Chan()
				}
			}
			b.rawCount.Add(1)
		case <-debC:
			deb, debC = nil, nil
			stable = rawP
			now := clk.Now()
			if stable {
				if ignore {
					continue
				}
				longSent = false
				long = clk.NewTimer(b.cfg.Long - b.cfg.Debounce)
				longC = long.Chan()
			} else {
				stopT(&long, &longC)
				if ignore {
					ignore = false
					continue
				}
				if !longSent {
					b.send(hal.ButtonEvent{Kind: hal.ButtonShort, At: now})
				}
			}
		case <-longC:
			long, longC = nil, nil
			longSent = true
			b.send(hal.ButtonEvent{Kind: hal.ButtonLong, At: clk.Now()})
		}
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
