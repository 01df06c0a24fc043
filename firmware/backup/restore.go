package backup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"secretary/screening/store"
)

// maxManifest bounds the manifest (a few hundred bytes a message).
const maxManifest = 4 << 20

// Staged is a backup read whole and found sound, waiting in a directory
// beside the data to be applied. Close removes it.
type Staged struct {
	Manifest Manifest
	dir      string
}

// Stage reads a backup (either form, see Open) into a new directory in
// parent (the data directory, so that applying it is a rename) and checks
// it: the framing, the checksum, the manifest against the sections. A
// backup that fails is removed again and nothing else is touched.
func Stage(ctx context.Context, r io.Reader, parent string) (*Staged, error) {
	dir, err := os.MkdirTemp(parent, ".restore-")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	s := &Staged{dir: dir}
	if err := s.read(ctx, r, false); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close removes the staged copy.
func (s *Staged) Close() error { return os.RemoveAll(s.dir) }

// read fills the staging directory from r (noSum: tests, any END line
// passes).
func (s *Staged) read(ctx context.Context, r io.Reader, noSum bool) error {
	br, err := Open(r)
	if err != nil {
		return err
	}
	br.noSum = noSum
	sec, err := br.Next()
	if err != nil {
		return eofDamage(err, "it holds nothing")
	}
	if sec.Kind != KindManifest {
		return damaged("it does not start with its manifest")
	}
	js, err := io.ReadAll(io.LimitReader(br, maxManifest+1))
	if err != nil {
		return err
	}
	if len(js) > maxManifest || json.Unmarshal(js, &s.Manifest) != nil {
		return damaged("its manifest is not understood")
	}
	want := map[string]FileInfo{}
	for _, f := range s.Manifest.Files {
		if !messageName(f.Name) || want[f.Name].Name != "" || f.Bytes < 0 {
			return damaged("its manifest names a file %s", clip(f.Name))
		}
		want[f.Name] = f
	}
	got := map[string]bool{}
	haveStore := false
	for {
		sec, err := br.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		var n int64
		switch {
		case sec.Kind == KindStore && sec.Name == store.FileName && !haveStore:
			haveStore = true
			if n, err = s.save(ctx, store.FileName, br); err == nil && n != s.Manifest.StoreBytes {
				return damaged("its database copy is %d bytes, the manifest says %d", n, s.Manifest.StoreBytes)
			}
		case sec.Kind == KindFile && want[sec.Name].Name != "" && !got[sec.Name]:
			got[sec.Name] = true
			if n, err = s.save(ctx, filepath.FromSlash(sec.Name), br); err == nil && n != want[sec.Name].Bytes {
				return damaged("%s is %d bytes, the manifest says %d", sec.Name, n, want[sec.Name].Bytes)
			}
		default:
			return damaged("it holds an unexpected part %s %s", sec.Kind, clip(sec.Name))
		}
		if err != nil {
			return err
		}
	}
	if !haveStore {
		return damaged("it holds no database")
	}
	if len(got) != len(want) {
		return damaged("%d of the %d message files its manifest names are missing", len(want)-len(got), len(want))
	}
	return nil
}

func eofDamage(err error, why string) error {
	if err == io.EOF {
		return damaged("%s", why)
	}
	return err
}

// save writes a section into the staging directory.
func (s *Staged) save(ctx context.Context, name string, r io.Reader) (int64, error) {
	p := filepath.Join(s.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// Result says what Apply did.
type Result struct {
	Messages int    // audio files put in place
	Aside    string // where the audio files the restored store does not name went ("" none)
}

// Apply puts the staged backup in place of the box's data: the message
// files first (beside the ones there; a file of the same name and other
// bytes is moved aside), then the database through st.Restore, which
// checks the copy as Open would and keeps the replaced file aside (see
// store). If that fails, the message files are put back as they were and
// the error returned. Then the audio files the restored database does not
// name are moved to DIR/messages.old-TIME. Calls must not be recording
// meanwhile (the box is in maintenance).
func (s *Staged) Apply(st *store.Store, dataDir string, now time.Time) (Result, error) {
	aside := filepath.Join(dataDir, "messages.old-"+now.UTC().Format("20060102T150405Z"))
	u := &undo{aside: aside}
	for _, f := range s.Manifest.Files {
		if err := u.place(filepath.Join(s.dir, filepath.FromSlash(f.Name)), filepath.Join(dataDir, filepath.FromSlash(f.Name))); err != nil {
			return Result{}, errors.Join(err, u.revert())
		}
	}
	db, err := os.Open(filepath.Join(s.dir, store.FileName))
	if err != nil {
		return Result{}, errors.Join(fmt.Errorf("backup: %w", err), u.revert())
	}
	defer db.Close()
	if err := st.Restore(db); err != nil {
		return Result{}, errors.Join(err, u.revert())
	}
	res := Result{Messages: len(s.Manifest.Files)}
	moved, err := moveUnnamed(st, dataDir, aside)
	if moved > 0 || len(u.replaced) > 0 {
		res.Aside = aside
	}
	syncDir(filepath.Join(dataDir, "messages"))
	return res, err
}

// undo remembers what Apply changed in the message directory.
type undo struct {
	aside    string
	added    []string    // files put where none was
	replaced [][2]string // {target, where the old one went}
}

// place renames src to dst; a different file at dst goes aside first.
func (u *undo) place(src, dst string) error {
	if old, err := os.ReadFile(dst); err == nil {
		now, err := os.ReadFile(src)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if bytes.Equal(old, now) {
			return nil
		}
		if err := os.MkdirAll(u.aside, 0o750); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		keep := filepath.Join(u.aside, filepath.Base(dst))
		if err := os.Rename(dst, keep); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		u.replaced = append(u.replaced, [2]string{dst, keep})
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	} else {
		u.added = append(u.added, dst)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// revert undoes place.
func (u *undo) revert() error {
	var errs []error
	for _, p := range u.added {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	for _, r := range u.replaced {
		if err := os.Rename(r[1], r[0]); err != nil {
			errs = append(errs, err)
		}
	}
	os.Remove(u.aside) // only if empty
	return errors.Join(errs...)
}

// moveUnnamed moves the audio files no message of st names into aside.
func moveUnnamed(st *store.Store, dataDir, aside string) (int, error) {
	msgs, err := st.Messages()
	if err != nil {
		return 0, err
	}
	named := map[string]bool{}
	for _, m := range msgs {
		named[filepath.Base(m.File)] = true
	}
	dir := filepath.Join(dataDir, "messages")
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil // a box without messages yet
	}
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	n := 0
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".wav") || named[e.Name()] {
			continue
		}
		if err := os.MkdirAll(aside, 0o750); err != nil {
			return n, fmt.Errorf("backup: %w", err)
		}
		if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(aside, e.Name())); err != nil {
			return n, fmt.Errorf("backup: %w", err)
		}
		n++
	}
	return n, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
