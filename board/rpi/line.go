package rpi

import (
	"context"
	"log/slog"

	"secretary/hal"
)

// openModem opens the real modem driver on path.
func openModem(ctx context.Context, path string, log *slog.Logger) (hal.Line, error) {
	return nil, errNoDriver
}
