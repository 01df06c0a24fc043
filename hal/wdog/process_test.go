package wdog

import (
	"bytes"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
	"secretary/hal/haltest"
)

func TestProcess_FedInTimeNeverFires(t *testing.T) {
	clk := clockwork.NewFakeClock()
	var fired atomic.Int32
	p := NewProcess(15*time.Second, clk, "", func() { fired.Add(1) })
	for i := 0; i < 10; i++ {
		clk.Advance(5 * time.Second)
		if err := p.Feed(); err != nil {
			t.Fatal(err)
		}
	}
	if fired.Load() != 0 {
		t.Fatal("fired although fed every 5 s")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestProcess_FiresOnceWhenNotFed(t *testing.T) {
	clk := clockwork.NewFakeClock()
	fired := make(chan struct{}, 4)
	p := NewProcess(15*time.Second, clk, "held by the system", func() { fired <- struct{}{} })
	clk.Advance(5 * time.Second)
	if err := p.Feed(); err != nil {
		t.Fatal(err)
	}
	clk.Advance(14 * time.Second)
	select {
	case <-fired:
		t.Fatal("fired 14 s after the last feed")
	case <-time.After(20 * time.Millisecond):
	}
	clk.Advance(time.Second)
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("did not fire 15 s after the last feed")
	}
	clk.Advance(time.Minute)
	select {
	case <-fired:
		t.Fatal("fired twice")
	case <-time.After(20 * time.Millisecond):
	}
	if err := p.Feed(); err == nil {
		t.Fatal("feed after expiry accepted")
	}
	if !strings.Contains(p.String(), "held by the system") || !strings.Contains(p.String(), "15s") {
		t.Fatalf("String() = %q", p.String())
	}
}

func TestProcess_CloseDisarms(t *testing.T) {
	clk := clockwork.NewFakeClock()
	var fired atomic.Int32
	p := NewProcess(time.Second, clk, "", func() { fired.Add(1) })
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	clk.Advance(time.Hour)
	time.Sleep(20 * time.Millisecond)
	if fired.Load() != 0 {
		t.Fatal("fired after Close")
	}
	if err := p.Feed(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Feed after Close = %v, want ErrClosed", err)
	}
}

func TestExitHung_ReleasesRelayThenExits(t *testing.T) {
	r := haltest.NewRelay(nil)
	_ = r.Set(hal.RelayIsolated)
	var out bytes.Buffer
	code := -1
	exitHung(r, &out, func(c int) { code = c })
	if code != HungStatus {
		t.Fatalf("exit status %d, want %d", code, HungStatus)
	}
	if r.State() != hal.RelayPassThrough {
		t.Fatal("relay left isolated")
	}
	if !strings.Contains(out.String(), "stopped feeding the watchdog") || !strings.Contains(out.String(), "goroutine ") {
		t.Fatalf("output lacks the reason or the stacks:\n%.300s", out.String())
	}
}

// stuckRelay never returns from Set: the hang may be in the relay.
type stuckRelay struct{ hal.Relay }

func (stuckRelay) Set(hal.RelayState) error { select {} }

func TestExitHung_StuckRelayStillExits(t *testing.T) {
	start := time.Now()
	code := -1
	exitHung(stuckRelay{}, &bytes.Buffer{}, func(c int) { code = c })
	if code != HungStatus || time.Since(start) > 3*time.Second {
		t.Fatalf("exit %d after %v, want %d within about a second", code, time.Since(start), HungStatus)
	}
}
