package board

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/serialport"
	"secretary/hal/wdog"
)

// Virt is QEMU's arm64 "virt" machine running the image: the firmware,
// its console on the first serial port (ttyAMA0) and its store on /perm,
// with no GPIO (no relay, SLIC, LED or button) and no phone line. It exists
// so the image can be booted and checked without a Pi (make image-test).
//
// The line is absent unless Modem names a serial device (a USB modem
// passed through to the guest, or an emulator on a virtio console): an
// absent line never rings and every operation on it fails, so the
// firmware idles with its console and store working, and the Devices'
// Caps lack hal.CapLine, which is how status and selftest know. The
// watchdog is the hardware one if the machine has one the firmware can
// have (QEMU's -device i6300esb, unless gokrazy's init holds it), else a
// process watchdog.
type Virt struct {
	cfg Config
}

// NewVirt returns the virt board; it does no I/O.
func NewVirt(cfg Config) *Virt {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Virt{cfg: cfg}
}

// Name is "virt".
func (v *Virt) Name() string { return "virt" }

// Caps is a watchdog, and a line when a modem is configured.
func (v *Virt) Caps() hal.Caps {
	var c hal.Caps
	if v.cfg.Modem != "" {
		c |= hal.CapLine
	}
	if !v.cfg.NoWatchdog {
		c |= hal.CapWatchdog
	}
	return c
}

// Open opens the line (or the absent line) and the watchdog.
func (v *Virt) Open(ctx context.Context) (*hal.Devices, error) {
	d := &hal.Devices{Line: newAbsentLine()}
	if v.cfg.Modem != "" {
		log := v.cfg.Logger.With("modem", v.cfg.Modem)
		wait := v.cfg.LineUpWait
		if wait <= 0 {
			wait = 15 * time.Second
		}
		l, err := modem.OpenSupervised(ctx, modem.Opener(serialport.Opener(v.cfg.Modem, serialport.Config{})), wait, log)
		if err != nil {
			return nil, fmt.Errorf("board: virt: modem on %s: %w", v.cfg.Modem, err)
		}
		d.Line, d.Caps = l, hal.CapLine
	}
	if !v.cfg.NoWatchdog {
		w := wdog.OpenBest(wdog.DefaultTimeout, wdog.ExitHung(nil, os.Stderr))
		v.cfg.Logger.Info("board: virt: watchdog", "kind", w)
		d.Watchdog, d.Caps = w, d.Caps|hal.CapWatchdog
	}
	return d, nil
}

// absentLine is the line of a board without a modem: no event ever
// arrives, and every operation but HangUp (always on-hook) fails with
// ErrNoModem and hal.ErrLineDown.
type absentLine struct {
	mu     sync.Mutex
	events chan hal.LineEvent
	closed bool
}

var _ hal.Line = (*absentLine)(nil)

func newAbsentLine() *absentLine { return &absentLine{events: make(chan hal.LineEvent)} }

func (l *absentLine) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return hal.ErrClosed
	}
	return fmt.Errorf("%w: %w", ErrNoModem, hal.ErrLineDown)
}

func (l *absentLine) Events() <-chan hal.LineEvent                                { return l.events }
func (l *absentLine) Answer(context.Context) error                                { return l.err() }
func (l *absentLine) Play(context.Context, []int16) error                         { return l.err() }
func (l *absentLine) Record(context.Context, func([]int16) bool) error            { return l.err() }
func (l *absentLine) Tone(context.Context, float64, float64, time.Duration) error { return l.err() }
func (l *absentLine) PickUpAndDrop(context.Context, time.Duration) error          { return l.err() }
func (l *absentLine) Flash(context.Context) error                                 { return l.err() }
func (l *absentLine) Dial(context.Context, string, time.Duration) error           { return l.err() }

// Up is false: an absent line never comes up (hal.LineState).
func (l *absentLine) Up() bool { return false }

// HangUp succeeds: an absent line is always on-hook.
func (l *absentLine) HangUp(context.Context) error {
	if err := l.err(); errors.Is(err, hal.ErrClosed) {
		return err
	}
	return nil
}

func (l *absentLine) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		l.closed = true
		close(l.events)
	}
	return nil
}
