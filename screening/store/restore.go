package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// MaxRestoreSize bounds what Restore reads from a stream (a backup of a
// store with millions of numbers is tens of MB).
const MaxRestoreSize = 1 << 30

// Backup writes a consistent copy of the database to w in one read
// transaction (calls and writes go on meanwhile) and returns its size.
// Restore takes such a copy back; so does copying the file into place
// while no process has it open.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.read(func(_ *handle, tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// Restore replaces the database with the copy read from r (from Backup, a
// snapshot or a secretary.db), after checking it as Open checks a file:
// a copy that is damaged or from newer firmware is refused (ErrBadBackup)
// and nothing changes. The file it replaces is kept aside (see Reset).
func (s *Store) Restore(r io.Reader) error {
	return s.replace(func(tmp *os.File) error {
		n, err := io.Copy(tmp, io.LimitReader(r, MaxRestoreSize+1))
		if err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		if n > MaxRestoreSize {
			return fmt.Errorf("%w: larger than %d bytes", ErrBadBackup, MaxRestoreSize)
		}
		return checkCopy(tmp, n)
	})
}

// RestoreSnapshot replaces the database with a kept copy: the one at path
// (from Snapshots), or with path "" the newest one that passes the check.
// The file it replaces is kept aside (see Reset). It returns the copy used.
func (s *Store) RestoreSnapshot(path string) (Snapshot, error) {
	snaps, err := s.Snapshots()
	if err != nil {
		return Snapshot{}, err
	}
	var tried []error
	for _, sn := range snaps {
		if path != "" && sn.Path != path {
			continue
		}
		err := s.replace(func(tmp *os.File) error {
			src, err := os.Open(sn.Path)
			if err != nil {
				return err
			}
			defer src.Close()
			n, err := io.Copy(tmp, src)
			if err != nil {
				return fmt.Errorf("store: restore %s: %w", sn.Path, err)
			}
			return checkCopy(tmp, n)
		})
		if err == nil || !errors.Is(err, ErrBadBackup) {
			return sn, err
		}
		tried = append(tried, fmt.Errorf("%s: %w", filepath.Base(sn.Path), err))
	}
	if path != "" && len(tried) == 0 {
		return Snapshot{}, fmt.Errorf("store: no snapshot %s: %w", path, fs.ErrNotExist)
	}
	if len(tried) == 0 {
		return Snapshot{}, fmt.Errorf("store: there is no snapshot to restore: %w", fs.ErrNotExist)
	}
	return Snapshot{}, errors.Join(tried...)
}

// checkCopy checks a restored copy as Open would.
func checkCopy(f *os.File, n int64) error {
	if err := f.Sync(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	_, err := checkFile(f, n)
	var d *damage
	var se *SchemaError
	switch {
	case errors.As(err, &d):
		return fmt.Errorf("%w: %s", ErrBadBackup, d.Error())
	case errors.As(err, &se):
		return fmt.Errorf("%w: written by newer firmware (schema %d, this firmware knows %d)", ErrBadBackup, se.Found, se.Known)
	}
	return err
}

// Reset replaces the database with a new, empty one: every list, rule,
// setting, call log record and message metadata is gone (the snapshots
// stay). For the console's "store reset", after the owner confirmed. The
// file it replaces is moved aside, bytes unchanged, as
// secretary.db.damaged-TIME when it was damaged and secretary.db.old-TIME
// otherwise; it is never deleted by the store.
func (s *Store) Reset() error {
	return s.replace(func(tmp *os.File) error {
		tmp.Close()
		return s.build(tmp.Name())
	})
}

// replace stages a new file with fill (a temporary file in the data
// directory), then, holding the write lock: closes the current file, moves
// it aside, renames the new one into place, opens it and makes the store
// Healthy. A failure before the swap changes nothing.
func (s *Store) replace(fill func(tmp *os.File) error) error {
	if s.closed.Load() || s.closing.Load() {
		return ErrClosed
	}
	if c, err := s.Health(); c == ReadOnly {
		if err == nil {
			err = fmt.Errorf("%w: %s was opened read-only", ErrReadOnly, s.path)
		}
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".tmp-"+filepath.Base(s.path)+"-*")
	if err != nil {
		return s.notWritable(fmt.Errorf("store: %w", err), "")
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("store: %w", err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, herr := s.Health()
	s.setHealth(Unavailable, fmt.Errorf("store: %s is being replaced", s.path))
	if h := s.db.Swap(nil); h != nil {
		if err := h.close(); err != nil {
			s.log.Warn("store: closing the replaced file", "err", err)
		}
	}
	kind := "old"
	if errors.Is(herr, ErrDamaged) {
		kind = "damaged"
	}
	if _, err := s.moveAside(kind); err != nil {
		return s.failReplace(err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return s.failReplace(err)
	}
	if err := syncDir(filepath.Dir(s.path)); err != nil {
		return s.failReplace(err)
	}
	return s.reopen()
}

// failReplace leaves the store Unavailable after a failed swap.
func (s *Store) failReplace(err error) error {
	err = fmt.Errorf("store: replacing %s: %w", s.path, err)
	s.setHealth(Unavailable, err)
	s.gen.Add(1)
	return err
}

// reopen opens the file just put in place (write lock held).
func (s *Store) reopen() error {
	rep, err := checkLocked(s.path, true, s.o.timeout)
	if err != nil {
		return s.failReplace(s.asDamage(err))
	}
	h, err := s.openBolt(s.path, false)
	if err == nil {
		if err = s.adopt(h, rep); err == nil {
			err = s.loadIndex(h)
		}
		if err != nil {
			h.close()
		}
	}
	if err != nil {
		return s.failReplace(err)
	}
	s.db.Store(h)
	s.setHealth(Healthy, nil)
	s.gen.Add(1)
	s.snap.changed(true)
	s.log.Info("store: replaced; healthy again", "path", s.path)
	return nil
}

// moveAside renames the database file to PATH.KIND-TIME (never over an
// existing file) and returns the new name; a missing file is fine.
func (s *Store) moveAside(kind string) (string, error) {
	if _, err := os.Lstat(s.path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	base := s.path + "." + kind + "-" + s.o.clock.Now().UTC().Format(snapTime)
	name := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			break
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(s.path, name); err != nil {
		return "", err
	}
	s.log.Warn("store: database file kept aside", "was", s.path, "now", name)
	return name, syncDir(filepath.Dir(s.path))
}
