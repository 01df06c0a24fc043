package sim

import (
	"context"
	"log/slog"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/serialport"
)

// LineUpWait bounds how long Open waits for the modem's first LineUp; the
// line keeps coming up in the background after that (LineUp event).
const LineUpWait = 15 * time.Second

// OpenModem opens the real modem driver, a hal/modem.Supervisor over
// hal/serialport, on path and waits up to wait (0 = LineUpWait) for it to
// be up. A nil log discards.
func OpenModem(ctx context.Context, path string, wait time.Duration, log *slog.Logger) (hal.Line, error) {
	if wait <= 0 {
		wait = LineUpWait
	}
	if log != nil {
		log = log.With("modem", path)
	}
	return modem.OpenSupervised(ctx, modem.Opener(serialport.Opener(path, serialport.Config{})), wait, log)
}
