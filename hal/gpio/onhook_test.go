package gpio

import (
	"context"
	"errors"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// sendOnHook runs SendOnHook on the fake clock until it returns (or the
// clock reaches limit after t0).
func (r *slicRig) sendOnHook(t *testing.T, alert hal.OnHookAlert, n int, limit time.Duration) error {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- r.h.SendOnHook(context.Background(), alert, make([]int16, n)) }()
	bc := r.fc.(interface {
		BlockUntilContext(context.Context, int) error
	})
	for r.fc.Now().Before(t0.Add(limit)) {
		select {
		case err := <-errc:
			return err
		default:
		}
		// advance 1 ms once the code under test waits on the clock (it
		// may have returned meanwhile: then look again)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		err := bc.BlockUntilContext(ctx, 1)
		cancel()
		if err == nil {
			r.fc.Advance(time.Millisecond)
		}
	}
	select {
	case err := <-errc:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("SendOnHook did not return")
	}
	return nil
}

// The ring pulse alert: one 250 ms burst at the ring frequency, then the
// data 100 ms after the burst, RM low throughout the data; the SLIC idle
// after.
func TestHandset_SendOnHookRingPulse(t *testing.T) {
	r := newSLIC(t, nil)
	if err := r.sendOnHook(t, hal.AlertRingPulse, 8000, 2*time.Second); err != nil {
		t.Fatalf("SendOnHook = %v", err)
	}
	rm := r.rm.edges()
	if len(rm) != 2 || rm[0].l != gpio.High || rm[0].at != t0 || !within(rm[1].at.Sub(t0), RingPulseLength, 5*time.Millisecond) {
		t.Fatalf("RM edges %v, want one %v burst from t0", rm, RingPulseLength)
	}
	toggles := 0
	for _, c := range r.fr.edges() {
		if c.at.Before(rm[1].at) {
			toggles++
		}
	}
	if toggles < 9 || toggles > 11 { // 20 Hz: a toggle every 25 ms for 250 ms
		t.Errorf("%d F/R toggles in the burst, want 10", toggles)
	}
	plays := r.audio.recorded()
	if len(plays) != 1 || plays[0].n != 8000 {
		t.Fatalf("plays %v, want the data once", plays)
	}
	if d := plays[0].at.Sub(rm[1].at); !within(d, AlertGap, 5*time.Millisecond) {
		t.Errorf("data %v after the burst, want %v", d, AlertGap)
	}
	if r.rm.Read() != gpio.Low || r.fr.Read() != gpio.Low {
		t.Error("SLIC not idle after the data")
	}
	noHandsetEvent(t, r.h.Events()) // the pulse's ring current is not a pick-up
}

// The reversal alert: F/R held high (reversed) with RM low, the data 100 ms
// later, forward polarity again 200 ms after the data.
func TestHandset_SendOnHookReversal(t *testing.T) {
	r := newSLIC(t, nil)
	if err := r.sendOnHook(t, hal.AlertReversal, 800, 2*time.Second); err != nil {
		t.Fatalf("SendOnHook = %v", err)
	}
	if e := r.rm.edges(); len(e) != 0 {
		t.Fatalf("RM edges %v: rang for a reversal", e)
	}
	fr := r.fr.edges()
	if len(fr) != 2 || fr[0].l != gpio.High || fr[0].at != t0 {
		t.Fatalf("F/R edges %v, want reversed from t0, then forward", fr)
	}
	plays := r.audio.recorded()
	if len(plays) != 1 || !within(plays[0].at.Sub(t0), AlertGap, 5*time.Millisecond) {
		t.Fatalf("plays %v, want the data %v after the reversal", plays, AlertGap)
	}
	if d := fr[1].at.Sub(plays[0].at); !within(d, ReversalHold, 5*time.Millisecond) {
		t.Errorf("polarity restored %v after the data, want %v", d, ReversalHold)
	}
}

func TestHandset_SendOnHookNoAlert(t *testing.T) {
	r := newSLIC(t, nil)
	if err := r.sendOnHook(t, hal.AlertNone, 800, time.Second); err != nil {
		t.Fatalf("SendOnHook = %v", err)
	}
	if len(r.rm.edges())+len(r.fr.edges()) != 0 {
		t.Fatal("pins moved without an alert")
	}
	if p := r.audio.recorded(); len(p) != 1 || p[0].at != t0 {
		t.Fatalf("plays %v, want the data at once", p)
	}
}

// A lifted handset gets no on-hook data: refused at once, or cut off when
// lifted during the alert.
func TestHandset_SendOnHookOffHook(t *testing.T) {
	r := newSLIC(t, nil)
	r.lift(t, true)
	r.fc.BlockUntil(1)
	r.fc.Advance(50 * time.Millisecond)
	if e := nextHandsetEvent(t, r.h.Events()); e.Kind != hal.HandsetOffHook {
		t.Fatalf("event %v", e.Kind)
	}
	if err := r.h.SendOnHook(context.Background(), hal.AlertRingPulse, make([]int16, 80)); !errors.Is(err, hal.ErrOffHook) {
		t.Fatalf("SendOnHook off-hook = %v, want ErrOffHook", err)
	}
	if len(r.rm.edges()) != 0 || len(r.audio.recorded()) != 0 {
		t.Fatal("rang or sent data to a lifted handset")
	}

	r = newSLIC(t, nil)
	errc := make(chan error, 1)
	go func() { errc <- r.h.SendOnHook(context.Background(), hal.AlertReversal, make([]int16, 80)) }()
	step(t, r.fc, t0.Add(20*time.Millisecond), 1)
	r.lift(t, true)
	step(t, r.fc, t0.Add(90*time.Millisecond), 1) // past the 30 ms debounce
	select {
	case err := <-errc:
		if !errors.Is(err, hal.ErrOffHook) {
			t.Fatalf("lifted during the alert: %v, want ErrOffHook", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SendOnHook went on after a lift")
	}
	if len(r.audio.recorded()) != 0 || r.fr.Read() != gpio.Low {
		t.Fatal("data sent, or polarity left reversed, after a lift")
	}
}

func TestHandset_SendOnHookNeedsAudio(t *testing.T) {
	r := newSLIC(t, func(c *SLICConfig) { c.Audio = nil })
	if err := r.h.SendOnHook(context.Background(), hal.AlertNone, nil); !errors.Is(err, hal.ErrNotSupported) {
		t.Fatalf("SendOnHook without a codec = %v", err)
	}
}
