package simtest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"secretary/board/sim"
)

// MainHook serves the simulated hardware and exits when the process was
// started as "TESTBIN simhw --socket PATH [--watchdog DURATION]";
// otherwise it returns at once.
// The hardware exits after idle without a firmware.
func MainHook(idle time.Duration) {
	if len(os.Args) < 2 || os.Args[1] != "simhw" {
		return
	}
	fs := flag.NewFlagSet("simhw", flag.ExitOnError)
	socket := fs.String("socket", "", "unix socket to serve on")
	watchdog := fs.Duration("watchdog", 0, "hardware watchdog timeout (0: sim.DefaultWatchdogTimeout)")
	fs.Parse(os.Args[2:])
	cfg := sim.ServerConfig{Socket: *socket, IdleExit: idle, WatchdogTimeout: *watchdog}
	if err := sim.Serve(context.Background(), cfg); err != nil {
		fmt.Fprintln(os.Stderr, "simhw:", err)
		os.Exit(1)
	}
	os.Exit(0)
}
