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
	socket := fs.String("sim-socket", "", "sim: simulated hardware socket")
	verbose := fs.Bool("v", false, "log driver details to stderr")
	hw := addHWFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	exe, _ := os.Executable()
	b, err := board.New(board.Config{Board: *name, Modem: *modemPath, Audio: hw.audio, Pins: hw.pins,
		RelayActiveLow: hw.relayLow, SimSocket: *socket, SimExe: exe, Logger: log})
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
	look := 0
	for _, c := range checks {
		if c.Result == board.Look {
			look++
		}
	}
	if look > 0 {
		fmt.Fprintf(e.stdout, "\nno check failed; %d to confirm by eye or ear (LOOK)\n", look)
		return nil
	}
	fmt.Fprintln(e.stdout, "\nall checks passed")
	return nil
}
