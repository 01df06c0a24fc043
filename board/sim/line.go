package sim

import (
	"context"
	"log/slog"

	"secretary/hal"
)

// openModem opens the real modem driver on the emulator's pty.
func openModem(ctx context.Context, path string, log *slog.Logger) (hal.Line, error) {
	return nil, ErrNoDriver
}
