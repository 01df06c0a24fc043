package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"secretary/screening/store"
)

// StoreBackend is what store acts on: the list database's health, the
// copies it keeps of itself, and the ways out of degraded mode.
type StoreBackend interface {
	// StoreReport is the store's health, its file, its copies and the
	// files moved aside.
	StoreReport() StoreReport
	// RestoreSnapshot puts back the newest copy that passes the check;
	// aside names the file it replaced, kept aside ("" none).
	RestoreSnapshot() (sn store.Snapshot, aside string, err error)
	// ResetStore replaces the store with an empty one (the old file kept
	// aside, aside its name) and applies the installer's settings again;
	// notes say what that did.
	ResetStore() (aside string, notes []string, err error)
}

// StoreReport is what store status shows.
type StoreReport struct {
	Health    store.Condition
	Err       error // why, when not Healthy
	Path      string
	Size      int64
	FileErr   error            // the file cannot be looked at (fs.ErrNotExist: missing)
	Copies    []store.Snapshot // newest first
	CopiesErr error
	Aside     []string // the files moved aside, newest first
}

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
store restore asks first when the store is healthy (changes since the copy are lost); store
reset always asks (--yes answers for it). Both work while the box runs, without a restart.
example: store restore`

// storeCommand is store: status, restore, reset.
func (c *Console) storeCommand() Command {
	return Command{Name: "store", Usage: "store [status|restore|reset]",
		Summary: "the list database: health and kept copies; restore the newest good copy, or start empty",
		Default: "status", Help: storeHelp,
		Subs: []Command{
			{Name: "status", Usage: "store status", Run: c.storeStatus},
			{Name: "restore", Usage: "store restore [--yes]", Options: []Option{optYes}, Run: c.storeRestore},
			{Name: "reset", Usage: "store reset [--yes]", Options: []Option{optYes}, Run: c.storeReset},
		}}
}

func (c *Console) storeStatus(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "store status"); err != nil {
		return err
	}
	rep := c.b.StoreReport()
	health := rep.Health.String()
	if rep.Err != nil {
		health += ": " + sentence(rep.Err)
	}
	fmt.Fprintf(w, "store   %s\n", health)
	file := bytesText(rep.Size)
	switch {
	case errors.Is(rep.FileErr, fs.ErrNotExist):
		file = "missing"
	case rep.FileErr != nil:
		file = "cannot be read: " + sentence(rep.FileErr)
	}
	fmt.Fprintf(w, "file    %s (%s)\n", rep.Path, file)
	snaps := rep.Copies
	switch {
	case rep.CopiesErr != nil:
		fmt.Fprintf(w, "copies  cannot be listed: %s\n", sentence(rep.CopiesErr))
	case len(snaps) == 0:
		fmt.Fprintln(w, "copies  none yet (the first is taken 30 s after the first change)")
	default:
		fmt.Fprintf(w, "copies  %d in %s:\n", len(snaps), filepath.Dir(snaps[0].Path))
		for _, sn := range snaps {
			fmt.Fprintf(w, "        %s  %s, transaction %d\n", c.local(sn), bytesText(sn.Size), sn.Tx)
		}
	}
	if len(rep.Aside) > 0 {
		fmt.Fprintf(w, "aside   %s\n", strings.Join(rep.Aside, ", "))
	}
	var err error
	switch {
	case rep.Health == store.Unavailable && len(snaps) > 0:
		_, err = fmt.Fprintf(w, "to do   store restore puts back the copy of %s (changes since are lost); or restore a backup; or store reset starts empty\n",
			snaps[0].Time.In(c.now().Location()).Format("2006-01-02 15:04"))
	case rep.Health == store.Unavailable:
		_, err = fmt.Fprintln(w, "to do   restore a backup, or store reset to start with empty lists")
	case rep.Health == store.ReadOnly:
		_, err = fmt.Fprintln(w, "to do   make the data directory writable (file system, owner, permissions), then restart the box")
	}
	return err
}

// local is when a copy was taken, in the box's zone.
func (c *Console) local(sn store.Snapshot) string {
	return sn.Time.In(c.now().Location()).Format("2006-01-02 15:04:05")
}

// storeRestore puts back the newest copy that passes the check, asking
// first when the store is healthy (the changes since are lost).
func (c *Console) storeRestore(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "store restore [--yes]"); err != nil {
		return err
	}
	if c.b.StoreReport().Health == store.Healthy {
		ok, err := confirm(r, "the store is healthy: put back its newest copy and lose the changes made since?")
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("nothing was restored")
		}
	}
	sn, aside, err := c.b.RestoreSnapshot()
	if err != nil {
		return err
	}
	if err := okf(w, "restored the copy of %s (%s)", c.local(sn), bytesText(sn.Size)); err != nil {
		return err
	}
	return keptAside(w, aside)
}

// storeReset starts with an empty store once the owner confirmed.
func (c *Console) storeReset(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "store reset [--yes]"); err != nil {
		return err
	}
	ok, err := confirm(r, "replace the store with an empty one (every list, rule, schedule, setting and the call log; the old file is kept aside, the copies stay)?")
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("nothing was reset")
	}
	aside, notes, err := c.b.ResetStore()
	if err != nil {
		return err
	}
	if err := okf(w, "the store is empty and healthy"); err != nil {
		return err
	}
	if err := keptAside(w, aside); err != nil {
		return err
	}
	for _, n := range notes {
		if _, err := fmt.Fprintln(w, n); err != nil {
			return err
		}
	}
	return nil
}

// keptAside says where the replaced file went.
func keptAside(w io.Writer, aside string) error {
	if aside == "" {
		return nil
	}
	_, err := fmt.Fprintf(w, "the file it replaced is kept as %s\n", aside)
	return err
}
