package serialmodem

import (
	"context"
	"log/slog"
	"time"

	"secretary/hal/modem"
	"secretary/hal/serialport"
)

// UpWait is how long Open waits for the modem's first LineUp by default. A
// modem that is missing or slow does not stop the box: the relay stays
// fail-safe and the supervisor keeps reopening it, reporting hal.LineUp
// when it comes.
const UpWait = 15 * time.Second

// Open starts the modem driver on path (a symlink such as
// /dev/serial/by-id/... is resolved at every open) and waits up to wait
// (0 = UpWait) for it to be up. Only ctx ending first is an error. A nil
// log discards; opts go to every modem.Modem the supervisor makes.
func Open(ctx context.Context, path string, wait time.Duration, log *slog.Logger, opts ...modem.Option) (*modem.Supervisor, error) {
	if wait <= 0 {
		wait = UpWait
	}
	if log != nil {
		log = log.With("modem", path)
	}
	return modem.OpenSupervised(ctx, modem.Opener(serialport.Opener(path, serialport.Config{})), wait, log, opts...)
}
