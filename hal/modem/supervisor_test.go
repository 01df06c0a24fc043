package modem_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
	"secretary/hal/serialport"
)

func TestSupervisor_UnplugReplug(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	sup := modem.NewSupervisor(serialport.Opener(emu.Path(), serialport.Config{}), modem.WithBackoff(50*time.Millisecond, 200*time.Millisecond))
	defer sup.Close()
	r := &rig{emu: emu, ev: sup.Events()}
	ctx := ctxT(t, 20*time.Second)
	if err := sup.Init(ctx); err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineUp, time.Second)
	first := emu.SlavePath()

	if err := emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	ev := r.want(t, hal.LineDown, 2*time.Second)
	if ev.Err == nil {
		t.Error("LineDown without a reason")
	}
	if err := sup.Answer(ctx); !errors.Is(err, hal.ErrLineDown) {
		t.Errorf("Answer while down: %v", err)
	}
	time.Sleep(300 * time.Millisecond) // a few failed reopen attempts
	if err := emu.Replug(); err != nil {
		t.Fatal(err)
	}
	if emu.SlavePath() == first {
		t.Log("pty number reused (allowed)")
	}
	r.want(t, hal.LineUp, 5*time.Second)
	if _, err := emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 2, CIDDelay: 50 * time.Millisecond,
		CID: &modemtest.CID{Date: "0101", Time: "1200", Number: "5551234", Name: "AFTER REPLUG"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := eventsFor(r.ev, "new ring1 cid(5551234|AFTER REPLUG|01011200||available) ring2"); got != want {
		t.Errorf("events after replug: %s", got)
	}
	// The re-initialised modem works for voice too.
	if err := sup.PickUpAndDrop(ctx, 50*time.Millisecond); err != nil {
		t.Errorf("PickUpAndDrop after replug: %v", err)
	}
	if err := sup.Close(); err != nil {
		t.Error(err)
	}
	for range r.ev {
	}
	if err := sup.HangUp(ctx); !errors.Is(err, hal.ErrClosed) {
		t.Errorf("HangUp after Close: %v", err)
	}
}

func TestSupervisor_AbsentAtStart(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	if err := emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	sup := modem.NewSupervisor(serialport.Opener(emu.Path(), serialport.Config{}), modem.WithBackoff(20*time.Millisecond, 100*time.Millisecond))
	defer sup.Close()
	short, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := sup.Init(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Init with no device: %v", err)
	}
	if err := emu.Replug(); err != nil {
		t.Fatal(err)
	}
	if err := sup.WaitUp(ctxT(t, 10*time.Second)); err != nil {
		t.Fatalf("WaitUp after plug: %v", err)
	}
	if sup.Modem() == nil || sup.Modem().Info().Profile.Chipset != modem.ChipsetConexant {
		t.Error("no identified modem after plug")
	}
}

// OpenSupervised does not fail for a modem that is absent at start: it
// returns a supervisor that brings the line up when the modem appears; it
// fails only when its caller's ctx ends first.
func TestOpenSupervised_AbsentThenPlugged(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	if err := emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	open := modem.Opener(serialport.Opener(emu.Path(), serialport.Config{}))
	sup, err := modem.OpenSupervised(context.Background(), open, 200*time.Millisecond, nil, modem.WithBackoff(20*time.Millisecond, 100*time.Millisecond))
	if err != nil || sup == nil {
		t.Fatalf("OpenSupervised with the modem absent: %v", err)
	}
	defer sup.Close()
	if sup.Modem() != nil {
		t.Fatal("up without a device")
	}
	if err := emu.Replug(); err != nil {
		t.Fatal(err)
	}
	if err := sup.WaitUp(ctxT(t, 10*time.Second)); err != nil {
		t.Fatalf("WaitUp after plug: %v", err)
	}

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := modem.OpenSupervised(gone, open, time.Second, nil); !errors.Is(err, context.Canceled) || s != nil {
		t.Fatalf("OpenSupervised with ctx ended: %v, %v", s, err)
	}
}

// A modem that stops answering is declared down by the health check and
// reopened.
func TestSupervisor_HealthCheck(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	sup := modem.NewSupervisor(serialport.Opener(emu.Path(), serialport.Config{}),
		modem.WithBackoff(50*time.Millisecond, 100*time.Millisecond), modem.WithHealthCheck(100*time.Millisecond),
		modem.WithCommandTimeout(200*time.Millisecond), modem.WithEscapeGuard(20*time.Millisecond))
	defer sup.Close()
	r := &rig{emu: emu, ev: sup.Events()}
	if err := sup.Init(ctxT(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineUp, time.Second)
	emu.SetFault(modemtest.FaultNoAnswer)
	ev := r.want(t, hal.LineDown, 3*time.Second)
	if !errors.Is(ev.Err, modem.ErrNoResponse) {
		t.Errorf("LineDown err %v", ev.Err)
	}
	emu.SetFault(modemtest.FaultNone)
	r.want(t, hal.LineUp, 5*time.Second)
}

// A modem that stops answering in the middle of a call (every command times
// out) and comes back: the failed answer is reported as failed, the modem is
// declared down, reopened and up again within one ring period (6 s), with
// the default timeouts.
func TestSupervisor_RecoversWithinARingPeriod(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	sup := modem.NewSupervisor(serialport.Opener(emu.Path(), serialport.Config{}))
	defer sup.Close()
	r := &rig{emu: emu, ev: sup.Events()}
	if err := sup.Init(ctxT(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineUp, time.Second)
	start := time.Now()
	emu.SetFault(modemtest.FaultNoAnswer)
	time.AfterFunc(3*time.Second, func() { emu.SetFault(modemtest.FaultNone) })
	if err := sup.Answer(ctxT(t, 10*time.Second)); err == nil {
		t.Fatal("Answer on a modem that does not answer returned nil")
	} else if !errors.Is(err, modem.ErrNoResponse) {
		t.Errorf("Answer: %v, want ErrNoResponse", err)
	}
	r.want(t, hal.LineDown, 6*time.Second)
	r.want(t, hal.LineUp, 6*time.Second)
	if el := time.Since(start); el > 6*time.Second {
		t.Errorf("line back after %v, more than a ring period", el)
	}
	if emu.OffHook() {
		t.Error("off-hook after recovery")
	}
}
