package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"secretary/screening/store"
)

// Manifest is the first section of a backup: what it holds.
type Manifest struct {
	Format     int        `json:"format"`
	Created    time.Time  `json:"created"`
	Firmware   string     `json:"firmware,omitempty"`
	StoreBytes int64      `json:"store_bytes"`
	Files      []FileInfo `json:"files"`             // the message audio files, in the order they follow
	Missing    []string   `json:"missing,omitempty"` // messages whose audio file was not there
}

// FileInfo is one file of the backup.
type FileInfo struct {
	Name    string `json:"name"` // relative to the data directory: messages/ID.wav
	Bytes   int64  `json:"bytes"`
	Message string `json:"message"` // the message ID it belongs to
}

// Summary says what a backup holds.
type Summary struct {
	Created    time.Time
	StoreBytes int64
	Messages   int      // audio files
	AudioBytes int64    // their size
	Missing    []string // messages backed up without audio (their file was gone)
	Bytes      int64    // the whole file
}

// Source is what Take copies.
type Source struct {
	Store    *store.Store
	Dir      string // the data directory: message files are relative to it; the copy is spooled here
	Firmware string // version, written into the manifest
	Now      func() time.Time
}

// Take writes a backup of the store and every voicemail message to w. The
// database is copied in one read transaction (calls and writers go on)
// into an unlinked file beside it, and each message's audio file is opened
// in that same transaction, so the backup holds exactly the messages that
// copy names even if one is deleted meanwhile; only then is w written, so
// a slow reader holds nothing of the store.
func Take(ctx context.Context, w io.Writer, src Source) (Summary, error) {
	now := time.Now
	if src.Now != nil {
		now = src.Now
	}
	spool, err := os.CreateTemp(src.Dir, ".backup-*")
	if err != nil {
		return Summary{}, fmt.Errorf("backup: %w", err)
	}
	os.Remove(spool.Name()) // unlinked: gone with the last descriptor, whatever happens
	defer spool.Close()
	man, files, err := snapshot(spool, src)
	defer closeAll(files)
	if err != nil {
		return Summary{}, err
	}
	man.Format, man.Created, man.Firmware = Format, now().UTC().Truncate(time.Second), src.Firmware
	bw := NewWriter(w)
	js, err := json.Marshal(man)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Created: man.Created, StoreBytes: man.StoreBytes, Messages: len(files), Missing: man.Missing}
	if _, err := bw.Section(KindManifest, "manifest.json", strings.NewReader(string(js))); err != nil {
		return sum, err
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	if n, err := bw.Section(KindStore, store.FileName, ctxReader{ctx, spool}); err != nil || n != man.StoreBytes {
		return sum, cmpErr(err, "backup: the database copy changed size while written")
	}
	for i, f := range files {
		n, err := bw.Section(KindFile, man.Files[i].Name, ctxReader{ctx, f})
		if err != nil || n != man.Files[i].Bytes {
			return sum, cmpErr(err, "backup: "+man.Files[i].Name+" changed size while written")
		}
		sum.AudioBytes += n
	}
	err = bw.Close()
	sum.Bytes = bw.Len()
	return sum, err
}

func cmpErr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// snapshotTries is how often the copy is taken again when a message's
// file disappeared between the copy's transaction and its opening (the
// message was deleted meanwhile; the next copy no longer names it).
const snapshotTries = 3

// errGone: a message's audio file was not there.
var errGone = errors.New("backup: a message's audio file is gone")

// snapshot copies the database into spool and opens the audio file of
// every message it names, in the same read transaction.
func snapshot(spool *os.File, src Source) (Manifest, []*os.File, error) {
	for try := 1; ; try++ {
		if err := spool.Truncate(0); err != nil {
			return Manifest{}, nil, fmt.Errorf("backup: %w", err)
		}
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			return Manifest{}, nil, fmt.Errorf("backup: %w", err)
		}
		var man Manifest
		var files []*os.File
		n, err := src.Store.BackupWith(spool, func(tx store.ReadTx) error {
			msgs, err := tx.Messages()
			if err != nil {
				return err
			}
			for _, m := range msgs {
				f, fi, err := openAudio(src.Dir, m.File)
				switch {
				case errors.Is(err, fs.ErrNotExist) && try < snapshotTries:
					return errGone
				case errors.Is(err, fs.ErrNotExist):
					man.Missing = append(man.Missing, m.ID)
					continue
				case err != nil:
					return err
				}
				files = append(files, f)
				man.Files = append(man.Files, FileInfo{Name: fi, Bytes: sizeOf(f), Message: m.ID})
			}
			return nil
		})
		if err != nil {
			closeAll(files)
			if errors.Is(err, errGone) {
				continue
			}
			return Manifest{}, nil, fmt.Errorf("backup: copying the database: %w", err)
		}
		man.StoreBytes = n
		return man, files, nil
	}
}

// openAudio opens a message's file (relative to dir) and returns its
// name in the backup.
func openAudio(dir, file string) (*os.File, string, error) {
	name := path.Clean(filepath.ToSlash(file))
	if !messageName(name) {
		return nil, "", fmt.Errorf("backup: a message's file %q is not in messages/", file)
	}
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
	return f, name, err
}

// messageName reports whether name is a message's audio file as the
// mailbox names them: messages/NAME.wav.
func messageName(name string) bool {
	base, ok := strings.CutPrefix(name, "messages/")
	return ok && ValidName(base) && !strings.Contains(base, "/") && strings.HasSuffix(base, ".wav")
}

func sizeOf(f *os.File) int64 {
	fi, err := f.Stat()
	if err != nil {
		return -1
	}
	return fi.Size()
}

func closeAll(fs []*os.File) {
	for _, f := range fs {
		f.Close()
	}
}

// ctxReader stops reading once ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
