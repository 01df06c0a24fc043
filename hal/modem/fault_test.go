package modem_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
	"secretary/hal/serialport"
)

func TestFault_ErrorEverywhere(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	emu.SetFault(modemtest.FaultError)
	port, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m := modem.New(port, modem.WithEscapeGuard(50*time.Millisecond))
	defer m.Close()
	err = m.Init(ctxT(t, 10*time.Second))
	var ce *modem.CommandError
	if !errors.Is(err, modem.ErrCommand) || !errors.As(err, &ce) || ce.Result != "ERROR" {
		t.Fatalf("Init: %v, want a CommandError with ERROR", err)
	}
}

func TestFault_GarbageLines(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	emu.SetFault(modemtest.FaultGarbage)
	port, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m := modem.New(port)
	defer m.Close()
	if err := m.Init(ctxT(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	r := &rig{emu: emu, m: m, ev: m.Events()}
	r.want(t, hal.LineUp, time.Second)
	if _, err := emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 2, CIDDelay: 50 * time.Millisecond,
		CID: &modemtest.CID{Date: "0101", Time: "0101", Number: "123", Name: "X"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := eventsFor(r.ev, "new ring1 cid(123|X|01010101||available) ring2"); got != want {
		t.Errorf("events %s", got)
	}
}

// A modem that does not answer "AT" at first is recovered (abort voice
// states, "+++" with guard times) and initialised.
func TestFault_StuckThenRecovers(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	emu.SetFault(modemtest.FaultNoAnswer)
	time.AfterFunc(700*time.Millisecond, func() { emu.SetFault(modemtest.FaultNone) })
	port, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m := modem.New(port, modem.WithEscapeGuard(300*time.Millisecond), modem.WithCommandTimeout(500*time.Millisecond))
	defer m.Close()
	if err := m.Init(ctxT(t, 10*time.Second)); err != nil {
		t.Fatalf("Init: %v (commands %q)", err, emu.Commands())
	}
}

func TestFault_StopsAnswering(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095, modem.WithCommandTimeout(300*time.Millisecond))
	ctx := ctxT(t, 10*time.Second)
	r.emu.SetFault(modemtest.FaultNoAnswer)
	err := r.m.HangUp(ctx)
	if !errors.Is(err, modem.ErrNoResponse) {
		t.Fatalf("HangUp: %v, want ErrNoResponse", err)
	}
	select {
	case <-r.m.Lost():
	case <-time.After(2 * time.Second):
		t.Fatal("not marked lost after repeated timeouts")
	}
	ev := r.want(t, hal.LineDown, time.Second)
	if !errors.Is(ev.Err, modem.ErrNoResponse) {
		t.Errorf("LineDown err %v", ev.Err)
	}
	if err := r.m.Answer(ctx); !errors.Is(err, hal.ErrLineDown) {
		t.Errorf("Answer after loss: %v", err)
	}
}

func TestFault_Unplugged(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	if err := r.emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.m.Lost():
	case <-time.After(2 * time.Second):
		t.Fatal("unplug not noticed")
	}
	ev := r.want(t, hal.LineDown, time.Second)
	if !errors.Is(ev.Err, serialport.ErrGone) {
		t.Errorf("LineDown err %v, want serialport.ErrGone", ev.Err)
	}
	if err := r.m.HangUp(context.Background()); !errors.Is(err, hal.ErrLineDown) {
		t.Errorf("HangUp after unplug: %v", err)
	}
}

// Echo, a RING and a caller-ID line in the middle of a command's reply.
func TestCommand_UnsolicitedLinesInReply(t *testing.T) {
	t.Parallel()
	p := modemtest.NewPlayback(t,
		modemtest.Step{Expect: "ATI0\r", Reply: "ATI0\r\r\nRING\r\n\r\n56000\r\nNMBR = 5551212\r\n\xff\x01\r\n\r\nOK\r\n"},
		modemtest.Step{Expect: "ATE1\r", Reply: "\r\nERROR\r\n"})
	m := modem.New(p.Conn(), modem.WithCIDQuiet(50*time.Millisecond))
	defer m.Close()
	ctx := ctxT(t, 5*time.Second)
	info, err := m.Command(ctx, "ATI0")
	if err != nil {
		t.Fatal(err)
	}
	if len(info) != 1 || info[0] != "56000" {
		t.Errorf("info %q, want [56000]", info)
	}
	if got := eventString(collect(m.Events(), 300*time.Millisecond)); got != "new ring1 cid(5551212||||available)" {
		t.Errorf("events %s", got)
	}
	_, err = m.Command(ctx, "ATE1")
	var ce *modem.CommandError
	if !errors.As(err, &ce) || ce.Cmd != "ATE1" || ce.Result != "ERROR" || !errors.Is(err, modem.ErrCommand) {
		t.Errorf("ATE1: %v", err)
	}
}

func TestClose_UnblocksAndIsIdempotent(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 10*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(1)
	recording := make(chan struct{})
	var once sync.Once
	go func() {
		defer wg.Done()
		errs <- r.m.Record(ctx, func([]int16) bool { once.Do(func() { close(recording) }); return true })
	}()
	<-recording
	// A second caller blocks on the operation lock meanwhile.
	wg.Add(1)
	go func() { defer wg.Done(); errs <- r.m.Tone(ctx, 440, 0, time.Second) }()
	time.Sleep(50 * time.Millisecond)
	if err := r.m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, hal.ErrClosed) {
			t.Errorf("blocked call returned %v, want ErrClosed", err)
		}
	}
	if err := r.m.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	for range r.ev {
	}
	if err := r.m.Answer(ctx); !errors.Is(err, hal.ErrClosed) {
		t.Errorf("Answer after Close: %v", err)
	}
	// Released by the driver's own ATH0, not only by the port closing.
	if _, err := r.emu.WaitRecord(ctx, func(rec modemtest.Record) bool {
		return rec.Kind == modemtest.RecOnHook && rec.Text == "ATH"
	}); err != nil {
		t.Errorf("line not released with ATH0 on Close: %v; records %v", err, r.emu.Records())
	}
}

// The firmware dying with the line seized: the emulator sees the port
// close (EIO on the master = DTR drop), goes on-hook and serves the next
// opener of the same path.
func TestDTRDrop_NextOpenerWorks(t *testing.T) {
	t.Parallel()
	emu := startEmu(t, modemtest.Config{})
	ctx := ctxT(t, 10*time.Second)
	port, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m := modem.New(port)
	if err := m.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Command(ctx, "ATH1"); err != nil {
		t.Fatal(err)
	}
	port.Close() // no ATH0: as if the process died
	if _, err := emu.WaitRecord(ctx, modemtest.Kind(modemtest.RecDTRDrop)); err != nil {
		t.Fatal(err)
	}
	if emu.OffHook() {
		t.Error("still off-hook after DTR drop")
	}
	m.Close()
	port2, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	m2 := modem.New(port2)
	defer m2.Close()
	if err := m2.Init(ctx); err != nil {
		t.Fatalf("second opener: %v", err)
	}
}

func TestFault_UnpluggedDuringRecord(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileUSR5637)
	ctx := ctxT(t, 10*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	time.AfterFunc(200*time.Millisecond, func() { r.emu.Unplug() })
	start := time.Now()
	err := r.m.Record(ctx, func([]int16) bool { return true })
	if !errors.Is(err, hal.ErrLineDown) {
		t.Fatalf("Record: %v, want ErrLineDown", err)
	}
	if el := time.Since(start); el > 1500*time.Millisecond {
		t.Errorf("noticed after %v", el)
	}
	r.want(t, hal.LineDown, time.Second)
}

// The supervisor closes a modem it has lost; an operation that notices the
// close before the loss still reports the loss (hal.ErrLineDown), never a
// plain ErrClosed, so the firmware treats it as the line going down.
func TestFault_LostThenClosedIsLineDown(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 10*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	if err := r.emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	<-r.m.Lost()
	r.m.Close() // as the supervisor does once the modem is lost
	for _, op := range []struct {
		name string
		f    func() error
	}{
		{"Play", func() error { return r.m.Play(ctx, sine(400, 100*time.Millisecond, 1000)) }},
		{"Record", func() error { return r.m.Record(ctx, func([]int16) bool { return true }) }},
		{"Tone", func() error { return r.m.Tone(ctx, 400, 0, 100*time.Millisecond) }},
		{"HangUp", func() error { return r.m.HangUp(ctx) }},
	} {
		if err := op.f(); !errors.Is(err, hal.ErrLineDown) {
			t.Errorf("%s after loss and close: %v, want ErrLineDown", op.name, err)
		}
	}
}
