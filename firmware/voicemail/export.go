package voicemail

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"secretary/hal/audio"
	"secretary/screening"
	"secretary/screening/clean"
)

// IndexFile is the name of the export's index.
const IndexFile = "index.json"

// IndexEntry is one message in an export's index.json.
type IndexEntry struct {
	ID        string  `json:"id"`
	File      string  `json:"file"` // its WAV file in the export
	Time      string  `json:"time"` // when it was left, RFC 3339 in the box's zone
	Number    string  `json:"number"`
	Name      string  `json:"name"`
	DurationS float64 `json:"duration_s"`
	Heard     bool    `json:"heard"`
	HeardAt   string  `json:"heard_at,omitempty"` // when the owner first played it, RFC 3339
}

// Entry is a message's index entry.
func Entry(m screening.Message) IndexEntry {
	e := IndexEntry{ID: m.ID, File: m.ID + ".wav", Time: m.Time.Format(time.RFC3339), Number: m.Number,
		Name: clean.Name(m.Name), DurationS: m.Duration.Seconds(), Heard: m.Heard}
	if !m.HeardAt.IsZero() {
		e.HeardAt = m.HeardAt.Format(time.RFC3339)
	}
	return e
}

// Export writes every message as a tar archive: index.json first (the
// messages newest first, as IndexEntry), then each message as a WAV file
// any player opens (16-bit PCM, 8 kHz, mono; the box keeps u-law). Each
// message's file is opened before anything is written, so a message
// deleted meanwhile is left out of both the index and the archive. It
// returns how many messages it wrote.
func (b *Box) Export(ctx context.Context, w io.Writer) (int, error) {
	msgs, err := b.meta.Messages()
	if err != nil {
		return 0, fmt.Errorf("voicemail: %w", err)
	}
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	index := []IndexEntry{}
	var kept []screening.Message
	for _, m := range msgs {
		f, err := os.Open(filepath.Join(b.cfg.Dir, m.File))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted since the listing
		}
		if err != nil {
			return 0, fmt.Errorf("voicemail: %w", err)
		}
		files = append(files, f)
		kept = append(kept, m)
		index = append(index, Entry(m))
	}
	tw := tar.NewWriter(w)
	js, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := addFile(tw, IndexFile, append(js, '\n'), time.Now()); err != nil {
		return 0, err
	}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return i, err
		}
		clip, err := audio.ReadWAV(f)
		if err != nil {
			return i, fmt.Errorf("voicemail: %s: %w", index[i].File, err)
		}
		var wav bytes.Buffer
		if err := audio.WriteWAV(&wav, audio.PCM16, clip.Rate, clip.Mono()); err != nil {
			return i, fmt.Errorf("voicemail: %w", err)
		}
		if err := addFile(tw, index[i].File, wav.Bytes(), kept[i].Time); err != nil {
			return i, err
		}
	}
	return len(files), tw.Close()
}

// addFile writes one regular file into the archive.
func addFile(tw *tar.Writer, name string, data []byte, mod time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: mod, Typeflag: tar.TypeReg,
		Format: tar.FormatPAX}); err != nil {
		return err
	}
	_, err := tw.Write(data)
	return err
}
