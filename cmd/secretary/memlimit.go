package main

import (
	"log/slog"
	"os"
	"runtime/debug"

	"secretary/board"
)

// applyMemoryLimit gives the Go runtime the board's soft memory limit
// (board.MemoryLimit), so the garbage collector works harder before the
// kernel's OOM killer acts; a GOMEMLIMIT in the environment wins. It
// returns the limit now in force (math.MaxInt64: none).
func applyMemoryLimit(b board.Board, log *slog.Logger) int64 {
	if l := board.MemoryLimit(b); l > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(l)
		log.Info("memory limit", "board", b.Name(), "MiB", l>>20)
	}
	return debug.SetMemoryLimit(-1)
}
