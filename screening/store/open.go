package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Files beside the database (for path secretary.db):
//
//	secretary.db.created      written once, when this store first created the
//	                          file; while it (or a snapshot) exists, a missing
//	                          or empty database is damage, not a new box
//	secretary.db.snapshots/   the recent good copies (see SnapshotConfig)
//	secretary.db.damaged-T    a damaged file moved aside by Reset or Restore
//	secretary.db.old-T        a sound file replaced by Reset or Restore
func markerPath(path string) string { return path + ".created" }

// open runs the open sequence; on success s.db is set. With a
// *ReadOnlyError it may also have set s.db (opened read-only instead).
func (s *Store) open() error {
	if s.o.mkdirErr != nil {
		return s.notWritable(s.o.mkdirErr, "the data directory cannot be created (check the owner and permissions of its parent)")
	}
	ro := s.o.readOnly
	var roErr error
	if !ro {
		if err := probeWrite(s.path); err != nil {
			roErr = s.notWritable(err, "")
			var re *ReadOnlyError
			if !s.o.degraded || !errors.As(roErr, &re) {
				return roErr
			}
			ro = true
		}
	}
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if s.existedBefore() {
			return &DamagedError{Path: s.path, Reason: "the file is missing, though this box had one (see " + filepath.Base(markerPath(s.path)) + ")"}
		}
		if ro {
			if roErr != nil {
				return roErr
			}
			return fmt.Errorf("store: %w", err)
		}
		if err := s.create(s.path); err != nil {
			return err
		}
	case err != nil:
		return s.unreadable(err)
	case fi.Size() == 0:
		return &DamagedError{Path: s.path, Reason: "the file is empty"}
	}
	rep, err := checkLocked(s.path, !ro, s.o.timeout)
	if errors.Is(err, fs.ErrPermission) {
		return s.unreadable(err)
	}
	if err != nil {
		return s.asDamage(err)
	}
	h, err := s.openBolt(s.path, ro)
	if err != nil {
		return err
	}
	if !ro {
		if err := s.adopt(h, rep); err != nil {
			h.close()
			return err
		}
	}
	if err := s.loadIndex(h); err != nil {
		h.close()
		return err
	}
	s.db.Store(h)
	return roErr
}

// adopt finishes a writable open of a checked file: the marker of
// existence, and the number checksums if another program wrote last.
func (s *Store) adopt(h *handle, rep fileReport) error {
	if err := writeMarker(s.path, s.o.clock.Now()); err != nil {
		s.log.Warn("store: cannot record that this box has a database", "err", err)
	}
	if rep.sumsFresh {
		return nil
	}
	return s.sealAll(h)
}

// sealAll recomputes every number checksum in one commit.
func (s *Store) sealAll(h *handle) (err error) {
	defer s.catch(&err, faulting())
	return h.db.Update(func(tx *bolt.Tx) error { return (&wtx{rtx: rtx{tx: tx}}).seal(true) })
}

// loadIndex reads the number chunks into memory.
func (s *Store) loadIndex(h *handle) (err error) {
	defer s.catch(&err, faulting())
	return s.seen(h.db.View(func(tx *bolt.Tx) error { return s.idx.load(&rtx{tx: tx}) }))
}

// existedBefore reports whether this box had a database: the marker or a
// snapshot exists.
func (s *Store) existedBefore() bool {
	if _, err := os.Stat(markerPath(s.path)); err == nil {
		return true
	}
	snaps, _ := listSnapshots(s.o.snap.Dir)
	return len(snaps) > 0
}

// openBolt opens a checked file with bbolt, with faults and bbolt panics
// turned into damage (the check makes them unlikely, but the file may
// change between the check and the open).
func (s *Store) openBolt(path string, ro bool) (h *handle, err error) {
	defer s.catch(&err, faulting())
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:        s.o.timeout,
		ReadOnly:       ro,
		NoSync:         s.o.noSync,
		NoFreelistSync: true, // rebuilt at open; keeps commits small
		FreelistType:   bolt.FreelistMapType,
	})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return nil, s.notWritable(fmt.Errorf("store: open %s: %w", path, err), "")
	}
	f, err := os.Open(path)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return &handle{db: db, f: f}, nil
}

// create makes a new database at path atomically: built under a temporary
// name, synced, renamed into place, the directory synced, then the marker
// written. A crash leaves either no file or a complete one, so an empty or
// missing file is never a half-made new one.
func (s *Store) create(path string) error {
	tmp := path + ".new"
	_ = os.Remove(tmp)
	err := s.build(tmp)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return s.notWritable(fmt.Errorf("store: create %s: %w", path, err), "")
	}
	if err := writeMarker(path, s.o.clock.Now()); err != nil {
		s.log.Warn("store: cannot record that this box has a database", "err", err)
	}
	return nil
}

// build writes a new, empty database at path (missing or empty).
func (s *Store) build(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoFreelistSync: true, FreelistType: bolt.FreelistMapType, NoSync: s.o.noSync})
	if err != nil {
		return s.notWritable(fmt.Errorf("store: create %s: %w", path, err), "")
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range append(allBucket, bNumbers[0]) {
			if _, err := tx.CreateBucket(b); err != nil {
				return fmt.Errorf("store: create bucket %s: %w", b, err)
			}
		}
		m := tx.Bucket(bMeta)
		if err := m.Put(kNumbers, []byte("0")); err != nil {
			return err
		}
		if err := m.Put(kSchema, binary.BigEndian.AppendUint32(nil, SchemaVersion)); err != nil {
			return err
		}
		return (&wtx{rtx: rtx{tx: tx}}).seal(true)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeMarker records that this box has a database (once).
func writeMarker(path string, now time.Time) error {
	mp := markerPath(path)
	if _, err := os.Stat(mp); err == nil {
		return nil
	}
	text := "A database was created here on " + now.UTC().Format(time.RFC3339) +
		".\nWhile this file exists, a missing or empty " + filepath.Base(path) + " is reported as damage.\n"
	if err := writeFileAtomic(mp, func(f *os.File) error { _, err := f.WriteString(text); return err }); err != nil {
		return fmt.Errorf("store: marker: %w", err)
	}
	return nil
}

// writeFileAtomic writes path through a temporary file in the same
// directory: write, fsync, rename, fsync the directory.
func writeFileAtomic(path string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// probeWrite checks that the directory and the file (if it exists) can be
// written, by creating and removing a file and opening the database for
// writing.
func probeWrite(path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".write-test-*")
	if err != nil {
		return err
	}
	f.Close()
	if err := os.Remove(f.Name()); err != nil {
		return err
	}
	g, err := os.OpenFile(path, os.O_RDWR, 0)
	if err == nil {
		return g.Close()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// notWritable turns a permission or read-only-file-system error into a
// *ReadOnlyError with a plain reason (permReason for a permission error,
// if given); other errors pass unchanged.
func (s *Store) notWritable(err error, permReason string) error {
	var re *ReadOnlyError
	reason := "the file system is read-only"
	switch {
	case errors.As(err, &re):
		return err
	case errors.Is(err, syscall.EROFS):
	case errors.Is(err, fs.ErrPermission):
		reason = permReason
		if reason == "" {
			reason = "the box may not write to its data directory (check its owner and permissions)"
		}
	default:
		return err
	}
	return &ReadOnlyError{Path: s.path, Reason: reason, Err: err}
}

// unreadable reports a file that cannot be read at all.
func (s *Store) unreadable(err error) error {
	return fmt.Errorf("store: %s cannot be read (check its owner and permissions): %w", s.path, err)
}
