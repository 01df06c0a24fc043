package gpio

import (
	"context"
	"time"

	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// On-hook data timing (ETSI EN 300 659-1 for data not associated with
// ringing; what DAHDI FXS ports do for the message-waiting indication).
const (
	// RingPulseLength is the ring pulse alert signal: one ring burst
	// (200-300 ms).
	RingPulseLength = 250 * time.Millisecond
	// AlertGap separates the end of the alert (the ring pulse, or the
	// reversal) from the data audio; the audio's own lead silence (0.5 s
	// in a hal/dsp VMWI burst) adds to it, so the data starts 500-2000 ms
	// after the alert as the standard asks.
	AlertGap = 100 * time.Millisecond
	// ReversalHold keeps the reversed polarity this long after the data
	// before the line returns to normal.
	ReversalHold = 200 * time.Millisecond
)

// SendOnHook sends pcm (an FSK message-waiting burst) to the phone on its
// cradle: the alert (a ring pulse on RM and F/R, or F/R held reversed
// with RM low), then the audio, watching the hook throughout. A phone
// lifted before or during it gets nothing more: hal.ErrOffHook. It shares
// the SLIC with Ring: one at a time (ErrRinging otherwise). The SLIC is
// left idle (RM and F/R low) on return.
func (h *Handset) SendOnHook(ctx context.Context, alert hal.OnHookAlert, pcm []int16) error {
	h.mu.Lock()
	closed, started := h.closed, h.started
	h.mu.Unlock()
	switch {
	case closed:
		return hal.ErrClosed
	case !started:
		return ErrNotInit
	case h.cfg.Audio == nil:
		return hal.ErrNotSupported
	}
	if !h.ringing.CompareAndSwap(false, true) {
		return ErrRinging
	}
	defer h.ringing.Store(false)
	c := h.cfg
	defer func() {
		_ = c.RM.Out(gpio.Low)
		_ = c.FR.Out(gpio.Low)
	}()
	changed := h.hookChanged()
	if h.OffHook() {
		return hal.ErrOffHook
	}
	switch alert {
	case hal.AlertRingPulse:
		if err := h.ringPulse(ctx, &changed); err != nil {
			return err
		}
	case hal.AlertReversal:
		if err := c.FR.Out(gpio.High); err != nil {
			return pinErr("slic fr", c.FR, err)
		}
	}
	if alert != hal.AlertNone {
		if err := h.hold(ctx, h.clock.Now().Add(AlertGap), &changed); err != nil {
			return err
		}
	}
	if err := h.playWatched(ctx, pcm, &changed); err != nil {
		return err
	}
	if alert == hal.AlertReversal {
		return h.hold(ctx, h.clock.Now().Add(ReversalHold), &changed)
	}
	return nil
}

// ringPulse rings one RingPulseLength burst (F/R toggled at RingHz with
// RM high); the hook loop knows the bell rings, so the ring current does
// not count as a pick-up.
func (h *Handset) ringPulse(ctx context.Context, changed *<-chan struct{}) error {
	c := h.cfg
	h.setRinging(true)
	defer h.setRinging(false)
	if err := c.RM.Out(gpio.High); err != nil {
		return pinErr("slic rm", c.RM, err)
	}
	half := time.Second / time.Duration(2*c.RingHz)
	start := h.clock.Now()
	level := gpio.High
	for t := start; t.Before(start.Add(RingPulseLength)); t = t.Add(half) {
		if err := h.hold(ctx, t, changed); err != nil {
			return err
		}
		_ = c.FR.Out(level)
		level = !level
	}
	if err := h.hold(ctx, start.Add(RingPulseLength), changed); err != nil {
		return err
	}
	_ = c.FR.Out(gpio.Low)
	return pinErr("slic rm", c.RM, c.RM.Out(gpio.Low))
}

// hold waits until at, watching the hook: ErrOffHook when the handset is
// lifted, ctx.Err() or hal.ErrClosed when the wait is cut short.
func (h *Handset) hold(ctx context.Context, at time.Time, changed *<-chan struct{}) error {
	for {
		d := at.Sub(h.clock.Now())
		if d <= 0 {
			return nil
		}
		select {
		case <-h.clock.After(d):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		case <-*changed:
			*changed = h.hookChanged()
			if h.OffHook() {
				return hal.ErrOffHook
			}
		case <-h.done:
			return hal.ErrClosed
		}
	}
}

// playWatched plays pcm to the handset while watching the hook: a lift
// stops it (ErrOffHook).
func (h *Handset) playWatched(ctx context.Context, pcm []int16, changed *<-chan struct{}) error {
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.Play(pctx, pcm) }()
	for {
		select {
		case err := <-done:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		case <-*changed:
			*changed = h.hookChanged()
			if h.OffHook() {
				cancel()
				<-done
				return hal.ErrOffHook
			}
		case <-h.done:
			cancel()
			<-done
			return hal.ErrClosed
		}
	}
}
