package main

import (
	"log/slog"
	"math"
	"runtime/debug"
	"testing"

	"secretary/board"
)

func TestApplyMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	log := slog.New(slog.DiscardHandler)
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "")
	zero, err := board.New(board.Config{Board: "zero2w"})
	if err != nil {
		t.Fatal(err)
	}
	if got := applyMemoryLimit(zero, log); got != 96<<20 {
		t.Errorf("zero2w: limit %d, want 96 MiB", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	sim, err := board.New(board.Config{Board: "sim"})
	if err != nil {
		t.Fatal(err)
	}
	if got := applyMemoryLimit(sim, log); got != math.MaxInt64 {
		t.Errorf("sim: limit %d, want none", got)
	}
	t.Setenv("GOMEMLIMIT", "200MiB")
	if got := applyMemoryLimit(zero, log); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set: limit %d, want it left alone", got)
	}
}
