package modem_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"secretary/board/sim/modememu"
	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/serialport"
)

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("MODEM_TRACE") == "" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// startEmu starts an emulator with a stable link in a temp dir.
func startEmu(t *testing.T, cfg modememu.Config) *modememu.Emulator {
	t.Helper()
	if cfg.Link == "" {
		cfg.Link = filepath.Join(t.TempDir(), "ttyModem")
	}
	emu := modememu.New(cfg)
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	return emu
}

// rig is an emulator plus the real driver on its pty.
type rig struct {
	emu *modememu.Emulator
	m   *modem.Modem
	ev  <-chan hal.LineEvent
}

func newRig(t *testing.T, p modememu.Profile, opts ...modem.Option) *rig {
	t.Helper()
	emu := startEmu(t, modememu.Config{Profile: p})
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

// want waits for the next event of kind k, failing on timeout; events of
// other kinds on the way are returned in skipped.
func (r *rig) want(t *testing.T, k hal.LineEventKind, d time.Duration) hal.LineEvent {
	t.Helper()
	tm := time.NewTimer(d)
	defer tm.Stop()
	for {
		select {
		case ev, ok := <-r.ev:
			if !ok {
				t.Fatalf("events closed while waiting for %v", k)
			}
			if ev.Kind == k {
				return ev
			}
			t.Logf("(skipping %v)", ev.Kind)
		case <-tm.C:
			t.Fatalf("no %v event within %v", k, d)
		}
	}
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
