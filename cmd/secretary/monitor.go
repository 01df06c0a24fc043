package main

import (
	"context"
	"errors"
)

func cmdMonitor(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "monitor", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
