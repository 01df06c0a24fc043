package owner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"secretary/firmware"
	"secretary/firmware/console"
	"secretary/screening/store"
)

// Degraded mode as the owner meets it: the store opened WithDegraded says
// what it can do (Health); DataHealth is that for the call loop (which
// shows the fault on the LED and passes every call while nothing can be
// read) and for status; Attention is the console prompt's note;
// Housekeep tells each change as a notice; the store command's
// StoreBackend (RestoreSnapshot, ResetStore) leaves it.

// DataHealth maps the store's Health to the firmware's, with the owner's
// sentence for what is wrong. It is one atomic load (firmware.Config's
// DataHealth must not block).
func DataHealth(st *store.Store) firmware.DataHealth {
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

// Attention is the console prompt's note for the store (console's
// Attention): "STORE DAMAGED: type help store", or "" when it is healthy.
func (o *Owner) Attention() string {
	if l := storeLabel(o.cfg.Store); l != "" {
		return l + ": type help store"
	}
	return ""
}

// healthNotice is the notice for the store's health now.
func (o *Owner) healthNotice() string {
	h := DataHealth(o.cfg.Store)
	if !h.Degraded() {
		return "the store is healthy again: calls are screened and changes are saved"
	}
	return fmt.Sprintf("%s: %s %s", storeLabel(o.cfg.Store), h.Problem, console.DegradedText(h.State))
}

// StoreReport gathers what store status shows.
func (o *Owner) StoreReport() console.StoreReport {
	st := o.cfg.Store
	r := console.StoreReport{Path: st.Path(), Aside: movedAside(st)}
	r.Health, r.Err = st.Health()
	if fi, err := os.Stat(st.Path()); err == nil {
		r.Size = fi.Size()
	} else {
		r.FileErr = err
	}
	r.Copies, r.CopiesErr = st.Snapshots()
	return r
}

// RestoreSnapshot puts back the newest copy that passes the check.
func (o *Owner) RestoreSnapshot() (store.Snapshot, string, error) {
	sn, err := o.cfg.Store.RestoreSnapshot("")
	if err != nil {
		return sn, "", err
	}
	return sn, newestAside(o.cfg.Store), nil
}

// ResetStore replaces the store with an empty one, then applies the
// installer's settings again (Config.AfterReset).
func (o *Owner) ResetStore() (string, []string, error) {
	if err := o.cfg.Store.Reset(); err != nil {
		return "", nil, err
	}
	aside := newestAside(o.cfg.Store)
	if o.cfg.AfterReset == nil {
		return aside, nil, nil
	}
	return aside, o.cfg.AfterReset(), nil
}

// newestAside is the file the last Reset or Restore moved aside.
func newestAside(st *store.Store) string {
	if a := movedAside(st); len(a) > 0 {
		return a[0]
	}
	return ""
}

// movedAside lists the files Reset and Restore moved aside beside the
// database, newest first (their names end in the time they were moved).
func movedAside(st *store.Store) []string {
	type aside struct{ name, when string }
	var found []aside
	for _, kind := range []string{".damaged-", ".old-"} {
		m, _ := filepath.Glob(st.Path() + kind + "*")
		for _, p := range m {
			found = append(found, aside{filepath.Base(p), strings.TrimPrefix(p, st.Path()+kind)})
		}
	}
	slices.SortFunc(found, func(a, b aside) int { return strings.Compare(b.when, a.when) })
	out := make([]string, len(found))
	for i, a := range found {
		out[i] = a.name
	}
	return out
}
