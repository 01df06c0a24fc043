package board

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/board/rpi"
	"secretary/board/sim"
	"secretary/hal"
)

// Board is one kind of box: a name, what it can do, and how to open it.
type Board interface {
	// Name is the board's name as given on the command line ("rpi4", "sim").
	Name() string
	// Caps is what the board has once opened (it may lose CapHandsetAudio
	// or CapWatchdog if the configured device is absent).
	Caps() hal.Caps
	// Open opens every part. On error nothing stays open and the relay
	// is released (pass-through).
	Open(ctx context.Context) (*hal.Devices, error)
}

// World is implemented by the simulated board: commands that change the
// simulated world (a caller rings, the owner picks up) and "state".
// See board/sim's doc for the command list.
type World interface {
	World(ctx context.Context, cmd string) (string, error)
}

// Config is what cmd and the settings store tell the board. Zero values
// mean the board's documented default.
type Config struct {
	// Board is a name from Names(), or "auto" (or "") to detect a Pi from
	// /proc/device-tree/model.
	Board string
	// Modem is the serial device of the voice modem; "" = the board's
	// default (on a Pi the first /dev/serial/by-id entry, else /dev/ttyACM0;
	// on sim the emulator's pty).
	Modem string
	// Audio is the ALSA device of the handset codec ("hw:1,0"); "" = the
	// board default, "none" = no codec (announcements go over the line).
	Audio string
	// Pins overrides pin names by part: relay, rm, fr, shk, led, button
	// (values like "GPIO17"); "" or "none" disables the part.
	Pins map[string]string
	// RelayActiveLow: the relay module energises on a low level.
	RelayActiveLow bool
	// SHKActiveLow: the SLIC's SHK output reads low when off-hook.
	SHKActiveLow bool
	// ButtonActiveHigh: the button pulls its pin high when pressed.
	ButtonActiveHigh bool
	// RingHz is the ring frequency toggled on F/R: 20 (default) or 25.
	RingHz int
	// NoWatchdog leaves /dev/watchdog alone (development).
	NoWatchdog bool
	// LineUpWait bounds how long Open waits for the modem to answer
	// (default 15 s); the line keeps coming up in the background after.
	LineUpWait time.Duration
	// Clock is the computer's clock as the firmware reads it (nil: the
	// real one). The simulated board's parts stamp their events with it,
	// so a clock the firmware sets without privileges (haltest.SystemClock)
	// is one clock for the whole simulated computer; on a real computer
	// every part reads the kernel's clock anyway.
	Clock clockwork.Clock
	// SimSocket is the simhw socket (sim only); "" = sim.DefaultSocket().
	SimSocket string
	// SimExe is the binary started as "EXE simhw --socket PATH" when no
	// simhw answers (sim only); "" = do not start one.
	SimExe string
	// CIDSamples turns caller ID into Bell 202 audio for the handset;
	// nil = HandsetCID (hal/dsp).
	CIDSamples func(cid *hal.CallerID) []int16
	// NewDTMF returns a DTMF detector for handset audio: feed it PCM, it
	// returns the digits completed in that block; nil = HandsetDTMF (hal/dsp).
	NewDTMF func() func(pcm []int16) []byte
	// Logger receives board and driver logs; nil discards.
	Logger *slog.Logger
}

// Names lists the boards New accepts.
func Names() []string {
	n := append([]string{"sim", "virt"}, rpi.Models()...)
	sort.Strings(n)
	return n
}

// New returns the board named by cfg.Board. It does no I/O except for
// "auto", which reads /proc/device-tree/model.
func New(cfg Config) (Board, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.CIDSamples == nil {
		cfg.CIDSamples = HandsetCID
	}
	if cfg.NewDTMF == nil {
		cfg.NewDTMF = HandsetDTMF
	}
	name := strings.ToLower(strings.TrimSpace(cfg.Board))
	if name == "" || name == "auto" {
		model, err := os.ReadFile("/proc/device-tree/model")
		if err != nil {
			return nil, fmt.Errorf("board: cannot detect the board (no /proc/device-tree/model); use --board with one of %s: %w", strings.Join(Names(), ", "), ErrUnknownBoard)
		}
		n, ok := rpi.Detect(string(model))
		if !ok {
			return nil, fmt.Errorf("board: unknown model %q; use --board with one of %s: %w", strings.TrimRight(string(model), "\x00\n"), strings.Join(Names(), ", "), ErrUnknownBoard)
		}
		name = n
	}
	if name == "sim" {
		return sim.New(sim.Config{
			Socket:     cfg.SimSocket,
			Exe:        cfg.SimExe,
			Modem:      cfg.Modem,
			RingHz:     cfg.RingHz,
			CIDSamples: cfg.CIDSamples,
			NewDTMF:    cfg.NewDTMF,
			LineUpWait: cfg.LineUpWait,
			Clock:      cfg.Clock,
			Logger:     cfg.Logger,
		}), nil
	}
	if name == "virt" {
		return NewVirt(cfg), nil
	}
	pc, err := rpi.Preset(name)
	if err != nil {
		return nil, fmt.Errorf("board: %q is not one of %s: %w", cfg.Board, strings.Join(Names(), ", "), ErrUnknownBoard)
	}
	if err := pc.Override(cfg.Pins); err != nil {
		return nil, err
	}
	if cfg.Modem != "" {
		pc.Modem = cfg.Modem
	}
	if cfg.Audio != "" {
		pc.Audio = cfg.Audio
	}
	pc.RelayActiveLow = pc.RelayActiveLow || cfg.RelayActiveLow
	pc.SHKActiveLow = pc.SHKActiveLow || cfg.SHKActiveLow
	pc.ButtonActiveHigh = pc.ButtonActiveHigh || cfg.ButtonActiveHigh
	if cfg.RingHz != 0 {
		pc.RingHz = cfg.RingHz
	}
	if cfg.NoWatchdog {
		pc.Watchdog = false
	}
	pc.CIDSamples = cfg.CIDSamples
	pc.NewDTMF = cfg.NewDTMF
	pc.LineUpWait = cfg.LineUpWait
	pc.Logger = cfg.Logger
	return rpi.New(pc), nil
}

// MemoryLimit is the soft memory limit in bytes the firmware should give
// the Go runtime on b (runtime/debug.SetMemoryLimit), from its profile;
// 0 when the board has none (the simulated board).
func MemoryLimit(b Board) int64 {
	if m, ok := b.(interface{ MemoryLimit() int64 }); ok {
		return m.MemoryLimit()
	}
	return 0
}
