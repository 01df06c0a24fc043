package main

import (
	"context"
	"errors"
)

func cmdDecode(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "decode", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
