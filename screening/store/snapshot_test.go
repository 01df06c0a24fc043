package store_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/screening"
	"secretary/screening/store"
)

// snapWatcher collects the copies the store's goroutine takes.
type snapWatcher chan store.Snapshot

func watchSnapshots(t *testing.T, s *store.Store) snapWatcher {
	w := make(snapWatcher, 16)
	store.SetSnapshotHook(s, func(sn store.Snapshot, err error) {
		if err != nil {
			t.Errorf("timed snapshot: %v", err)
		}
		w <- sn
	})
	return w
}

// none checks no copy was taken by now: the goroutine has handled the
// clock's last step when it waits on its timers again.
func (w snapWatcher) none(t *testing.T, clk clockwork.FakeClock, timers int, when string) {
	t.Helper()
	clk.BlockUntil(timers)
	select {
	case sn := <-w:
		t.Fatalf("%s: a snapshot was taken (%+v)", when, sn)
	default:
	}
}

func (w snapWatcher) one(t *testing.T, when string) store.Snapshot {
	t.Helper()
	select {
	case sn := <-w:
		return sn
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no snapshot", when)
	}
	return store.Snapshot{}
}

// TestSnapshot_Debounced: a copy 30 s after the last change, none sooner
// than 5 min after the previous copy, and at the latest 10 min after the
// first change not yet copied, even while changes keep coming.
func TestSnapshot_Debounced(t *testing.T) {
	clk := clockwork.NewFakeClockAt(t0)
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithClock(clk), store.WithSnapshots(store.SnapshotConfig{Watch: time.Hour}))
	must(t, err)
	defer s.Close()
	w := watchSnapshots(t, s)
	// a new store: its first copy 30 s after opening
	clk.BlockUntil(2) // watch ticker + snapshot timer
	clk.Advance(30 * time.Second)
	first := w.one(t, "new store")
	add := func(n string) {
		t.Helper()
		if _, err := s.AddNumber(screening.ActionBlock, n, "", "", clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	add("+12125550001")
	clk.BlockUntil(2)
	clk.Advance(4*time.Minute + 30*time.Second) // 30 s quiet passed, but only 4.5 min since the last copy
	w.none(t, clk, 2, "4.5 min after the last copy")
	clk.Advance(30 * time.Second)
	second := w.one(t, "5 min after the last copy")
	if second.Seq != first.Seq+1 || second.Tx <= first.Tx {
		t.Errorf("second copy %+v after %+v", second, first)
	}
	// changes every 20 s: never 30 s quiet, so the copy comes 10 min after the first
	start := clk.Now()
	for clk.Since(start) < 10*time.Minute {
		add("+12125550002")
		clk.BlockUntil(2)
		clk.Advance(20 * time.Second)
		if clk.Since(start) < 10*time.Minute {
			w.none(t, clk, 2, "while changes keep coming")
		}
	}
	third := w.one(t, "10 min after the first change")
	if third.Tx <= second.Tx {
		t.Errorf("third copy %+v", third)
	}
	// only the call log changed: once an hour
	must(t, s.AppendLog(screening.LogRecord{Time: clk.Now(), Number: "+12125550003"}))
	clk.BlockUntil(2)
	clk.Advance(30 * time.Minute)
	w.none(t, clk, 2, "30 min after a log-only change")
	clk.Advance(31 * time.Minute)
	w.one(t, "an hour after a log-only change")
	snaps, err := s.Snapshots()
	if err != nil || len(snaps) != 3 {
		t.Fatalf("kept %d copies (%v), want the newest 3", len(snaps), err)
	}
	if snaps[0].Seq != first.Seq+3 {
		t.Errorf("newest kept %+v", snaps[0])
	}
}

func TestSnapshot_AtomicCheckedBounded(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Keep: 2, Delay: time.Hour}))
	must(t, err)
	defer s.Close()
	var taken []store.Snapshot
	for i := range 4 {
		if _, err := s.AddNumber(screening.ActionBlock, "+1212555000"+string(rune('0'+i)), "", "", t0); err != nil {
			t.Fatal(err)
		}
		sn, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		taken = append(taken, sn)
	}
	snaps, _ := s.Snapshots()
	if len(snaps) != 2 || snaps[0].Path != taken[3].Path || snaps[1].Path != taken[2].Path {
		t.Fatalf("kept %+v, want the last two of %+v", snaps, taken)
	}
	ents, _ := os.ReadDir(filepath.Dir(snaps[0].Path))
	if len(ents) != 2 {
		t.Errorf("snapshot directory holds %d entries, want just the 2 copies", len(ents))
	}
	for _, sn := range snaps {
		if err := store.CheckFile(sn.Path); err != nil {
			t.Errorf("%s: %v", sn.Path, err)
		}
		if fi, _ := os.Stat(sn.Path); fi == nil || fi.Size() != sn.Size || sn.Size == 0 {
			t.Errorf("size of %+v", sn)
		}
	}
}

// Close takes a copy of changes made through the store that wait for one,
// so an import by a short-lived command is in a copy at once.
func TestSnapshot_CloseTakesPending(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Delay: time.Hour}))
	must(t, err)
	if _, err := s.AddNumber(screening.ActionBlock, "+12125550100", "", "", t0); err != nil {
		t.Fatal(err)
	}
	must(t, s.Close())
	s, err = store.OpenDir(dir, noSnapshots)
	must(t, err)
	defer s.Close()
	snaps, _ := s.Snapshots()
	if len(snaps) != 1 {
		t.Fatalf("%d copies after close", len(snaps))
	}
}

// TestRestore_SnapshotAfterDamage: the newest good copy comes back; what
// changed after it is what a damaged file costs.
func TestRestore_SnapshotAfterDamage(t *testing.T) {
	fx := buildDamageFixture(t)
	path := fx.copyTo(t)
	s, err := store.Open(path, store.WithSnapshots(store.SnapshotConfig{Delay: time.Hour}))
	must(t, err)
	if _, err := s.Snapshot(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNumber(screening.ActionBlock, "+12125550199", "", "", t0); err != nil {
		t.Fatal(err)
	}
	must(t, s.Close())
	// Close copied the last change too; damage the newest copy so the
	// restore has to fall back to the older one.
	snaps, _ := listAll(t, path)
	if len(snaps) != 2 {
		t.Fatalf("copies: %+v", snaps)
	}
	fi, _ := os.Stat(snaps[0].Path)
	must(t, os.Truncate(snaps[0].Path, fi.Size()/2))
	must(t, os.Truncate(path, 0))
	sum := fileSum(t, path)
	s, err = store.Open(path, store.WithDegraded())
	must(t, err)
	defer s.Close()
	if c, err := s.Health(); c != store.Unavailable || !strings.Contains(store.Sentence(err), "empty") {
		t.Fatalf("Health = %v %v", c, err)
	}
	used, err := s.RestoreSnapshot("")
	if err != nil {
		t.Fatal(err)
	}
	if used.Path != snaps[1].Path {
		t.Errorf("restored %s, want the older, sound copy", used.Path)
	}
	if c, err := s.Health(); c != store.Healthy {
		t.Fatalf("after restore: %v %v", c, err)
	}
	if err := fx.facts(s); err != nil {
		t.Error(err)
	}
	if _, ok, _ := s.LookupNumber("+12125550199"); ok {
		t.Error("the restored copy holds a change made after it")
	}
	aside := asideFiles(t, path)
	if len(aside) != 1 || fileSum(t, aside[0]) != sum {
		t.Errorf("kept aside %v", aside)
	}
}

func listAll(t *testing.T, path string) ([]store.Snapshot, error) {
	s, err := store.Open(path, store.WithReadOnly())
	must(t, err)
	defer s.Close()
	return s.Snapshots()
}

// TestRestore_Stream: a stream is checked before anything changes; a good
// one replaces the data and keeps the replaced file aside.
func TestRestore_Stream(t *testing.T) {
	fx := buildDamageFixture(t)
	src, err := store.Open(fx.copyTo(t), noSnapshots)
	must(t, err)
	var backup bytes.Buffer
	if _, err := src.Backup(&backup); err != nil {
		t.Fatal(err)
	}
	src.Close()

	dir := t.TempDir()
	s, err := store.OpenDir(dir, noSnapshots)
	must(t, err)
	defer s.Close()
	if _, err := s.AddNumber(screening.ActionBlock, "+12125550100", "", "", t0); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, store.Path(dir))
	bad := bytes.Clone(backup.Bytes())
	copy(bad[8192:], bytes.Repeat([]byte{0xFF}, 4096))
	for name, r := range map[string][]byte{"damaged": bad, "cut": backup.Bytes()[:backup.Len()/2], "text": []byte("number\n+12125550100\n")} {
		if err := s.Restore(bytes.NewReader(r)); !errors.Is(err, store.ErrBadBackup) {
			t.Errorf("%s backup: %v", name, err)
		}
	}
	if fileSum(t, store.Path(dir)) != before || len(asideFiles(t, store.Path(dir))) != 0 {
		t.Fatal("a refused backup changed the store")
	}
	if c, _ := s.Health(); c != store.Healthy {
		t.Fatalf("Health after refused backups = %v", c)
	}
	if err := s.Restore(bytes.NewReader(backup.Bytes())); err != nil {
		t.Fatal(err)
	}
	if err := fx.facts(s); err != nil {
		t.Error(err)
	}
	aside := asideFiles(t, store.Path(dir))
	if len(aside) != 1 || !strings.Contains(aside[0], ".old-") || fileSum(t, aside[0]) != before {
		t.Errorf("kept aside %v", aside)
	}
}
