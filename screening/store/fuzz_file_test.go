package store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/store"
)

// FuzzOpenFile checks arbitrary bytes as a database file: the check never
// panics and says damage (or a newer schema) in one line, or accepts. An
// accepted file is opened as a store and every operation of the decide,
// export and import paths runs on it: none may panic (bbolt gets only
// what the check accepted, so this is the test that the check is at least
// as strict as bbolt needs). The seeds are sound stores with 512-byte
// pages (small inputs, many pages).
func FuzzOpenFile(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0}, 2048))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b)%2 == 0 { // half the inputs get sound meta checksums, to reach deeper
			b = store.FixMetaChecksums(bytes.Clone(b))
		}
		if err := store.CheckBytes(b); err != nil {
			if !errors.Is(err, store.ErrDamaged) && !errors.Is(err, store.ErrSchemaNewer) {
				t.Fatalf("check = %v", err)
			}
			if strings.Contains(store.Sentence(err), "\n") {
				t.Fatalf("not one line: %q", store.Sentence(err))
			}
			return
		}
		dir := t.TempDir()
		path := store.Path(dir)
		must(t, os.WriteFile(path, b, 0o600))
		must(t, os.WriteFile(path+".created", nil, 0o600))
		s, err := store.Open(path, noSnapshots, store.WithNoSync(), store.WithDegraded())
		if err != nil {
			t.Fatalf("degraded Open = %v", err)
		}
		defer s.Close()
		if c, herr := s.Health(); c != store.Healthy {
			t.Fatalf("the check accepted it, Open did not: %v %v", c, herr)
		}
		ctx := context.Background()
		for _, n := range []string{"+16465550001", "+12125550100", "+19005551234"} {
			s.LookupNumber(n)
		}
		if p, err := s.Policy(); err == nil {
			screening.NewEngine(s).Decide(screening.Call{Number: "16465550001", Presentation: screening.PresentationAvailable}, t0)
			_ = p
		}
		for _, l := range []screening.Action{screening.ActionPass, screening.ActionBlock} {
			s.ExportCSV(ctx, io.Discard, l)
		}
		s.Log(0)
		s.Messages()
		s.ImportCSV(ctx, strings.NewReader("number\n+16465550009\n+12125550101\n"), store.ImportOptions{List: screening.ActionBlock})
		if err := s.Check(); err != nil && !errors.Is(err, store.ErrDamaged) {
			t.Fatalf("Check = %v", err)
		}
	})
}

// fuzzSeeds builds sound stores with small pages: one with a few numbers
// in every bucket, one with a stored free list.
func fuzzSeeds(f *testing.F) [][]byte {
	dir := f.TempDir()
	s, err := store.OpenDir(dir, noSnapshots, store.WithNoSync())
	must(f, err)
	var csv strings.Builder
	csv.WriteString("number,name\n")
	for i := range 40 {
		csv.WriteString("+1646555" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "00,Friend\n")
	}
	if _, err := s.ImportCSV(context.Background(), strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionPass}); err != nil {
		f.Fatal(err)
	}
	if _, err := s.AddRule("block +1900* --note premium", t0); err != nil {
		f.Fatal(err)
	}
	if _, err := s.PutWindow("office mon-fri 09:00-17:00"); err != nil {
		f.Fatal(err)
	}
	for i := range 20 {
		must(f, s.AppendLog(screening.LogRecord{Time: t0, Number: "+12125550100", Name: "Caller " + string(rune('a'+i))}))
	}
	must(f, s.PutMessage(screening.Message{ID: "m1", Time: t0, File: "messages/m1.wav"}))
	must(f, s.Close())
	// the same content with 512-byte pages, checksums brought up to date
	small := filepath.Join(f.TempDir(), "small.db")
	src, err := bolt.Open(store.Path(dir), 0o600, &bolt.Options{ReadOnly: true})
	must(f, err)
	dst, err := bolt.Open(small, 0o600, &bolt.Options{PageSize: 512, NoFreelistSync: true})
	must(f, err)
	must(f, bolt.Compact(dst, src, 0))
	src.Close()
	dst.Close()
	s, err = store.Open(small, noSnapshots, store.WithNoSync())
	must(f, err)
	var plain bytes.Buffer
	_, err = s.Backup(&plain)
	must(f, err)
	must(f, s.Close())
	// and once more after a tool wrote a free list
	db, err := bolt.Open(small, 0o600, nil)
	must(f, err)
	must(f, db.Close())
	withFree, err := os.ReadFile(small)
	must(f, err)
	return [][]byte{plain.Bytes(), withFree}
}
