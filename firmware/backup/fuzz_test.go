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
// the reader accepts exactly the framing the writer makes; and a restore
// stages it only when the checksum holds.
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
		dir := t.TempDir()
		sg, err := Stage(context.Background(), bytes.NewReader(data), dir)
		if err == nil {
			defer sg.Close()
			if _, _, serr := sectionsOf(data, false); serr != nil {
				t.Fatalf("staged a file the reader refuses: %v", serr)
			}
			if _, err := os.Stat(filepath.Join(sg.dir, "secretary.db")); err != nil {
				t.Fatalf("staged without a database: %v", err)
			}
		} else if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Fatalf("a refused file left %v behind", ents)
		}
	})
}
