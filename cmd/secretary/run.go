package main

import (
	"context"
	"errors"
)

func cmdRun(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
