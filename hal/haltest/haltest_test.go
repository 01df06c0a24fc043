package haltest

import (
	"context"
	"errors"
	"testing"
	"time"

	"secretary/hal"
)

func TestLine_CloseContract(t *testing.T) {
	l := NewLine(nil, nil)
	done := make(chan struct{})
	go func() {
		for range l.Events() {
		}
		close(done)
	}()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Close did not unblock the events reader")
	}
	if err := l.Answer(context.Background()); !errors.Is(err, hal.ErrClosed) {
		t.Errorf("Answer after Close = %v, want ErrClosed", err)
	}
	l.Ring(1) // the world after Close: ignored, no panic
}

func TestLine_CallerHangUpEndsRecord(t *testing.T) {
	l := NewLine(nil, nil)
	l.Speed = 1
	if err := l.Answer(context.Background()); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		l.CallerHangUp(hal.LineBusy)
	}()
	err := l.Record(context.Background(), func([]int16) bool { return true })
	if !errors.Is(err, hal.ErrHungUp) {
		t.Errorf("Record = %v, want ErrHungUp", err)
	}
	if e := <-l.Events(); e.Kind != hal.LineBusy {
		t.Errorf("event %s, want busy", e.Kind)
	}
}

func TestHandset_RingReturnsOnLift(t *testing.T) {
	rec := &Recorder{}
	h := NewHandset(nil, rec)
	errc := make(chan error, 1)
	go func() { errc <- h.Ring(context.Background(), hal.RingDR2, &hal.CallerID{Name: "SCREENED"}) }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := rec.Wait(ctx, 0, `handset: ring dr2 cid "" "SCREENED"`); err != nil {
		t.Fatal(err)
	}
	h.Lift()
	if err := <-errc; err != nil {
		t.Errorf("Ring = %v, want nil on pick-up", err)
	}
	if e := <-h.Events(); e.Kind != hal.HandsetOffHook {
		t.Errorf("event %s", e.Kind)
	}
	if err := h.Ring(ctx, hal.RingDR2, nil); err != nil {
		t.Errorf("Ring while off-hook = %v, want nil at once", err)
	}
	h.Close()
	h.Close()
}

func TestRelay_CloseReleases(t *testing.T) {
	r := NewRelay(nil)
	r.Set(hal.RelayIsolated)
	r.Close()
	if r.State() != hal.RelayPassThrough {
		t.Error("Close did not release the relay")
	}
	if err := r.Set(hal.RelayIsolated); !errors.Is(err, hal.ErrClosed) {
		t.Errorf("Set after Close = %v", err)
	}
}
