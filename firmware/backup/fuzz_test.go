package backup

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sectionsOf reads every section of a backup; with noSum any END line
// passes, so the fuzzer explores the framing beyond the checksum.
func sectionsOf(data []byte, noSum bool) ([]Section, [][]byte, error) {
	r, err := Open(bytes.NewReader(data))
	if err != nil {
		return nil, nil, err
	}
	r.noSum = noSum
	var secs []Section
	var bodies [][]byte
	for {
		s, err := r.Next()
		if err == io.EOF {
			return secs, bodies, nil
		}
		if err != nil {
			return secs, bodies, err
		}
		b, err := io.ReadAll(io.LimitReader(r, 1<<22))
		if err != nil {
			return secs, bodies, err
		}
		secs, bodies = append(secs, s), append(bodies, b)
	}
}

// FuzzReader: any input is read without panic and in bounded memory; an
// error is one of the package's (or an I/O error there cannot be here); a
// file whose framing is accepted is written back the same by Writer, so
// the reader accepts exactly the framing the writer makes; and staging it
// (past the checksum) writes only the database and message files.
func FuzzReader(f *testing.F) {
	var b bytes.Buffer
	w := NewWriter(&b)
	w.Section(KindManifest, "manifest.json", strings.NewReader(`{"format":1,"store_bytes":3,"files":[{"name":"messages/a.wav","bytes":2}]}`))
	w.Section(KindStore, "secretary.db", strings.NewReader("abc"))
	w.Section(KindFile, "messages/a.wav", strings.NewReader("xy"))
	w.Close()
	f.Add(b.Bytes())
	var t bytes.Buffer
	a := NewArmorWriter(&t, "Format: 1")
	a.Write(b.Bytes())
	a.Close()
	f.Add(t.Bytes())
	f.Add([]byte("SECRETARY BACKUP 1\n+store secretary.db\n3\nabc0\nEND sha256 00\n"))
	f.Add([]byte("SECRETARY BACKUP 9\n"))
	f.Add([]byte(ArmorBegin + "\n\n" + ArmorEnd + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		secs, bodies, err := sectionsOf(data, false)
		if err != nil && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotBackup) && !errors.Is(err, ErrNewer) {
			t.Fatalf("error of no kind: %v", err)
		}
		if err == nil && len(secs) > 0 && !bytes.HasPrefix(data, []byte(magic)) && !bytes.Contains(data, []byte(ArmorBegin)) {
			t.Fatalf("read %d sections from something that is neither form", len(secs))
		}
		secs, bodies, err = sectionsOf(data, true)
		framed := err == nil
		if err == nil && bytes.HasPrefix(data, []byte(magic+"1\n")) {
			var again bytes.Buffer
			w := NewWriter(&again)
			for i, s := range secs {
				if _, err := w.Section(s.Kind, s.Name, bytes.NewReader(bodies[i])); err != nil {
					t.Fatal(err)
				}
			}
			end := bytes.LastIndex(data, []byte("\n"+endWord)) + 1
			if !bytes.Equal(again.Bytes(), data[:end]) {
				t.Fatalf("accepted framing the writer does not make:\n%q\nwriter:\n%q", data[:end], again.Bytes())
			}
		}
		// staging, past the checksum: the manifest checked against the
		// sections, nothing staged outside the directory
		if !framed {
			return
		}
		dir := t.TempDir()
		sg := &Staged{dir: dir}
		if err := sg.read(context.Background(), bytes.NewReader(data), true); err == nil {
			if _, err := os.Stat(filepath.Join(dir, "secretary.db")); err != nil {
				t.Fatalf("staged without a database: %v", err)
			}
			for _, f := range sg.Manifest.Files {
				if !messageName(f.Name) {
					t.Fatalf("staged a file %q", f.Name)
				}
			}
		}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if rel, _ := filepath.Rel(dir, p); err == nil && !d.IsDir() && rel != "secretary.db" && !messageName(filepath.ToSlash(rel)) {
				t.Fatalf("staged %s", rel)
			}
			return nil
		})
	})
}
