package haltest

import (
	"context"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var _ hal.Handset = (*Handset)(nil)

// Handset is a fake SLIC with a phone on it. Tests play the owner with
// Lift, Hang and Press; the box's operations are recorded as "handset: ...".
type Handset struct {
	Clock   clockwork.Clock
	Rec     *Recorder
	NoAudio bool    // Play and Record return hal.ErrNotSupported
	Speed   float64 // playback speed-up; 0: instant

	mu      sync.Mutex
	events  chan hal.HandsetEvent
	offHook bool
	lifted  chan struct{} // closed on Lift
	closed  bool
	done    chan struct{}
	played  [][]int16
	onHook  [][]int16 // on-hook data sent (SendOnHook)
	ringing bool
	mic     []int16 // what the owner says into the handset next (Say)
}

// Say queues audio the owner speaks into the handset; Record delivers it,
// then silence.
func (h *Handset) Say(pcm []int16) {
	h.mu.Lock()
	h.mic = append(h.mic, pcm...)
	h.mu.Unlock()
}

// NewHandset returns a handset on-hook.
func NewHandset(clock clockwork.Clock, rec *Recorder) *Handset {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	if rec == nil {
		rec = &Recorder{}
	}
	return &Handset{Clock: clock, Rec: rec, events: make(chan hal.HandsetEvent, 64),
		lifted: make(chan struct{}), done: make(chan struct{})}
}

func (h *Handset) emit(e hal.HandsetEvent) {
	e.At = h.Clock.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.events <- e
	}
}

// Lift takes the handset off-hook.
func (h *Handset) Lift() {
	h.mu.Lock()
	if h.offHook {
		h.mu.Unlock()
		return
	}
	h.offHook = true
	close(h.lifted)
	h.mu.Unlock()
	h.emit(hal.HandsetEvent{Kind: hal.HandsetOffHook})
}

// Hang puts the handset down.
func (h *Handset) Hang() {
	h.mu.Lock()
	if !h.offHook {
		h.mu.Unlock()
		return
	}
	h.offHook = false
	h.lifted = make(chan struct{})
	h.mu.Unlock()
	h.emit(hal.HandsetEvent{Kind: hal.HandsetOnHook})
}

// Press sends the owner's keys.
func (h *Handset) Press(keys string) {
	for i := 0; i < len(keys); i++ {
		h.emit(hal.HandsetEvent{Kind: hal.HandsetDigit, Digit: keys[i]})
	}
}

// Ringing reports whether Ring is running.
func (h *Handset) Ringing() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ringing
}

// Played returns the audio blocks played to the earpiece.
func (h *Handset) Played() [][]int16 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([][]int16(nil), h.played...)
}

// Events implements hal.Handset.
func (h *Handset) Events() <-chan hal.HandsetEvent { return h.events }

// OffHook implements hal.Handset.
func (h *Handset) OffHook() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.offHook
}

// Ring implements hal.Handset: it returns nil when the handset is lifted.
func (h *Handset) Ring(ctx context.Context, p hal.RingPattern, cid *hal.CallerID) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return hal.ErrClosed
	}
	lifted := h.lifted
	h.ringing = true
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.ringing = false
		h.mu.Unlock()
	}()
	if cid != nil {
		h.Rec.Add("handset", "ring %s cid %q %q", p, cid.Number, cid.Name)
	} else {
		h.Rec.Add("handset", "ring %s", p)
	}
	select {
	case <-lifted:
		return nil
	case <-ctx.Done():
		h.Rec.Add("handset", "ring stopped")
		return ctx.Err()
	case <-h.done:
		return hal.ErrClosed
	}
}

// Play implements hal.Handset.
func (h *Handset) Play(ctx context.Context, pcm []int16) error {
	if h.NoAudio {
		return hal.ErrNotSupported
	}
	h.Rec.Add("handset", "play %d samples", len(pcm))
	h.mu.Lock()
	h.played = append(h.played, pcm)
	h.mu.Unlock()
	if h.Speed > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-h.done:
			return hal.ErrClosed
		case <-h.Clock.After(time.Duration(float64(len(pcm)) * float64(time.Second) / 8000 / h.Speed)):
		}
	}
	return ctx.Err()
}

// Record implements hal.Handset: what Say queued, then silence, until sink
// returns false or ctx ends.
func (h *Handset) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	if h.NoAudio {
		return hal.ErrNotSupported
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-h.done:
			return hal.ErrClosed
		case <-h.Clock.After(20 * time.Millisecond):
		}
		block := make([]int16, 160)
		h.mu.Lock()
		h.mic = h.mic[copy(block, h.mic):]
		h.mu.Unlock()
		if !sink(block) {
			return nil
		}
	}
}

// SendOnHook implements hal.Handset: recorded as "handset: on-hook data
// ALERT N samples"; refused with hal.ErrOffHook while lifted.
func (h *Handset) SendOnHook(ctx context.Context, alert hal.OnHookAlert, pcm []int16) error {
	if h.NoAudio {
		return hal.ErrNotSupported
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return hal.ErrClosed
	}
	if h.offHook {
		h.mu.Unlock()
		return hal.ErrOffHook
	}
	h.onHook = append(h.onHook, pcm)
	h.mu.Unlock()
	h.Rec.Add("handset", "on-hook data %s %d samples", alert, len(pcm))
	return ctx.Err()
}

// OnHookData returns the on-hook data sent (SendOnHook), in order.
func (h *Handset) OnHookData() [][]int16 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([][]int16(nil), h.onHook...)
}

// Close implements hal.Handset.
func (h *Handset) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	close(h.done)
	close(h.events)
	return nil
}
