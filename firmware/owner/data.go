package owner

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"secretary/firmware/backup"
	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/store"
)

// The console's DataBackend: import, export, decide, backup, restore and
// msgs export, over the store, the engine and the mailbox.

// Import reads a list from r (see store.Import).
func (o *Owner) Import(ctx context.Context, r io.Reader, opt store.ImportOptions) (store.ImportResult, error) {
	return o.cfg.Store.Import(ctx, r, opt)
}

// PreviewImport reads r as Import would and calls each with what it would
// store and the list the number is on now ("" none).
func (o *Owner) PreviewImport(ctx context.Context, r io.Reader, opt store.ImportOptions, each func(screening.Rule, string) error) (store.ImportResult, error) {
	return store.PreviewImport(ctx, o.cfg.Store, number.DefaultConfig(), r, opt, func(rule screening.Rule) error {
		now := ""
		if o.cfg.Store != nil {
			if old, ok, err := o.cfg.Store.LookupNumber(rule.Match.Text); err == nil && ok {
				now = screening.ActionWord(old.Action)
			}
		}
		return each(rule, now)
	})
}

// Export writes a list, through a spool: the store's read transaction
// never waits for a slow reader (a terminal at 115200 baud, a client
// that stopped reading).
func (o *Owner) Export(ctx context.Context, w io.Writer, list screening.Action, vcard bool) (int, error) {
	write := o.cfg.Store.ExportCSV
	if vcard {
		write = o.cfg.Store.ExportVCard
	}
	var n int
	err := spooled(o.dataDir(), w, func(sw io.Writer) (err error) {
		n, err = write(ctx, sw, list)
		return err
	})
	return n, err
}

// Decide is the engine's decision for a call at now.
func (o *Owner) Decide(c screening.Call, now time.Time) screening.Decision {
	return o.cfg.Engine.Decide(c, now)
}

// Backup writes a backup of the store and every message (backup.Take).
func (o *Owner) Backup(ctx context.Context, w io.Writer) (backup.Summary, error) {
	return backup.Take(ctx, w, backup.Source{Store: o.cfg.Store, Dir: o.dataDir(), Firmware: o.cfg.Version})
}

// Restore reads the backup whole into a staging directory (the box goes
// on meanwhile), and only when it is sound puts it in place in
// maintenance.
func (o *Owner) Restore(ctx context.Context, r io.Reader, say func(string)) (backup.Manifest, backup.Result, error) {
	sg, err := backup.Stage(ctx, r, o.dataDir())
	if err != nil {
		return backup.Manifest{}, backup.Result{}, err
	}
	defer sg.Close()
	var res backup.Result
	err = o.maintenance(ctx, say, func() error {
		var err error
		res, err = sg.Apply(o.cfg.Store, o.dataDir(), time.Now())
		return err
	})
	return sg.Manifest, res, err
}

// ExportMessages writes the messages as WAV files and an index, in a tar
// (voicemail.Box.Export), spooled as Export is.
func (o *Owner) ExportMessages(ctx context.Context, w io.Writer) (int, error) {
	var n int
	err := spooled(o.dataDir(), w, func(sw io.Writer) (err error) {
		n, err = o.cfg.Mailbox.Export(ctx, sw)
		return err
	})
	return n, err
}

// spoolMemory is how much of an answer is kept in memory before the rest
// goes to a file.
const spoolMemory = 1 << 20

// spooled runs produce into a spool (memory, then an unlinked file in
// dir) and then copies the spool to w.
func spooled(dir string, w io.Writer, produce func(io.Writer) error) error {
	s := &spool{dir: dir}
	defer s.close()
	if err := produce(s); err != nil {
		return err
	}
	if s.err != nil {
		return s.err
	}
	if _, err := w.Write(s.mem); err != nil {
		return err
	}
	if s.f == nil {
		return nil
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f) // a reader gone (^C, a closed socket) fails the writes
	return err
}

// spool keeps what is written in memory up to spoolMemory, the rest in an
// unlinked temporary file.
type spool struct {
	dir string
	mem []byte
	f   *os.File
	err error
}

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.f == nil && len(s.mem)+len(p) <= spoolMemory {
		s.mem = append(s.mem, p...)
		return len(p), nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, ".spool-*")
		if err != nil {
			s.err = fmt.Errorf("no room for the answer: %w", err)
			return 0, s.err
		}
		os.Remove(f.Name())
		s.f = f
	}
	n, err := s.f.Write(p)
	s.err = err
	return n, err
}

func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
	}
}

// dataDir is Config.DataDir, else the store's directory.
func (o *Owner) dataDir() string {
	if o.cfg.DataDir == "" && o.cfg.Store != nil {
		return filepath.Dir(o.cfg.Store.Path())
	}
	return o.cfg.DataDir
}

// maintenance runs f with the call loop stepped aside (Config.Maintenance),
// or at once where no box runs.
func (o *Owner) maintenance(ctx context.Context, say func(string), f func() error) error {
	if o.cfg.Maintenance == nil {
		return f()
	}
	return o.cfg.Maintenance(ctx, say, f)
}
