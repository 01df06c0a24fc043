package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// testHangEnv, set to 1 in the environment of "secretary run", arms the
// hang test's hook: SIGUSR1 then makes the call loop stop turning
// (firmware.Config.Hang) while the rest of the process goes on, so the
// test sees the watchdog fire for a loop that hangs alone. The image never
// sets it; without it SIGUSR1 keeps its default meaning.
const testHangEnv = "SECRETARY_TEST_HANG"

// storeWatch is how often the running box's store checks that its file
// was not cut short, removed or replaced under it: damage of that kind
// puts the box in degraded mode within about this long.
const storeWatch = 2 * time.Second

// testHang returns the hook's channel, or nil when the hook is not armed.
// Its goroutine ends with ctx.
func testHang(ctx context.Context, log *slog.Logger) <-chan struct{} {
	if os.Getenv(testHangEnv) != "1" {
		return nil
	}
	sig := make(chan os.Signal, 1)
	hang := make(chan struct{}, 1)
	signal.Notify(sig, syscall.SIGUSR1)
	go func() {
		defer signal.Stop(sig)
		for {
			select {
			case <-ctx.Done():
				return
			case <-sig:
				log.Warn("test hook: SIGUSR1: the call loop hangs")
				select {
				case hang <- struct{}{}:
				default:
				}
			}
		}
	}()
	return hang
}
