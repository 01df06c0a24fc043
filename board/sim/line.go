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
// be up.
func OpenModem(ctx context.Context, path string, wait time.Duration, log *slog.Logger) (hal.Line, error) {
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
		log.Warn("sim: modem not up yet; it keeps trying", "modem", path, "err", err)
	}
	return sup, nil
}
