package modem_test

import (
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
	"secretary/hal/serialport"
)

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("MODEM_TRACE") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// startEmu starts an emulator with a stable link in a temp dir.
func startEmu(t *testing.T, cfg modemtest.Config) *modemtest.Emulator {
	t.Helper()
	if cfg.Link == "" {
		cfg.Link = filepath.Join(t.TempDir(), "ttyModem")
	}
	emu := modemtest.New(cfg)
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	return emu
}

// rig is an emulator plus the real driver on its pty.
type rig struct {
	emu *modemtest.Emulator
	m   *modem.Modem
	ev  <-chan hal.LineEvent
}

func newRig(t *testing.T, p modemtest.Profile, opts ...modem.Option) *rig {
	t.Helper()
	return newRigCfg(t, modemtest.Config{Profile: p}, opts...)
}

func newRigCfg(t *testing.T, cfg modemtest.Config, opts ...modem.Option) *rig {
	t.Helper()
	emu := startEmu(t, cfg)
	port, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	l := testLogger(t)
	if l != nil {
		opts = append(opts, modem.WithLogger(l))
	}
	m := modem.New(port, opts...)
	t.Cleanup(func() { m.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := m.Init(ctx); err != nil {
		t.Fatalf("Init: %v\ncommands: %q", err, emu.Commands())
	}
	r := &rig{emu: emu, m: m, ev: m.Events()}
	r.want(t, hal.LineUp, time.Second)
	return r
}

// answerCall places a call with spec and answers it at its first ring.
func (r *rig) answerCall(t *testing.T, ctx context.Context, spec modemtest.CallSpec) *modemtest.Call {
	t.Helper()
	c, err := r.emu.PlaceCall(spec)
	if err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineRing, time.Second)
	if err := r.m.Answer(ctx); err != nil {
		t.Fatalf("Answer: %v", err)
	}
	return c
}

// want waits for the next event of kind k, failing on timeout; events of
// other kinds on the way are skipped.
func (r *rig) want(t *testing.T, k hal.LineEventKind, d time.Duration) hal.LineEvent {
	t.Helper()
	evs := until(t, r.ev, d, func(ev hal.LineEvent) bool { return ev.Kind == k })
	return evs[len(evs)-1]
}

// until collects events until one matches done (failing after d).
func until(t *testing.T, ch <-chan hal.LineEvent, d time.Duration, done func(hal.LineEvent) bool) []hal.LineEvent {
	t.Helper()
	var out []hal.LineEvent
	tm := time.NewTimer(d)
	defer tm.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("events closed after %s", eventString(out))
			}
			out = append(out, ev)
			if done(ev) {
				return out
			}
		case <-tm.C:
			t.Fatalf("not within %v; events %s", d, eventString(out))
		}
	}
}

// collectFor gathers events until they render as want (then a little
// longer, to catch extra ones) or d passes: for expectations on a loaded
// machine, where a fixed window may close before the last event.
func collectFor(ch <-chan hal.LineEvent, want string, d time.Duration) []hal.LineEvent {
	var out []hal.LineEvent
	tm := time.NewTimer(d)
	defer tm.Stop()
	for {
		if eventString(out) == want {
			return append(out, collect(ch, 100*time.Millisecond)...)
		}
		select {
		case ev, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, ev)
		case <-tm.C:
			return out
		}
	}
}

// eventsFor renders the events that come (collectFor, 3 s), and want.
func eventsFor(ch <-chan hal.LineEvent, want string) (got, _ string) {
	return eventString(collectFor(ch, want, 3*time.Second)), want
}

// collect gathers events for d.
func collect(ch <-chan hal.LineEvent, d time.Duration) []hal.LineEvent {
	var out []hal.LineEvent
	tm := time.NewTimer(d)
	defer tm.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, ev)
		case <-tm.C:
			return out
		}
	}
}

// sine makes d of a tone at f Hz.
func sine(f float64, d time.Duration, amp float64) []int16 {
	n := int(d.Seconds() * 8000)
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * math.Sin(2*math.Pi*f*float64(i)/8000))
	}
	return out
}

// rmsDiff is the RMS difference of two signals over their common length,
// relative to the RMS of a.
func rmsDiff(a, b []int16) float64 {
	n := min(len(a), len(b))
	var e, p float64
	for i := 0; i < n; i++ {
		d := float64(a[i]) - float64(b[i])
		e += d * d
		p += float64(a[i]) * float64(a[i])
	}
	if p == 0 {
		return math.Inf(1)
	}
	return math.Sqrt(e / p)
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

var fastRing = []time.Duration{100 * time.Millisecond, 300 * time.Millisecond}

func ctxWithCancelAfter(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}

func pctxErr(ctx context.Context) error { return context.DeadlineExceeded }

// benchRig opens the driver on a started emulator for benchmarks.
func benchRig(b *testing.B, emu *modemtest.Emulator, opts ...modem.Option) *rig {
	b.Helper()
	port, err := serialport.Open(emu.Path(), serialport.Config{})
	if err != nil {
		b.Fatal(err)
	}
	m := modem.New(port, opts...)
	b.Cleanup(func() { m.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := m.Init(ctx); err != nil {
		b.Fatal(err)
	}
	ev := m.Events()
	for e := range ev {
		if e.Kind == hal.LineUp {
			break
		}
	}
	return &rig{emu: emu, m: m, ev: ev}
}
