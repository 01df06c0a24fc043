package storetest

import (
	"testing"

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
