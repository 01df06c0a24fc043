//go:build !linux

package main

import "errors"

// restartSystem is only possible on Linux.
func restartSystem() error { return errors.New("restarting is supported on Linux only") }
