package rpi

import (
	"context"
	"log/slog"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/serialport"
)

// LineUpWait bounds how long Open waits for the modem's first LineUp; a
// missing modem does not stop the box (the relay stays fail-safe and the
// supervisor keeps reopening it, reporting LineUp when it appears).
const LineUpWait = 15 * time.Second

// openModem opens the real modem driver (a reopening supervisor) on path.
func openModem(ctx context.Context, path string, wait time.Duration, log *slog.Logger) (hal.Line, error) {
	if wait <= 0 {
		wait = LineUpWait
	}
	sup := modem.NewSupervisor(serialport.Opener(path, serialport.Config{}), modem.WithLogger(log))
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := sup.Init(wctx); err != nil {
		if ctx.Err() != nil {
			sup.Close()
			return nil, ctx.Err()
		}
		log.Warn("rpi: modem not up yet; it keeps trying", "modem", path, "err", err)
	}
	return sup, nil
}
