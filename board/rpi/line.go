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
	if log != nil {
		log = log.With("modem", path)
	}
	return modem.OpenSupervised(ctx, modem.Opener(serialport.Opener(path, serialport.Config{})), wait, log)
}
