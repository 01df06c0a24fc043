package main

import (
	"context"
	"errors"
)

func cmdImport(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return errors.New("not implemented yet")
}
