package rpi

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpioreg"
	"periph.io/x/host/v3"

	"secretary/board/serialmodem"
	"secretary/hal"
	"secretary/hal/alsa"
	halgpio "secretary/hal/gpio"
	"secretary/hal/wdog"
)

// LineOpener opens the modem on a serial device path as a hal.Line.
type LineOpener func(ctx context.Context, path string, log *slog.Logger) (hal.Line, error)

// Board is a Raspberry Pi board.
type Board struct {
	cfg Config
	// OpenLine opens the modem; nil = the real modem driver (board/serialmodem).
	OpenLine LineOpener
}

// New returns the board; it does no I/O.
func New(cfg Config) *Board {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.RingHz == 0 {
		cfg.RingHz = 20
	}
	return &Board{cfg: cfg}
}

// Name is the model name ("rpi4").
func (b *Board) Name() string { return b.cfg.Model }

// Caps is what the configuration provides.
func (b *Board) Caps() hal.Caps { return b.cfg.Caps() }

// Config is the board's configuration (pins, devices) after overrides.
func (b *Board) Config() Config { return b.cfg }

// MemoryLimit is the firmware's soft memory limit on this board (see
// Config.MemoryLimit).
func (b *Board) MemoryLimit() int64 { return b.cfg.MemoryLimit }

func (b *Board) pin(part string) (gpio.PinIO, error) {
	name := b.cfg.Pins[part]
	p := gpioreg.ByName(name)
	if p == nil {
		return nil, fmt.Errorf("rpi: %s pin %q not found on this board (is the GPIO driver loaded?): %w", part, name, ErrBadPin)
	}
	return p, nil
}

// Open initialises periph's host drivers and opens every configured part.
// The relay is released (pass-through) first and, on any error, everything
// already opened is closed again.
func (b *Board) Open(ctx context.Context) (devs *hal.Devices, err error) {
	c := b.cfg
	log := c.Logger
	if _, err := host.Init(); err != nil {
		return nil, fmt.Errorf("rpi: periph host init: %w", err)
	}
	d := &hal.Devices{}
	defer func() {
		if err != nil {
			_ = d.Close()
			devs = nil
		}
	}()
	if c.has(PinRelay) {
		p, err := b.pin(PinRelay)
		if err != nil {
			return nil, err
		}
		r := halgpio.NewRelay(p, c.RelayActiveLow)
		if err := r.Init(); err != nil {
			return nil, err
		}
		d.Relay, d.Caps = r, d.Caps|hal.CapRelay
	}
	var audio halgpio.Audio
	if c.Audio != "" && !strings.EqualFold(c.Audio, "none") {
		codec, err := alsa.New(c.Audio)
		if err != nil {
			return nil, err
		}
		audio = codec
	}
	if c.has(PinRM) && c.has(PinFR) && c.has(PinSHK) {
		var pins [3]gpio.PinIO
		for i, part := range []string{PinRM, PinFR, PinSHK} {
			if pins[i], err = b.pin(part); err != nil {
				return nil, err
			}
		}
		h := halgpio.NewHandset(halgpio.SLICConfig{
			RM: pins[0], FR: pins[1], SHK: pins[2],
			SHKActiveLow: c.SHKActiveLow, RingHz: c.RingHz,
			Audio: audio, CIDSamples: c.CIDSamples, NewDTMF: c.NewDTMF, Logger: log,
		})
		if err := h.Init(ctx); err != nil {
			return nil, err
		}
		d.Handset, d.Caps = h, d.Caps|hal.CapHandset
		if audio != nil {
			d.Caps |= hal.CapHandsetAudio
		}
	}
	if c.has(PinLED) {
		p, err := b.pin(PinLED)
		if err != nil {
			return nil, err
		}
		l := halgpio.NewLED(p, false, nil)
		if err := l.Init(); err != nil {
			return nil, err
		}
		d.Indicator, d.Caps = l, d.Caps|hal.CapLED
	}
	if c.has(PinButton) {
		p, err := b.pin(PinButton)
		if err != nil {
			return nil, err
		}
		bt := halgpio.NewButton(halgpio.ButtonConfig{Pin: p, ActiveHigh: c.ButtonActiveHigh, Logger: log})
		if err := bt.Init(ctx); err != nil {
			return nil, err
		}
		d.Button, d.Caps = bt, d.Caps|hal.CapButton
	}
	modemPath := c.Modem
	if modemPath == "" {
		modemPath = DefaultModem()
	}
	open := b.OpenLine
	if open == nil {
		open = func(ctx context.Context, path string, log *slog.Logger) (hal.Line, error) {
			return serialmodem.Open(ctx, path, c.LineUpWait, log)
		}
	}
	line, err := open(ctx, modemPath, log)
	if err != nil {
		return nil, fmt.Errorf("rpi: modem on %s: %w", modemPath, err)
	}
	d.Line, d.Caps = line, d.Caps|hal.CapLine
	if c.Watchdog {
		// The hardware watchdog if it is free; where the system holds it
		// (gokrazy's init does), a process watchdog that restarts us.
		w := wdog.OpenBest(wdog.DefaultTimeout, wdog.ExitHung(d.Relay, os.Stderr))
		log.Info("rpi: watchdog", "kind", w)
		d.Watchdog, d.Caps = w, d.Caps|hal.CapWatchdog
	}
	return d, nil
}
