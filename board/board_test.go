package board_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/board"
	"secretary/board/sim"
	"secretary/board/sim/simtest"
	"secretary/hal"
)

// TestMain: "TESTBIN simhw --socket PATH" runs the simulated hardware, so
// the sim board can be opened without a prebuilt binary.
func TestMain(m *testing.M) {
	simtest.MainHook(20 * time.Second)
	os.Exit(m.Run())
}

func TestNew_Names(t *testing.T) {
	for _, n := range []string{"sim", "rpi3", "rpi4", "rpi5", "zero2w", "RPI4"} {
		b, err := board.New(board.Config{Board: n})
		if err != nil {
			t.Fatalf("New(%s): %v", n, err)
		}
		if b.Name() != strings.ToLower(n) {
			t.Errorf("New(%s).Name() = %s", n, b.Name())
		}
		if !b.Caps().Has(hal.CapLine | hal.CapRelay | hal.CapHandset | hal.CapLED | hal.CapButton) {
			t.Errorf("%s caps %v", n, b.Caps())
		}
		if l := board.MemoryLimit(b); (l == 0) != (b.Name() == "sim") || (b.Name() == "zero2w" && l != 96<<20) {
			t.Errorf("%s: memory limit %d", n, l)
		}
	}
	if _, err := board.New(board.Config{Board: "beaglebone"}); !errors.Is(err, board.ErrUnknownBoard) {
		t.Fatalf("unknown board: %v", err)
	}
	b, err := board.New(board.Config{Board: "rpi4", Audio: "none", Pins: map[string]string{"button": "none"}})
	if err != nil {
		t.Fatal(err)
	}
	if b.Caps().Has(hal.CapHandsetAudio) || b.Caps().Has(hal.CapButton) {
		t.Errorf("rpi4 without codec and button: caps %v", b.Caps())
	}
	if _, err := board.New(board.Config{Board: "rpi4", Pins: map[string]string{"horn": "GPIO5"}}); err == nil {
		t.Error("unknown part accepted")
	}
}

func simBoard(t *testing.T, modem string) board.Board {
	dir, err := os.MkdirTemp("", "boardtest")
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "hw.sock")
	b, err := board.New(board.Config{Board: "sim", SimSocket: socket, Modem: modem, LineUpWait: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	sb := b.(*sim.Board)
	// Start simhw (this binary) before Open, as cmd does with os.Executable().
	starter := sim.New(sim.Config{Socket: socket, Exe: os.Args[0], ExeArgs: []string{"simhw"}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := starter.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = sb.Quit(context.Background())
		time.Sleep(100 * time.Millisecond)
		os.RemoveAll(dir)
	})
	return b
}

// TestSelfTest_SimPasses is "secretary selftest --board sim".
func TestSelfTest_SimPasses(t *testing.T) {
	b := simBoard(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d, err := b.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	checks := board.SelfTest(ctx, board.NewSelfTestEnv(b, d, nil))
	var out bytes.Buffer
	board.WriteTable(&out, checks)
	t.Logf("\n%s", out.String())
	if !board.Passed(checks) {
		t.Fatal("self-test failed on the sim board")
	}
	want := []string{"modem answers", "caller ID enabled", "chipset", "relay", "ring handset", "hook detection", "handset audio", "LED", "button", "watchdog"}
	if len(checks) != len(want) {
		t.Fatalf("%d checks, want %d", len(checks), len(want))
	}
	for i, c := range checks {
		if c.Name != want[i] || c.Result != board.Pass {
			t.Errorf("check %d: %s %v, want %s PASS", i, c.Name, c.Result, want[i])
		}
	}
	// The relay's pin and the state query travel on different connections
	// to simhw: the last pin change may land a moment after the query.
	var s sim.State
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if s, err = b.(*sim.Board).State(ctx); err != nil {
			t.Fatal(err)
		}
		if s.Relay == hal.RelayPassThrough.String() && !s.ModemOffHook || time.Now().After(deadline) {
			break
		}
	}
	if s.Relay != hal.RelayPassThrough.String() || s.ModemOffHook {
		t.Errorf("after self-test: relay %s, modem off-hook %v", s.Relay, s.ModemOffHook)
	}
}

// TestSelfTest_NoModem: a wrong modem path fails the modem checks with a
// hint, and the other parts still pass.
func TestSelfTest_NoModem(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the modem timeout")
	}
	b := simBoard(t, filepath.Join(t.TempDir(), "ttyNothing"))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	d, err := b.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	env := board.NewSelfTestEnv(b, d, nil)
	env.ModemWait = 2 * time.Second
	checks := board.SelfTest(ctx, env)
	var out bytes.Buffer
	board.WriteTable(&out, checks)
	if board.Passed(checks) {
		t.Fatalf("passed without a modem:\n%s", out.String())
	}
	if checks[0].Name != "modem answers" || checks[0].Result != board.Fail || !strings.Contains(out.String(), "modem answers failed: check the USB modem") {
		t.Errorf("modem failure not explained:\n%s", out.String())
	}
	for _, c := range checks[3:] {
		if c.Result != board.Pass {
			t.Errorf("%s: %v (%s)", c.Name, c.Result, c.Detail)
		}
	}
}

// TestSelfTest_UnseenPartsAreLook: where the board cannot see its own
// relay, ring or LED (a Pi), the self-test does not claim they work: they
// are LOOK, for the installer to confirm, with what to check if not.
func TestSelfTest_UnseenPartsAreLook(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time parts")
	}
	b := simBoard(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	d, err := b.Open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	env := board.NewSelfTestEnv(b, d, nil)
	env.Observe = nil // as on a Pi
	checks := board.SelfTest(ctx, env)
	var out bytes.Buffer
	board.WriteTable(&out, checks)
	if !board.Passed(checks) {
		t.Fatalf("failed:\n%s", out.String())
	}
	look := map[string]bool{"relay": true, "ring handset": true, "LED": true}
	for _, c := range checks {
		if look[c.Name] != (c.Result == board.Look) {
			t.Errorf("%s: %v, want LOOK only for relay, ring and LED\n%s", c.Name, c.Result, out.String())
		}
	}
	if !strings.Contains(out.String(), "relay: if it did not happen, no click") {
		t.Errorf("no hint for the relay:\n%s", out.String())
	}
}
