package main

import (
	"context"
	"errors"
)

func cmdGen(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "gen", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
