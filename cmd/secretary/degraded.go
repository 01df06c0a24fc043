package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"

	"secretary/firmware"
	"secretary/firmware/console"
	"secretary/screening/store"
)

// Degraded mode, as cmd wires it: the store opened WithDegraded says what
// it can do (Health); the firmware polls dataHealth, shows the fault on the
// LED and passes every call while nothing can be read; the console says it
// in every prompt, in status and in a notice when it changes; the store
// command (storecmd.go) leaves it.

// dataHealth maps the store's Health to the firmware's.
func dataHealth(st *store.Store) firmware.DataHealth {
	c, err := st.Health()
	h := firmware.DataHealth{}
	switch c {
	case store.Healthy:
		return h
	case store.ReadOnly:
		h.State = firmware.DataReadOnly
	default:
		h.State = firmware.DataUnavailable
	}
	h.Problem = problem(st, err)
	return h
}

// problem is the owner's sentence for the store's trouble: what is wrong
// and what to do.
func problem(st *store.Store, err error) string {
	var s interface{ Sentence() string }
	switch {
	case err == nil:
		return "The store was opened read-only: changes cannot be saved."
	case errors.As(err, &s):
		return s.Sentence()
	case errors.Is(err, fs.ErrPermission):
		why := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			why = pe.Err.Error()
		}
		return fmt.Sprintf("The box cannot read its data in %s (%s): check the owner and permissions of the directory and its files, then restart the box.",
			filepath.Dir(st.Path()), why)
	}
	t := store.Sentence(err)
	if !strings.HasSuffix(t, ".") {
		t += "."
	}
	return "The store cannot be used: " + t
}

// storeLabel is the store's trouble in a few capitals, for the prompt and
// notices: "STORE DAMAGED"; "" when it is healthy.
func storeLabel(st *store.Store) string {
	c, err := st.Health()
	switch {
	case c == store.Healthy:
		return ""
	case c == store.ReadOnly:
		return "CHANGES NOT SAVED"
	case errors.Is(err, store.ErrDamaged):
		return "STORE DAMAGED"
	case errors.Is(err, store.ErrSchemaNewer):
		return "STORE FROM NEWER FIRMWARE"
	case errors.Is(err, fs.ErrPermission):
		return "DATA UNREADABLE"
	}
	return "STORE UNREADABLE"
}

// attention is the console prompt's note: "STORE DAMAGED: type help
// store", or "" when the store is healthy.
func attention(st *store.Store) string {
	if l := storeLabel(st); l != "" {
		return l + ": type help store"
	}
	return ""
}

// dataNotices turns the firmware's OnData into console notices, once per
// change (the call loop restarts after a selftest and reports again).
type dataNotices struct {
	st     *store.Store
	notify func(string)

	mu   sync.Mutex
	last firmware.DataHealth
}

// onData fits firmware.Config.OnData: it never blocks.
func (n *dataNotices) onData(_, now firmware.DataHealth) {
	n.mu.Lock()
	prev := n.last
	n.last = now
	n.mu.Unlock()
	if now == prev || n.notify == nil {
		return
	}
	if !now.Degraded() {
		n.notify("the store is healthy again: calls are screened and changes are saved")
		return
	}
	n.notify(fmt.Sprintf("%s: %s %s", storeLabel(n.st), now.Problem, console.DegradedText(now.State)))
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
