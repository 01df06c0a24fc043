package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/store"
)

func TestOpen_NewBoxStartsFresh(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s, err := store.OpenDir(dir, noSnapshots)
	must(t, err)
	if c, err := s.Health(); c != store.Healthy || err != nil {
		t.Fatalf("Health = %v %v", c, err)
	}
	must(t, s.Close())
	if _, err := os.Stat(store.Path(dir) + ".created"); err != nil {
		t.Errorf("no marker of existence: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".new") || strings.HasPrefix(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), ".write-test") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A database that existed and is now missing or empty is damage: the lists
// are gone, and the owner must hear it rather than find an empty box.
func TestOpen_LostWhereOneExisted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lose   func(t *testing.T, dir string)
		reason string
	}{
		{"missing", func(t *testing.T, dir string) { must(t, os.Remove(store.Path(dir))) }, "missing"},
		{"empty", func(t *testing.T, dir string) { must(t, os.Truncate(store.Path(dir), 0)) }, "empty"},
		{"missing, marker lost too, snapshots left", func(t *testing.T, dir string) {
			must(t, os.Remove(store.Path(dir)))
			must(t, os.Remove(store.Path(dir)+".created"))
		}, "missing"},
		{"empty, from before the marker existed", func(t *testing.T, dir string) {
			must(t, os.Truncate(store.Path(dir), 0))
			must(t, os.Remove(store.Path(dir)+".created"))
			must(t, os.RemoveAll(store.Path(dir)+".snapshots"))
		}, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := store.OpenDir(dir)
			must(t, err)
			if _, err := s.AddNumber(screening.ActionPass, "+12125550100", "Mom", "", t0); err != nil {
				t.Fatal(err)
			}
			must(t, s.Close()) // takes a snapshot of the change
			tc.lose(t, dir)
			_, err = store.OpenDir(dir)
			var de *store.DamagedError
			if !errors.As(err, &de) || !strings.Contains(de.Reason, tc.reason) {
				t.Fatalf("Open = %v, want damage: %s", err, tc.reason)
			}
			if _, err := os.Stat(store.Path(dir)); tc.reason == "missing" && !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a missing database was replaced by a new one: %v", err)
			}
			s, err = store.OpenDir(dir, store.WithDegraded())
			must(t, err)
			defer s.Close()
			if tc.name == "missing" {
				if _, err := s.RestoreSnapshot(""); err != nil {
					t.Fatal(err)
				}
				if r, ok, err := s.LookupNumber("+12125550100"); !ok || err != nil || r.Name != "Mom" {
					t.Errorf("after restore: %v %v %v", r, ok, err)
				}
			}
		})
	}
}

// Another program wrote the file last (a bbolt tool, older firmware): the
// number checksums are stale, so they are rebuilt, not taken as damage;
// after that, damage to the lists is found again.
func TestOpen_ForeignWriteRebuildsChecksums(t *testing.T) {
	fx := buildDamageFixture(t)
	path := fx.copyTo(t)
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoFreelistSync: true})
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("settings")).Put([]byte("fw.rings"), []byte("3")) }))
	must(t, db.Close())
	s, err := store.Open(path, noSnapshots)
	if err != nil {
		t.Fatalf("a foreign write was taken as damage: %v", err)
	}
	must(t, fx.facts(s))
	must(t, s.Close())
	pm, err := store.Pages(path)
	must(t, err)
	b := readPage(t, path, pm, numberLeaves(pm)[0])
	off, _ := leafValue(b, leafCount(b)-1)
	b[off] ^= 0x01 // the first byte of the last chunk value
	writePage(t, path, pm, numberLeaves(pm)[0], b)
	if _, err := store.Open(path, noSnapshots); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("Open after a flipped list byte = %v", err)
	}
}

func TestOpen_DegradedIsNotLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, noSnapshots)
	must(t, err)
	defer s.Close()
	if _, err := store.OpenDir(dir, store.WithDegraded(), store.WithLockTimeout(50*time.Millisecond)); !errors.Is(err, store.ErrLocked) {
		t.Errorf("degraded open of a file in use = %v, want ErrLocked", err)
	}
}

func TestSentence(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&store.DamagedError{Path: "/d/secretary.db", Reason: "the file is cut short", Detail: "page 9"}, "The list database /d/secretary.db is damaged (the file is cut short)"},
		{&store.ReadOnlyError{Path: "/d/secretary.db", Reason: "the file system is read-only", Err: os.ErrPermission}, "Changes to the lists cannot be saved: the file system is read-only (/d)."},
		{&store.SchemaError{Path: "/d/secretary.db", Found: 9, Known: 1}, "written by newer firmware"},
		{store.ErrClosed, "closed"},
	} {
		got := store.Sentence(tc.err)
		if !strings.Contains(got, tc.want) || strings.HasPrefix(got, "store:") || strings.Contains(got, "page 9") {
			t.Errorf("Sentence(%v) = %q", tc.err, got)
		}
	}
}

func TestOpen_ReadOnlyRequested(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, noSnapshots)
	must(t, err)
	if _, err := s.AddNumber(screening.ActionPass, "+12125550100", "Mom", "", t0); err != nil {
		t.Fatal(err)
	}
	must(t, s.Close())
	sum := fileSum(t, store.Path(dir))
	s, err = store.Open(store.Path(dir), store.WithReadOnly())
	must(t, err)
	defer s.Close()
	if c, err := s.Health(); c != store.ReadOnly || err != nil {
		t.Errorf("Health = %v %v", c, err)
	}
	if r, ok, err := s.LookupNumber("+12125550100"); !ok || err != nil || r.Name != "Mom" {
		t.Errorf("lookup = %v %v %v", r, ok, err)
	}
	if _, err := s.AddNumber(screening.ActionBlock, "+12125550101", "", "", t0); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("write = %v", err)
	}
	if err := s.Reset(); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("Reset = %v", err)
	}
	if fileSum(t, store.Path(dir)) != sum {
		t.Error("a read-only store changed its file")
	}
}

// What a newer firmware of the same schema may have added (a rollback
// after an update) is not damage: a bucket of its own, nested buckets, a
// setting this firmware does not know.
func TestOpen_ToleratesAdditions(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, noSnapshots)
	must(t, err)
	if _, err := s.AddNumber(screening.ActionPass, "+12125550100", "Mom", "", t0); err != nil {
		t.Fatal(err)
	}
	must(t, s.Close())
	db, err := bolt.Open(store.Path(dir), 0o600, &bolt.Options{NoFreelistSync: true})
	must(t, err)
	must(t, db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("future"))
		if err != nil {
			return err
		}
		nb, err := b.CreateBucket([]byte("nested"))
		if err != nil {
			return err
		}
		if err := nb.Put([]byte("k"), []byte("v")); err != nil {
			return err
		}
		return tx.Bucket([]byte("settings")).Put([]byte("future-setting"), []byte("on"))
	}))
	must(t, db.Close())
	s, err = store.OpenDir(dir, noSnapshots)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	defer s.Close()
	if r, ok, err := s.LookupNumber("+12125550100"); !ok || err != nil || r.Name != "Mom" {
		t.Errorf("lookup = %v %v %v", r, ok, err)
	}
	// an unknown setting is reported, and the defaults apply (not damage)
	if st, err := s.Settings(); err != nil || len(st.Problems) != 1 || !errors.Is(st.Problems[0], screening.ErrUnknownSetting) {
		t.Errorf("an unknown setting: %v, problems %v; want no error and the setting reported", err, st.Problems)
	}
	if c, _ := s.Health(); c != store.Healthy {
		t.Errorf("Health = %v", c)
	}
}
