package haltest

import (
	"sync"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var (
	_ hal.Relay     = (*Relay)(nil)
	_ hal.Indicator = (*Indicator)(nil)
	_ hal.Button    = (*Button)(nil)
	_ hal.Watchdog  = (*Watchdog)(nil)
)

// Relay is a fake line relay; it starts in pass-through, like the real one
// without power, and Close releases it.
type Relay struct {
	Rec *Recorder

	mu      sync.Mutex
	state   hal.RelayState
	history []hal.RelayState
	closed  bool
}

// NewRelay returns a relay in pass-through.
func NewRelay(rec *Recorder) *Relay { return &Relay{Rec: rec} }

// Set implements hal.Relay.
func (r *Relay) Set(s hal.RelayState) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return hal.ErrClosed
	}
	r.state = s
	r.history = append(r.history, s)
	r.mu.Unlock()
	r.Rec.Add("relay", "%s", s)
	return nil
}

// State implements hal.Relay.
func (r *Relay) State() hal.RelayState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// History returns every state set, in order.
func (r *Relay) History() []hal.RelayState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]hal.RelayState(nil), r.history...)
}

// Close implements hal.Relay: pass-through.
func (r *Relay) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	r.state = hal.RelayPassThrough
	return nil
}

// Indicator is a fake LED.
type Indicator struct {
	Rec *Recorder

	mu      sync.Mutex
	pattern hal.LEDPattern
	closed  bool
}

// NewIndicator returns a dark LED.
func NewIndicator(rec *Recorder) *Indicator { return &Indicator{Rec: rec} }

// Set implements hal.Indicator.
func (i *Indicator) Set(p hal.LEDPattern) error {
	i.mu.Lock()
	if i.closed {
		i.mu.Unlock()
		return hal.ErrClosed
	}
	changed := i.pattern != p
	i.pattern = p
	i.mu.Unlock()
	if changed {
		i.Rec.Add("led", "%s %d", p.Mode, p.Count)
	}
	return nil
}

// Pattern is the LED's current setting.
func (i *Indicator) Pattern() hal.LEDPattern {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.pattern
}

// Close implements hal.Indicator.
func (i *Indicator) Close() error {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.closed = true
	i.pattern = hal.LEDPattern{}
	return nil
}

// Button is a fake push button.
type Button struct {
	Clock clockwork.Clock

	mu     sync.Mutex
	events chan hal.ButtonEvent
	closed bool
}

// NewButton returns a button.
func NewButton(clock clockwork.Clock) *Button {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	return &Button{Clock: clock, events: make(chan hal.ButtonEvent, 16)}
}

// Press sends a press of kind k.
func (b *Button) Press(k hal.ButtonEventKind) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.events <- hal.ButtonEvent{Kind: k, At: b.Clock.Now()}
	}
}

// Events implements hal.Button.
func (b *Button) Events() <-chan hal.ButtonEvent { return b.events }

// Close implements hal.Button.
func (b *Button) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.closed = true
		close(b.events)
	}
	return nil
}

// Watchdog is a fake watchdog that counts feeds.
type Watchdog struct {
	mu     sync.Mutex
	feeds  int
	closed bool
}

// Feed implements hal.Watchdog.
func (w *Watchdog) Feed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return hal.ErrClosed
	}
	w.feeds++
	return nil
}

// Feeds is how often it was fed.
func (w *Watchdog) Feeds() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.feeds
}

// Close implements hal.Watchdog.
func (w *Watchdog) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return nil
}

// Devices bundles a full set of fakes sharing one recorder and clock.
type Devices struct {
	Rec       *Recorder
	Line      *Line
	Relay     *Relay
	Handset   *Handset
	Indicator *Indicator
	Button    *Button
	Watchdog  *Watchdog
}

// NewDevices returns every fake, sharing a new Recorder.
func NewDevices(clock clockwork.Clock) *Devices {
	rec := &Recorder{}
	return &Devices{Rec: rec, Line: NewLine(clock, rec), Relay: NewRelay(rec), Handset: NewHandset(clock, rec),
		Indicator: NewIndicator(rec), Button: NewButton(clock), Watchdog: &Watchdog{}}
}

// HAL returns the fakes as a hal.Devices with every capability.
func (d *Devices) HAL() *hal.Devices {
	return &hal.Devices{
		Caps: hal.CapLine | hal.CapRelay | hal.CapHandset | hal.CapHandsetAudio | hal.CapLED | hal.CapButton | hal.CapWatchdog |
			hal.CapExtensionDetect,
		Line: d.Line, Relay: d.Relay, Handset: d.Handset, Indicator: d.Indicator, Button: d.Button, Watchdog: d.Watchdog,
	}
}
