package main

import (
	"context"
	"errors"
)

func cmdDecide(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "decide", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
