package gpio

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// Audio is the handset's audio path (a codec on the SLIC's audio pins):
// 8 kHz mono PCM. hal/alsa implements it; board/sim sends it over its socket.
type Audio interface {
	// Play writes pcm to the earpiece and returns when it has been played.
	Play(ctx context.Context, pcm []int16) error
	// Record hands microphone audio to sink until sink returns false or
	// ctx ends.
	Record(ctx context.Context, sink func(pcm []int16) bool) error
}

// SLICConfig is the hardware of an AG1171-class SLIC.
type SLICConfig struct {
	RM  gpio.PinOut // ring mode: high while ring voltage is generated
	FR  gpio.PinOut // forward/reverse: toggled at RingHz while ringing
	SHK gpio.PinIn  // switch hook: high when off-hook (see SHKActiveLow)

	// SHKActiveLow: SHK reads low when off-hook.
	SHKActiveLow bool
	// RingHz: 20 (default) or 25.
	RingHz int
	// Hook timing (debounce, ring trip, flash); zero fields get defaults.
	Hook HookTiming
	// CIDDelay: caller ID starts this long after the first ring burst ends
	// (default 500 ms, Bell 202 / GR-30).
	CIDDelay time.Duration
	// EdgeWait bounds each WaitForEdge on SHK (default DefaultEdgeWait);
	// Close interrupts it with the pin's Halt.
	EdgeWait time.Duration

	// Audio is the codec; nil = no handset audio (Play/Record return
	// hal.ErrNotSupported and no caller ID is sent).
	Audio Audio
	// CIDSamples renders caller ID as Bell 202 audio (hal/dsp).
	CIDSamples func(cid *hal.CallerID) []int16
	// NewDTMF returns a detector for keys pressed on the handset: fed
	// PCM, it returns completed digits (hal/dsp). nil = no digit events.
	NewDTMF func() func(pcm []int16) []byte

	Clock  clockwork.Clock // nil = real clock
	Logger *slog.Logger    // nil = discard
}

// Handset is the office phone behind the SLIC. It implements hal.Handset.
type Handset struct {
	cfg   SLICConfig
	clock clockwork.Clock
	log   *slog.Logger

	events chan hal.HandsetEvent
	done   chan struct{}
	wg     sync.WaitGroup
	watch  *edgeWatch // SHK; set by Init (under mu)

	offHook atomic.Bool
	ringSet chan bool // Ring -> hook loop: ringing on/off

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every hook change
	closed   bool
	started  bool
	subs     map[int]chan []int16 // Record subscribers (owned by mu)
	nextSub  int
	ringing  atomic.Bool
	playMu   sync.Mutex
	rawCount atomic.Int64 // raw edges processed by the hook loop (tests)
}

var _ hal.Handset = (*Handset)(nil)

// NewHandset returns the handset on a SLIC. It does no I/O; call Init.
func NewHandset(cfg SLICConfig) *Handset {
	if cfg.RingHz <= 0 {
		cfg.RingHz = 20
	}
	if cfg.CIDDelay <= 0 {
		cfg.CIDDelay = 500 * time.Millisecond
	}
	if cfg.EdgeWait <= 0 {
		cfg.EdgeWait = DefaultEdgeWait
	}
	cfg.Hook = cfg.Hook.withDefaults()
	h := &Handset{cfg: cfg, clock: cfg.Clock, log: cfg.Logger}
	if h.clock == nil {
		h.clock = clockwork.NewRealClock()
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.events = make(chan hal.HandsetEvent, 32)
	h.done = make(chan struct{})
	h.ringSet = make(chan bool)
	h.changed = make(chan struct{})
	h.subs = map[int]chan []int16{}
	return h
}

// Init puts the SLIC in idle (RM low, F/R forward), reads the hook and
// starts watching it.
func (h *Handset) Init(ctx context.Context) error {
	c := h.cfg
	if c.RM == nil || c.FR == nil || c.SHK == nil {
		return &PinError{Part: "slic", Pin: "<nil>", Err: ErrNoPin}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return hal.ErrClosed
	}
	if h.started {
		return nil
	}
	if err := c.RM.Out(gpio.Low); err != nil {
		return pinErr("slic rm", c.RM, err)
	}
	if err := c.FR.Out(gpio.Low); err != nil {
		return pinErr("slic fr", c.FR, err)
	}
	if err := c.SHK.In(gpio.PullNoChange, gpio.BothEdges); err != nil {
		return pinErr("slic shk", c.SHK, err)
	}
	off := h.isOff(c.SHK.Read())
	h.offHook.Store(off)
	h.started = true
	raw := make(chan gpio.Level)
	h.watch = watchEdges(c.SHK, c.EdgeWait, raw)
	h.wg.Add(1)
	go func() { defer h.wg.Done(); h.hookLoop(raw, off) }()
	if c.Audio != nil {
		h.wg.Add(1)
		go func() { defer h.wg.Done(); h.captureLoop() }()
	}
	return nil
}

func (h *Handset) isOff(l gpio.Level) bool { return bool(l) != h.cfg.SHKActiveLow }

// hookLoop owns the HookDetector.
func (h *Handset) hookLoop(raw <-chan gpio.Level, off bool) {
	d := NewHookDetector(h.cfg.Hook, off)
	var timer clockwork.Timer
	var tc <-chan time.Time
	arm := func() {
		if timer != nil {
			timer.Stop()
			timer, tc = nil, nil
		}
		if at, ok := d.Deadline(); ok {
			timer = h.clock.NewTimer(at.Sub(h.clock.Now()))
			tc = timer.Chan()
		}
	}
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-h.done:
			return
		case l := <-raw:
			h.emit(d.Raw(h.isOff(l), h.clock.Now()))
			arm()
			h.rawCount.Add(1)
		case on := <-h.ringSet:
			now := h.clock.Now()
			d.SetRinging(on, now)
			h.emit(d.Advance(now))
			arm()
		case <-tc:
			h.emit(d.Advance(h.clock.Now()))
			arm()
		}
	}
}

func (h *Handset) emit(evs []hal.HandsetEvent) {
	for _, e := range evs {
		switch e.Kind {
		case hal.HandsetOffHook:
			h.setHook(true)
		case hal.HandsetOnHook:
			h.setHook(false)
		}
		h.send(e)
	}
}

func (h *Handset) send(e hal.HandsetEvent) {
	select {
	case h.events <- e:
	default:
		h.log.Warn("gpio: handset event dropped, nobody reading", "event", e.Kind.String())
	}
}

func (h *Handset) setHook(off bool) {
	h.offHook.Store(off)
	h.mu.Lock()
	close(h.changed)
	h.changed = make(chan struct{})
	h.mu.Unlock()
}

func (h *Handset) hookChanged() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.changed
}

// Events delivers hook changes, flashes and keys; closed by Close.
func (h *Handset) Events() <-chan hal.HandsetEvent { return h.events }

// OffHook reports the debounced hook state.
func (h *Handset) OffHook() bool { return h.offHook.Load() }

func (h *Handset) isClosed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closed
}

// setRinging tells the hook loop; it gives up if the handset closes.
func (h *Handset) setRinging(on bool) {
	select {
	case h.ringSet <- on:
	case <-h.done:
	}
}

// Ring rings the handset with pattern p until it is picked up (nil) or ctx
// ends (ctx.Err()). cid, if not nil, is sent in the first silent interval
// that can hold it. The SLIC is left idle (RM and F/R low) on return.
func (h *Handset) Ring(ctx context.Context, p hal.RingPattern, cid *hal.CallerID) error {
	h.mu.Lock()
	closed, started := h.closed, h.started
	h.mu.Unlock()
	if closed {
		return hal.ErrClosed
	}
	if !started {
		return ErrNotInit
	}
	if !h.ringing.CompareAndSwap(false, true) {
		return ErrRinging
	}
	defer h.ringing.Store(false)
	if h.OffHook() {
		return nil
	}
	c := h.cfg
	var fsk []int16
	if cid != nil && c.CIDSamples != nil && c.Audio != nil {
		fsk = c.CIDSamples(cid)
	}
	fskDur := time.Duration(len(fsk)) * time.Second / 8000
	cadence := p.Cadence()
	half := time.Second / time.Duration(2*c.RingHz)

	idle := func() {
		_ = c.RM.Out(gpio.Low)
		_ = c.FR.Out(gpio.Low)
	}
	defer idle()

	h.setRinging(true)
	defer h.setRinging(false)
	changed := h.hookChanged()
	if h.OffHook() {
		return nil
	}
	// wait blocks until the absolute time at; it reports why it stopped.
	wait := func(at time.Time) (error, bool) {
		d := at.Sub(h.clock.Now())
		if d <= 0 {
			return nil, false
		}
		select {
		case <-h.clock.After(d):
			return nil, false
		case <-ctx.Done():
			return ctx.Err(), true
		case <-changed:
			changed = h.hookChanged()
			if h.OffHook() {
				return nil, true
			}
			return nil, false
		case <-h.done:
			return hal.ErrClosed, true
		}
	}
	start := h.clock.Now()
	off := start // start of the current segment
	cidSent := fsk == nil
	for cycle := 0; ; cycle++ {
		for i, seg := range cadence {
			end := off.Add(seg)
			if i%2 == 0 { // ring burst
				if err := c.RM.Out(gpio.High); err != nil {
					return pinErr("slic rm", c.RM, err)
				}
				level := gpio.High
				for t := off; t.Before(end); t = t.Add(half) {
					for h.clock.Now().Before(t) {
						if err, stop := wait(t); stop {
							return err
						}
					}
					_ = c.FR.Out(level)
					level = !level
				}
			} else { // silence
				idle()
				last := i == len(cadence)-1
				if !cidSent && (seg >= c.CIDDelay+fskDur+200*time.Millisecond || last) {
					cidSent = true
					at := off.Add(c.CIDDelay)
					for h.clock.Now().Before(at) {
						if err, stop := wait(at); stop {
							return err
						}
					}
					if err, stop := h.sendCID(ctx, fsk, seg-c.CIDDelay-100*time.Millisecond, &changed); stop {
						return err
					}
				}
			}
			for h.clock.Now().Before(end) {
				if err, stop := wait(end); stop {
					return err
				}
			}
			off = end
		}
	}
}

// sendCID plays the caller ID audio, bounded by limit, while watching the
// hook: a pick-up cuts it short and stops the ring (stop = true).
func (h *Handset) sendCID(ctx context.Context, fsk []int16, limit time.Duration, changed *<-chan struct{}) (error, bool) {
	pctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.Play(pctx, fsk) }()
	for {
		select {
		case err := <-done:
			if err != nil && ctx.Err() == nil {
				h.log.Warn("gpio: caller ID to handset failed", "err", err)
			}
			if ctx.Err() != nil {
				return ctx.Err(), true
			}
			return nil, false
		case <-*changed:
			*changed = h.hookChanged()
			if h.OffHook() {
				cancel()
				<-done
				return nil, true
			}
		case <-h.done:
			cancel()
			<-done
			return hal.ErrClosed, true
		}
	}
}

// Play sends audio to the earpiece.
func (h *Handset) Play(ctx context.Context, pcm []int16) error {
	if h.isClosed() {
		return hal.ErrClosed
	}
	if h.cfg.Audio == nil {
		return hal.ErrNotSupported
	}
	h.playMu.Lock()
	defer h.playMu.Unlock()
	return h.cfg.Audio.Play(ctx, pcm)
}

// Record hands microphone audio to sink until it returns false or ctx ends.
func (h *Handset) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	if h.cfg.Audio == nil {
		return hal.ErrNotSupported
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return hal.ErrClosed
	}
	id := h.nextSub
	h.nextSub++
	ch := make(chan []int16, 64)
	h.subs[id] = ch
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.subs, id)
		h.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-h.done:
			return hal.ErrClosed
		case pcm := <-ch:
			if !sink(pcm) {
				return nil
			}
		}
	}
}

// captureLoop records the microphone for the handset's lifetime, feeding
// the DTMF detector while off-hook and every Record subscriber.
func (h *Handset) captureLoop() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-h.done
		cancel()
	}()
	var detect func([]int16) []byte
	if h.cfg.NewDTMF != nil {
		detect = h.cfg.NewDTMF()
	}
	for ctx.Err() == nil {
		err := h.cfg.Audio.Record(ctx, func(pcm []int16) bool {
			if detect != nil && h.OffHook() {
				for _, dg := range detect(pcm) {
					h.send(hal.HandsetEvent{Kind: hal.HandsetDigit, At: h.clock.Now(), Digit: dg})
				}
			}
			h.mu.Lock()
			for _, ch := range h.subs {
				select {
				case ch <- pcm:
				default: // a slow subscriber loses blocks, not the detector
				}
			}
			h.mu.Unlock()
			return true
		})
		if err != nil && ctx.Err() == nil {
			h.log.Warn("gpio: handset capture failed; retrying", "err", err)
			select {
			case <-h.clock.After(time.Second):
			case <-ctx.Done():
			}
		}
	}
}

// Close stops ringing, leaves the SLIC idle, stops the goroutines and
// closes Events. Idempotent.
func (h *Handset) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	started, watch := h.started, h.watch
	h.mu.Unlock()
	close(h.done)
	if watch != nil {
		watch.stop()
	}
	h.wg.Wait()
	close(h.events)
	if !started {
		return nil
	}
	return errors.Join(pinErr("slic rm", h.cfg.RM, h.cfg.RM.Out(gpio.Low)),
		pinErr("slic fr", h.cfg.FR, h.cfg.FR.Out(gpio.Low)))
}
