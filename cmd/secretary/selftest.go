package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"secretary/board"
)

// errSelftestFailed: at least one check failed (the table says which).
var errSelftestFailed = errors.New("some checks failed")

// cmdSelftest opens the board, checks every part and prints a pass/fail
// table with what to check for each failure. On the sim board the world
// commands play the installer; on a Pi it prints what to do.
func cmdSelftest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "selftest", "[--board NAME] [--modem PATH] [--audio hw:C,D|none] [--pin part=GPIOn ...]")
	name := fs.String("board", "auto", "board: "+strings.Join(board.Names(), ", ")+", or auto")
	modemPath := fs.String("modem", "", "modem serial device (default: the board's)")
	audioDev := fs.String("audio", "", "handset codec ALSA device hw:C,D, or none")
	socket := fs.String("sim-socket", "", "sim: simulated hardware socket")
	relayLow := fs.Bool("relay-active-low", false, "the relay module energises on a low level")
	verbose := fs.Bool("v", false, "log driver details to stderr")
	pins := map[string]string{}
	fs.Func("pin", "override a pin: part=NAME (relay, rm, fr, shk, led, button), repeatable", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			return fmt.Errorf("want part=NAME, got %q", s)
		}
		pins[k] = v
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	exe, _ := os.Executable()
	b, err := board.New(board.Config{Board: *name, Modem: *modemPath, Audio: *audioDev, Pins: pins,
		RelayActiveLow: *relayLow, SimSocket: *socket, SimExe: exe, Logger: log})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "self-test of board %s (capabilities: %v)\n", b.Name(), b.Caps())
	octx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	devs, err := b.Open(octx)
	if err != nil {
		return fmt.Errorf("open board %s: %w", b.Name(), err)
	}
	defer devs.Close()
	checks := board.SelfTest(ctx, board.NewSelfTestEnv(b, devs, e.stdout))
	fmt.Fprintln(e.stdout)
	board.WriteTable(e.stdout, checks)
	if !board.Passed(checks) {
		return errSelftestFailed
	}
	fmt.Fprintln(e.stdout, "\nall checks passed")
	return nil
}
