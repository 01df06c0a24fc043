package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"secretary/firmware/console"
	"secretary/screening/store"
)

const storeHelp = `The box keeps its lists, rules, schedules, settings, call log and message list in one
file, secretary.db in its data directory, and copies it by itself into secretary.db.snapshots/
(the newest 3). The newest copy lacks at most about 10 minutes of list changes and about an
hour of call log.
When the file is damaged, missing where it existed, or cannot be read, the box is in DEGRADED
MODE: every call rings through to the phone, the LED blinks fast and every prompt says so.
The damaged file is never changed: restore and reset move it aside, bytes unchanged, as
secretary.db.damaged-TIME. A backup restored (restore) ends degraded mode too.
When the data directory cannot be written (read-only file system, wrong owner) calls are
screened with the lists as they are and nothing is saved: fix the directory, then restart.
  store status          health, the file, the kept copies, the files moved aside
  store restore         put back the newest copy that passes the check
                        (with --yes when the store is healthy: changes since the copy are lost)
  store reset --yes     start with empty lists, settings and call log; the installer settings
                        (secretary.txt) are applied again; voicemail recordings stay on disk
example: store restore`

// storeCommand is the console's "store": the store's health and the way
// out of degraded mode (restore the newest good snapshot, or reset).
func storeCommand(bx *box) console.Command {
	return console.Command{Name: "store", Usage: "store status | store restore [--yes] | store reset --yes",
		Summary: "the list database: health and kept copies; restore the newest good copy, or start empty",
		Help:    storeHelp,
		Run: func(ctx context.Context, args []string, w io.Writer) error {
			yes := slices.Contains(args, "--yes")
			args = slices.DeleteFunc(slices.Clone(args), func(a string) bool { return a == "--yes" })
			if len(args) == 0 {
				args = []string{"status"}
			}
			if len(args) != 1 {
				return errors.New("usage: store status | store restore [--yes] | store reset --yes")
			}
			switch args[0] {
			case "status":
				return storeStatus(bx.store, w)
			case "restore":
				return storeRestore(bx.store, yes, w)
			case "reset":
				return storeReset(bx, yes, w)
			}
			return fmt.Errorf("store %s: no such action (store status, restore or reset)", args[0])
		}}
}

func storeStatus(st *store.Store, w io.Writer) error {
	c, herr := st.Health()
	health := c.String()
	if herr != nil {
		health += ": " + store.Sentence(herr)
	}
	fmt.Fprintf(w, "store   %s\n", health)
	file := "missing"
	if fi, err := os.Stat(st.Path()); err == nil {
		file = megabytes(fi.Size())
	} else if !errors.Is(err, fs.ErrNotExist) {
		file = "cannot be read: " + err.Error()
	}
	fmt.Fprintf(w, "file    %s (%s)\n", st.Path(), file)
	snaps, err := st.Snapshots()
	switch {
	case err != nil:
		fmt.Fprintf(w, "copies  cannot be listed: %s\n", store.Sentence(err))
	case len(snaps) == 0:
		fmt.Fprintln(w, "copies  none yet (the first is taken 30 s after the first change)")
	default:
		fmt.Fprintf(w, "copies  %d in %s:\n", len(snaps), filepath.Dir(snaps[0].Path))
		for _, sn := range snaps {
			fmt.Fprintf(w, "        %s  %s, transaction %d\n", sn.Time.Local().Format("2006-01-02 15:04:05"), megabytes(sn.Size), sn.Tx)
		}
	}
	if aside := movedAside(st); len(aside) > 0 {
		fmt.Fprintf(w, "aside   %s\n", strings.Join(aside, ", "))
	}
	switch {
	case c == store.Unavailable && len(snaps) > 0:
		fmt.Fprintf(w, "to do   store restore puts back the copy of %s (changes since are lost); or restore a backup; or store reset --yes starts empty\n",
			snaps[0].Time.Local().Format("2006-01-02 15:04"))
	case c == store.Unavailable:
		fmt.Fprintln(w, "to do   restore a backup, or store reset --yes to start with empty lists")
	case c == store.ReadOnly:
		fmt.Fprintln(w, "to do   make the data directory writable (file system, owner, permissions), then restart the box")
	}
	return nil
}

// storeRestore puts back the newest snapshot that passes the check.
func storeRestore(st *store.Store, yes bool, w io.Writer) error {
	if c, _ := st.Health(); c == store.Healthy && !yes {
		return errors.New("the store is healthy: store restore --yes puts back its newest copy and loses the changes made since")
	}
	sn, err := st.RestoreSnapshot("")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ok: restored the copy of %s (%s)\n", sn.Time.Local().Format("2006-01-02 15:04:05"), megabytes(sn.Size))
	if aside := movedAside(st); len(aside) > 0 {
		fmt.Fprintf(w, "the file it replaced is kept as %s\n", aside[0])
	}
	return nil
}

// storeReset starts with an empty store, once the owner confirmed, and
// applies the installer's settings file to it again.
func storeReset(bx *box, yes bool, w io.Writer) error {
	if !yes {
		return errors.New("nothing was reset: store reset --yes replaces the store with an empty one (every list, rule, schedule, setting and the call log; the old file is kept aside, the copies stay)")
	}
	st := bx.store
	if err := st.Reset(); err != nil {
		return err
	}
	fmt.Fprintln(w, "ok: the store is empty and healthy")
	if aside := movedAside(st); len(aside) > 0 {
		fmt.Fprintf(w, "the file it replaced is kept as %s\n", aside[0])
	}
	if bx.install == nil || bx.install.path == "" {
		return nil
	}
	_ = os.Remove(filepath.Join(bx.data, appliedName))
	in := &install{path: bx.install.path}
	in.readFile(bx.data, st)
	fmt.Fprintf(w, "installer settings %s: %s applied\n", in.path, plural(in.applied, "value"))
	for _, p := range in.problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	return nil
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

// megabytes is a file size for the owner.
func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
