package main

import (
	"context"
	"errors"
)

func cmdSimHW(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "simhw", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
