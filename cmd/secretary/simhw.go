package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"secretary/board/sim"
)

// cmdSimHW runs the simulated board's hardware (board/sim.Serve): the
// modem emulator on a pty, the virtual relay/SLIC/LED/button/watchdog, the
// virtual handset and caller. "run --board sim" starts it on demand.
func cmdSimHW(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "simhw", "[--socket PATH] [--idle-exit 60s] [--watchdog 15s] [-v]")
	socket := fs.String("socket", sim.DefaultSocket(), "unix socket to serve the simulated hardware on")
	idle := fs.Duration("idle-exit", 60*time.Second, "exit when no firmware has been connected this long (0 = never)")
	dog := fs.Duration("watchdog", sim.DefaultWatchdogTimeout, "the hardware watchdog's timeout: the board reboots when the firmware stops feeding it this long (negative: no watchdog)")
	verbose := fs.Bool("v", false, "log to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	exit := *idle
	if exit == 0 {
		exit = -1
	}
	err := sim.Serve(ctx, sim.ServerConfig{Socket: *socket, IdleExit: exit, WatchdogTimeout: *dog, Logger: log})
	if errors.Is(err, sim.ErrRunning) {
		fmt.Fprintf(e.stderr, "secretary simhw: already running on %s\n", *socket)
		return nil
	}
	return err
}
