package timekeep

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// readSaved reads the saved time; zero and no error when there is none.
func readSaved(path string) (time.Time, error) {
	if path == "" {
		return time.Time{}, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("timekeep: read the saved time: %w", err)
	}
	if len(b) > 64 {
		return time.Time{}, fmt.Errorf("timekeep: %s is not a saved time (%d bytes)", path, len(b))
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(b)))
	if err != nil {
		return time.Time{}, fmt.Errorf("timekeep: %s is not a saved time: %w", path, err)
	}
	return t, nil
}

// writeSaved writes t to path atomically: a temporary file written and
// synced, renamed over path, and the directory synced, so a power cut
// leaves the old time or the new one, never a torn file.
func writeSaved(path string, t time.Time) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return fmt.Errorf("timekeep: save the time: %w", err)
	}
	_, err = f.WriteString(t.UTC().Format(time.RFC3339Nano) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("timekeep: save the time: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
