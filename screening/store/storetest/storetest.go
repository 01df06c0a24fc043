package storetest

import (
	"fmt"
	"testing"

	bolt "go.etcd.io/bbolt"

	"secretary/screening/store"
)

// Open opens a new store in t.TempDir(), without snapshots unless opts ask
// for them. On cleanup it runs the store's whole-file check (failing the
// test on any error) and closes the store.
func Open(t testing.TB, opts ...store.Option) *store.Store {
	t.Helper()
	dir := t.TempDir()
	opts = append([]store.Option{store.WithSnapshots(store.SnapshotConfig{Disabled: true})}, opts...)
	s, err := store.OpenDir(dir, opts...)
	if err != nil {
		t.Fatalf("storetest: open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil && err != store.ErrClosed {
			t.Errorf("storetest: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("storetest: close: %v", err)
		}
	})
	return s
}

// PutRaw writes key/value pairs into bucket of the (closed) store in dir,
// with no validation: what another firmware version might have left there.
func PutRaw(t testing.TB, dir, bucket string, kv map[string]string) {
	t.Helper()
	db, err := bolt.Open(store.Path(dir), 0o600, nil)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("no bucket %q", bucket)
		}
		for k, v := range kv {
			if err := b.Put([]byte(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatalf("storetest: %v", err)
	}
}
