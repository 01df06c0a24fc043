package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"secretary/screening/store"
)

// Degraded mode, as cmd wires it: run opens the store WithDegraded and
// says on stderr when it starts degraded; firmware/owner maps the store's
// health for the call loop (owner.DataHealth: the fault LED, every call
// rings through while nothing can be read), for status, for the prompt's
// note and the notices, and is the console's store command, whose reset
// applies the installer settings again through reinstall.

// reinstall applies the installer settings file (path in inst) to the
// store again after store reset emptied it, as at a first start, and
// returns what it did for the owner.
func reinstall(inst *install, dataDir string, st *store.Store) []string {
	if inst == nil || inst.path == "" {
		return nil
	}
	_ = os.Remove(filepath.Join(dataDir, appliedName))
	in := &install{path: inst.path}
	in.readFile(dataDir, st)
	out := []string{fmt.Sprintf("installer settings %s: %s applied", in.path, plural(in.applied, "value"))}
	for _, p := range in.problems {
		out = append(out, "  "+p)
	}
	return out
}

// sentenceError shows a store error as the owner's one plain sentence
// (store.Sentence) and still unwraps to it.
type sentenceError struct{ err error }

func (e sentenceError) Error() string { return store.Sentence(e.err) }
func (e sentenceError) Unwrap() error { return e.err }

// ownerError is err as a command's last line shows it: a damaged, newer
// or read-only store as its plain sentence, anything else as it is.
func ownerError(err error) error {
	var s interface{ Sentence() string }
	if errors.As(err, &s) {
		return sentenceError{err}
	}
	return err
}
