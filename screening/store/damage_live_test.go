package store_test

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/screening"
	"secretary/screening/store"
)

// Damage while the store is open: the file cut short or pages overwritten
// under it. Every operation survives (no panic, no SIGBUS), reports the
// damage, and from the moment it is found the file is not written again.

func openLive(t *testing.T, fx damageFixture, opts ...store.Option) (*store.Store, string) {
	t.Helper()
	path := fx.copyTo(t)
	s, err := store.Open(path, append([]store.Option{noSnapshots}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := fx.facts(s); err != nil {
		t.Fatalf("before the damage: %v", err)
	}
	return s, path
}

// afterLiveDamage checks a store that found damage: everything reports it,
// the file does not change, Reset keeps it aside byte for byte.
func afterLiveDamage(t *testing.T, s *store.Store, fx damageFixture, path string) {
	t.Helper()
	c, err := s.Health()
	if c != store.Unavailable {
		t.Fatalf("Health = %v %v after damage", c, err)
	}
	oneLine(t, "Health", err)
	sum := fileSum(t, path)
	degradedOps(t, s, fx)
	if err := s.Update(func(tx store.WriteTx) error { return tx.SetSetting("mode", "dnd") }); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Update = %v", err)
	}
	if got := fileSum(t, path); got != sum {
		t.Fatal("the damaged file was written after the damage was found")
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	aside := asideFiles(t, path)
	if len(aside) != 1 || fileSum(t, aside[0]) != sum {
		t.Errorf("kept aside: %v", aside)
	}
	if c, err := s.Health(); c != store.Healthy {
		t.Errorf("after Reset: %v %v", c, err)
	}
}

func TestDamageLive_TruncatedUnderOpenStore(t *testing.T) {
	fx := buildDamageFixture(t)
	s, path := openLive(t, fx)
	fi, _ := os.Stat(path)
	must(t, os.Truncate(path, fi.Size()/2))
	// The number index is in memory: a lookup still answers from it (the
	// truth as of the last commit) until something reads the file.
	if _, err := s.Policy(); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("Policy after truncation = %v", err)
	}
	afterLiveDamage(t, s, fx, path)
}

// A read in progress when the file is cut: bbolt's memory map faults
// (SIGBUS), which must become the damage error, not a dead process.
func TestDamageLive_TruncatedDuringRead(t *testing.T) {
	fx := buildDamageFixture(t)
	s, path := openLive(t, fx)
	pm, err := store.Pages(path)
	must(t, err)
	n := 0
	err = s.View(func(tx store.ReadTx) error {
		must(t, os.Truncate(path, int64(2*pm.PageSize)))
		return tx.Numbers(screening.ActionBlock, func(screening.Rule) error { n++; return nil })
	})
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("View over a file cut under it = %v (%d numbers read)", err, n)
	}
	var de *store.DamagedError
	if !errors.As(err, &de) || de.Detail == "" {
		t.Errorf("no detail for the log: %#v", err)
	}
	afterLiveDamage(t, s, fx, path)
}

func TestDamageLive_PagesOverwritten(t *testing.T) {
	fx := buildDamageFixture(t)
	for seed := range uint64(3) {
		s, path := openLive(t, fx)
		pm, err := store.Pages(path)
		must(t, err)
		rng := rand.New(rand.NewPCG(seed, 5))
		for _, id := range numberLeaves(pm) {
			if rng.IntN(3) == 0 {
				overwritePage(t, path, pm, id, rng)
			}
		}
		_, err = s.ExportCSV(context.Background(), io.Discard, screening.ActionBlock)
		if !errors.Is(err, store.ErrDamaged) {
			t.Fatalf("seed %d: export over overwritten pages = %v", seed, err)
		}
		if !strings.Contains(err.Error(), "assertion failed") { // bbolt's own page check panicked, and was caught
			t.Errorf("seed %d: %v, want the panic bbolt raised on the overwritten page", seed, err)
		}
		afterLiveDamage(t, s, fx, path)
	}
}

// The watch finds a file cut short even when nothing reads it.
func TestDamageLive_WatchFindsTruncation(t *testing.T) {
	fx := buildDamageFixture(t)
	clk := clockwork.NewFakeClock()
	s, path := openLive(t, fx, store.WithClock(clk), store.WithSnapshots(store.SnapshotConfig{Disabled: true, Watch: time.Second}))
	pm, err := store.Pages(path)
	must(t, err)
	must(t, os.Truncate(path, int64(pm.HWM-1)*int64(pm.PageSize))) // the last page in use
	// a blocked number: its chunk is kept whole in memory, so the lookup
	// reads nothing (a named allowed number in a compact chunk would read
	// the file, and find the damage itself)
	if _, ok, err := s.LookupNumber(fx.blocked[0]); !ok || err != nil {
		t.Fatalf("lookup before the watch ran = %v %v", ok, err)
	}
	clk.BlockUntil(1) // the watch ticker
	clk.Advance(time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, _ := s.Health(); c == store.Unavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the watch did not find the file cut short")
		}
		time.Sleep(5 * time.Millisecond) // the watch runs on the store's goroutine
	}
	afterLiveDamage(t, s, fx, path)
}

// Pages nobody reads are damaged: the next snapshot checks its copy and
// finds it.
func TestDamageLive_SnapshotFindsDamage(t *testing.T) {
	fx := buildDamageFixture(t)
	path := fx.copyTo(t)
	s, err := store.Open(path, store.WithSnapshots(store.SnapshotConfig{Delay: time.Hour}))
	must(t, err)
	defer s.Close()
	if _, err := s.Snapshot(); err != nil {
		t.Fatal(err)
	}
	pm, err := store.Pages(path)
	must(t, err)
	overwritePage(t, path, pm, pm.Leaves["log"][0], rand.New(rand.NewPCG(1, 1)))
	if _, err := s.AddNumber(screening.ActionBlock, "+12125550100", "", "", t0); err != nil {
		t.Fatalf("a write that does not touch the damaged pages: %v", err)
	}
	if _, err := s.Snapshot(); !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("snapshot of a damaged file = %v", err)
	}
	afterLiveDamage(t, s, fx, path)
	snaps, _ := s.Snapshots()
	for _, sn := range snaps {
		if err := store.CheckFile(sn.Path); err != nil {
			t.Errorf("a damaged copy was kept: %s: %v", sn.Path, err)
		}
	}
}

// The file removed under the running store: its data is still readable
// through the open descriptor, so the watch takes a last copy, then stops
// the store; restoring that copy loses nothing.
func TestDamageLive_FileRemoved(t *testing.T) {
	fx := buildDamageFixture(t)
	path := fx.copyTo(t)
	s, err := store.Open(path, store.WithSnapshots(store.SnapshotConfig{Delay: time.Hour}))
	must(t, err)
	defer s.Close()
	if _, err := s.AddNumber(screening.ActionPass, "+12125550111", "Late", "", t0); err != nil {
		t.Fatal(err)
	}
	must(t, os.Remove(path))
	store.Watch(s)
	c, err := s.Health()
	if c != store.Unavailable || !strings.Contains(store.Sentence(err), "removed or replaced") {
		t.Fatalf("Health = %v %v", c, err)
	}
	if _, err := s.RestoreSnapshot(""); err != nil {
		t.Fatal(err)
	}
	if r, ok, err := s.LookupNumber("+12125550111"); !ok || err != nil || r.Name != "Late" {
		t.Errorf("the last change was lost: %v %v %v", r, ok, err)
	}
	if _, err := s.DeleteRule("+12125550111"); err != nil {
		t.Fatal(err)
	}
	if err := fx.facts(s); err != nil {
		t.Error(err)
	}
}

// A panic in the caller's own code inside View is a bug, not damage: it
// goes on up, and the store stays healthy.
func TestView_CallerPanicIsNotDamage(t *testing.T) {
	s, err := store.OpenDir(t.TempDir(), noSnapshots)
	must(t, err)
	defer s.Close()
	func() {
		defer func() {
			if r := recover(); r != "caller bug" {
				t.Errorf("recovered %v, want the caller's panic", r)
			}
		}()
		s.View(func(store.ReadTx) error { panic("caller bug") })
	}()
	if c, err := s.Health(); c != store.Healthy {
		t.Errorf("Health = %v %v", c, err)
	}
}
