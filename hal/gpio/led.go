package gpio

import (
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// LED timing (see the package doc).
const (
	BlinkOn    = 200 * time.Millisecond
	BlinkOff   = 200 * time.Millisecond
	BlinkPause = 1200 * time.Millisecond
	FaultHalf  = 100 * time.Millisecond
	// MaxBlinks caps LEDBlink's Count: more messages than this show as this.
	MaxBlinks = 9
)

// LED is the status indicator. It implements hal.Indicator.
type LED struct {
	pin       gpio.PinOut
	activeLow bool
	clock     clockwork.Clock

	mu     sync.Mutex
	closed bool
	cur    hal.LEDPattern
	stop   chan struct{} // closes the running pattern goroutine
	wg     sync.WaitGroup
}

var _ hal.Indicator = (*LED)(nil)

// NewLED returns the LED on pin (lit by high unless activeLow). clock nil =
// real clock. It does no I/O; call Init.
func NewLED(pin gpio.PinOut, activeLow bool, clock clockwork.Clock) *LED {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	return &LED{pin: pin, activeLow: activeLow, clock: clock}
}

// Init turns the LED off.
func (l *LED) Init() error {
	if l.pin == nil {
		return &PinError{Part: "led", Pin: "<nil>", Err: ErrNoPin}
	}
	return l.out(false)
}

func (l *LED) out(on bool) error {
	return pinErr("led", l.pin, l.pin.Out(gpio.Level(on != l.activeLow)))
}

// Set shows p, replacing the previous pattern at once.
func (l *LED) Set(p hal.LEDPattern) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return hal.ErrClosed
	}
	if p.Mode == hal.LEDBlink {
		if p.Count <= 0 {
			p = hal.LEDPattern{Mode: hal.LEDOn}
		} else if p.Count > MaxBlinks {
			p.Count = MaxBlinks
		}
	} else {
		p.Count = 0
	}
	if p == l.cur && l.stop != nil {
		return nil // same blinking pattern: do not restart it
	}
	l.halt()
	l.cur = p
	switch p.Mode {
	case hal.LEDOff:
		return l.out(false)
	case hal.LEDOn:
		return l.out(true)
	}
	steps := l.steps(p)
	stop := make(chan struct{})
	l.stop = stop
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		l.run(steps, stop)
	}()
	return nil
}

// steps is one cycle of (level, duration).
type ledStep struct {
	on bool
	d  time.Duration
}

func (l *LED) steps(p hal.LEDPattern) []ledStep {
	if p.Mode == hal.LEDFault {
		return []ledStep{{true, FaultHalf}, {false, FaultHalf}}
	}
	var s []ledStep
	for i := 0; i < p.Count; i++ {
		off := BlinkOff
		if i == p.Count-1 {
			off = BlinkPause
		}
		s = append(s, ledStep{true, BlinkOn}, ledStep{false, off})
	}
	return s
}

// run plays steps in a loop on an absolute schedule until stop closes.
func (l *LED) run(steps []ledStep, stop <-chan struct{}) {
	at := l.clock.Now()
	for {
		for _, s := range steps {
			_ = l.out(s.on)
			at = at.Add(s.d)
			select {
			case <-l.clock.After(at.Sub(l.clock.Now())):
			case <-stop:
				return
			}
		}
	}
}

// halt stops a running pattern goroutine; l.mu is held.
func (l *LED) halt() {
	if l.stop != nil {
		close(l.stop)
		l.wg.Wait()
		l.stop = nil
	}
}

// Close turns the LED off. Idempotent.
func (l *LED) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	l.halt()
	if l.pin == nil {
		return nil
	}
	return l.out(false)
}
