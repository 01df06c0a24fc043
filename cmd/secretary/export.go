package main

import (
	"context"
	"errors"
)

func cmdExport(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
