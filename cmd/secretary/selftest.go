package main

import (
	"context"
	"errors"
)

func cmdSelftest(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "selftest", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
