package board_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"secretary/board"
	"secretary/hal"
	"secretary/hal/wdog"
)

// The virt board has no line unless a modem is named: the absent line
// never reports anything and refuses every operation but hang-up.
func TestVirt_AbsentLine(t *testing.T) {
	b, err := board.New(board.Config{Board: "virt", NoWatchdog: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.Name() != "virt" || b.Caps() != 0 {
		t.Fatalf("virt: name %s caps %v", b.Name(), b.Caps())
	}
	if c := (board.NewVirt(board.Config{Modem: "/dev/vport0p1"})).Caps(); !c.Has(hal.CapLine | hal.CapWatchdog) {
		t.Fatalf("virt with a modem: caps %v", c)
	}
	d, err := b.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if d.Caps.Has(hal.CapLine) || d.Relay != nil || d.Handset != nil || d.Watchdog != nil {
		t.Fatalf("devices %+v", d)
	}
	ctx := context.Background()
	if err := d.Line.Answer(ctx); !errors.Is(err, hal.ErrLineDown) || !errors.Is(err, board.ErrNoModem) {
		t.Fatalf("Answer = %v", err)
	}
	if err := d.Line.Play(ctx, []int16{1}); !errors.Is(err, hal.ErrLineDown) {
		t.Fatalf("Play = %v", err)
	}
	if err := d.Line.HangUp(ctx); err != nil {
		t.Fatalf("HangUp = %v; an absent line is on-hook", err)
	}
	select {
	case e := <-d.Line.Events():
		t.Fatalf("event %v from an absent line", e)
	case <-time.After(20 * time.Millisecond):
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-d.Line.Events(); ok {
		t.Fatal("events open after Close")
	}
	if err := d.Line.HangUp(ctx); !errors.Is(err, hal.ErrClosed) {
		t.Fatalf("HangUp after Close = %v", err)
	}
	if err := d.Line.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// The self-test on a virtual machine says plainly what it lacks, and
// names the kind of watchdog it fed.
func TestVirt_SelfTestSaysWhatIsMissing(t *testing.T) {
	b := board.NewVirt(board.Config{NoWatchdog: true})
	d, err := b.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d.Watchdog = wdog.NewProcess(15*time.Second, nil, "held by the system", func() {})
	d.Caps |= hal.CapWatchdog
	defer d.Close()
	var out bytes.Buffer
	cs := board.SelfTest(context.Background(), board.NewSelfTestEnv(b, d, &out))
	if !board.Passed(cs) {
		t.Fatalf("a virtual machine failed: %+v", cs)
	}
	var table bytes.Buffer
	board.WriteTable(&table, cs)
	for _, w := range []string{
		"modem answers   skip    a virtual machine has no modem",
		"relay           skip    a virtual machine has no relay",
		"LED             skip    a virtual machine has no LED",
		"button          skip    a virtual machine has no button",
		"watchdog        PASS    fed: process watchdog, 15s",
	} {
		if !strings.Contains(table.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, table.String())
		}
	}
	if out.Len() != 0 {
		t.Errorf("instructions printed for parts that do not exist: %q", out.String())
	}
}
