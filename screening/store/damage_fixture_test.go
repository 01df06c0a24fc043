package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/store"
)

// A damage fixture is a closed store with something in every bucket: a
// block list imported in one rebuild, an allow list of consecutive numbers
// (one large chunk) imported in place, pattern rules, a window, settings,
// call log records and messages. facts checks everything a damaged file
// that still opens must hold (it may only open if the damage touched
// nothing in use).
type damageFixture struct {
	path    string
	allowed []string // "+16465550000".., name "Friend N"
	blocked []string // every distinct blocked number
}

const (
	fixBlocked = 20_000
	fixAllowed = 300
	fixLog     = 200
	fixMsgs    = 5
)

var noSnapshots = store.WithSnapshots(store.SnapshotConfig{Disabled: true})

func buildDamageFixture(t testing.TB) damageFixture {
	t.Helper()
	dir := t.TempDir()
	s, err := store.OpenDir(dir, noSnapshots, store.WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.ImportCSV(ctx, bytes.NewReader(csvFixture(fixBlocked, 7)), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		t.Fatal(err)
	}
	f := damageFixture{path: store.Path(dir)}
	seen := map[string]bool{}
	for _, n := range fixtureNumbers(fixBlocked, 7) {
		if !seen[n] {
			seen[n] = true
			f.blocked = append(f.blocked, n)
		}
	}
	var csv strings.Builder
	csv.WriteString("number,name\n")
	for i := range fixAllowed {
		n := fmt.Sprintf("+1646555%04d", i)
		f.allowed = append(f.allowed, n)
		fmt.Fprintf(&csv, "%s,Friend %d\n", n, i)
	}
	if _, err := s.ImportCSV(ctx, strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionPass}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"block +1900* --note premium", "block +1976*"} {
		if _, err := s.AddRule(r, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PutWindow("office mon-fri 09:00-17:00"); err != nil {
		t.Fatal(err)
	}
	for _, kv := range [][2]string{{"log-max", "500"}, {"ring-gap", "3s"}} {
		if err := s.SetSetting(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range fixLog {
		rec := screening.LogRecord{Time: t0.Add(time.Duration(i) * time.Minute), Number: f.blocked[i], Name: "Caller", Decision: screening.ActionBlock, Reason: "on the block list"}
		if err := s.AppendLog(rec); err != nil {
			t.Fatal(err)
		}
	}
	for i := range fixMsgs {
		m := screening.Message{ID: fmt.Sprintf("m%d", i), Time: t0.Add(time.Duration(i) * time.Hour), Number: f.allowed[i], File: fmt.Sprintf("messages/m%d.wav", i)}
		if err := s.PutMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// copyTo puts a copy of the fixture's file (and its marker) into a new
// data directory and returns the copy's database path.
func (f damageFixture) copyTo(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, suffix := range []string{"", ".created"} {
		b, err := os.ReadFile(f.path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(store.Path(dir)+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return store.Path(dir)
}

// facts returns the first way the store differs from the fixture.
func (f damageFixture) facts(s *store.Store) error {
	for i, n := range f.allowed {
		r, ok, err := s.LookupNumber(n)
		if err != nil || !ok || r.Action != screening.ActionPass || r.Name != fmt.Sprintf("Friend %d", i) {
			return fmt.Errorf("allowed %s: %+v %v %v", n, r, ok, err)
		}
	}
	for _, n := range f.blocked {
		if r, ok, err := s.LookupNumber(n); err != nil || !ok || r.Action != screening.ActionBlock {
			return fmt.Errorf("blocked %s: %+v %v %v", n, r, ok, err)
		}
	}
	for list, want := range map[screening.Action]int{screening.ActionPass: len(f.allowed), screening.ActionBlock: len(f.blocked)} {
		n, err := s.ExportCSV(context.Background(), io.Discard, list)
		if err != nil || n != want {
			return fmt.Errorf("export %v: %d numbers, %v; want %d", list, n, err, want)
		}
	}
	p, err := s.Policy()
	if err != nil || len(p.Rules) != 2 || len(p.Windows) != 1 || p.Settings.LogMax != 500 || p.Settings.Firmware.RingGap != 3*time.Second {
		return fmt.Errorf("policy: %d rules, %d windows, %+v, %v", len(p.Rules), len(p.Windows), p.Settings, err)
	}
	if log, err := s.Log(0); err != nil || len(log) != fixLog {
		return fmt.Errorf("log: %d records, %v", len(log), err)
	}
	if msgs, err := s.Messages(); err != nil || len(msgs) != fixMsgs {
		return fmt.Errorf("messages: %d, %v", len(msgs), err)
	}
	return nil
}

// A damage changes a copy of the fixture's file in place.
type damageKind struct {
	name    string
	seeds   int
	certain bool // the damage always touches data in use: Open must report it
	do      func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand)
}

var damageKinds = []damageKind{
	{"truncated-half", 1, true, func(t testing.TB, path string, _ store.PageMap, _ *rand.Rand) {
		fi, _ := os.Stat(path)
		must(t, os.Truncate(path, fi.Size()/2))
	}},
	{"zero-length", 1, true, func(t testing.TB, path string, _ store.PageMap, _ *rand.Rand) {
		must(t, os.Truncate(path, 0))
	}},
	{"missing", 1, true, func(t testing.TB, path string, _ store.PageMap, _ *rand.Rand) {
		must(t, os.Remove(path))
	}},
	{"meta-0-overwritten", 1, true, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		overwritePage(t, path, pm, 0, rng)
	}},
	{"meta-1-overwritten", 1, true, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		overwritePage(t, path, pm, 1, rng)
	}},
	{"meta-0-checksum-byte", 1, true, func(t testing.TB, path string, _ store.PageMap, _ *rand.Rand) {
		flipAt(t, path, 16+56) // the first byte of meta 0's checksum
	}},
	{"random-pages-in-use", 5, true, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		var used []uint64
		for _, m := range []map[string][]uint64{pm.Branches, pm.Leaves} {
			for _, ids := range m {
				used = append(used, ids...)
			}
		}
		for range 3 {
			overwritePage(t, path, pm, used[rng.IntN(len(used))], rng)
		}
	}},
	{"random-pages", 5, false, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		for range 3 {
			overwritePage(t, path, pm, 2+rng.Uint64N(pm.HWM-2), rng)
		}
	}},
	{"random-bytes", 5, false, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		for range 20 {
			flipAt(t, path, rng.Int64N(int64(pm.HWM)*int64(pm.PageSize)))
		}
	}},
	{"freelist-page-garbage", 1, true, func(t testing.TB, path string, _ store.PageMap, rng *rand.Rand) {
		pm := syncFreelist(t, path)
		b := readPage(t, path, pm, pm.Freelist)
		for i := 16; i < len(b); i++ { // keep the header, scramble the ids
			b[i] = byte(rng.UintN(256))
		}
		writePage(t, path, pm, pm.Freelist, b)
	}},
	{"freelist-names-page-in-use", 1, true, func(t testing.TB, path string, _ store.PageMap, _ *rand.Rand) {
		pm := syncFreelist(t, path)
		b := readPage(t, path, pm, pm.Freelist)
		if leafCount(b) == 0 { // the free list's count sits where a leaf's does
			t.Fatal("fixture has no free pages")
		}
		leaf := numberLeaves(pm)[0]
		for i := range 8 {
			b[16+i] = byte(leaf >> (8 * i))
		}
		writePage(t, path, pm, pm.Freelist, b)
	}},
	{"numbers-leaf-overwritten", 3, true, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		leaves := numberLeaves(pm)
		overwritePage(t, path, pm, leaves[rng.IntN(len(leaves))], rng)
	}},
	{"numbers-value-byte", 5, true, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		leaves := numberLeaves(pm)
		id := leaves[rng.IntN(len(leaves))]
		b := readPage(t, path, pm, id)
		off, n := leafValue(b, rng.IntN(leafCount(b)))
		b[off+rng.IntN(n)] ^= 1 << rng.UintN(8)
		writePage(t, path, pm, id, b)
	}},
	{"log-leaf-overwritten", 1, true, func(t testing.TB, path string, pm store.PageMap, rng *rand.Rand) {
		overwritePage(t, path, pm, pm.Leaves["log"][0], rng)
	}},
}

// leafCount is the number of elements on a leaf page.
func leafCount(b []byte) int { return int(b[10]) | int(b[11])<<8 }

// leafValue returns where the value of element i of a leaf page starts
// and its length (bbolt's leaf element: flags, pos, ksize, vsize, each a
// little-endian uint32; pos counts from the element).
func leafValue(b []byte, i int) (off, n int) {
	e := 16 + i*16
	le := func(o int) int { return int(b[o]) | int(b[o+1])<<8 | int(b[o+2])<<16 | int(b[o+3])<<24 }
	return e + le(e+4) + le(e+8), le(e + 12)
}

func numberLeaves(pm store.PageMap) []uint64 {
	return append(append([]uint64(nil), pm.Leaves["numbers.0"]...), pm.Leaves["numbers.1"]...)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readPage(t testing.TB, path string, pm store.PageMap, id uint64) []byte {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	b := make([]byte, pm.PageSize)
	_, err = f.ReadAt(b, int64(id)*int64(pm.PageSize))
	must(t, err)
	return b
}

func writePage(t testing.TB, path string, pm store.PageMap, id uint64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	must(t, err)
	defer f.Close()
	_, err = f.WriteAt(b, int64(id)*int64(pm.PageSize))
	must(t, err)
}

func overwritePage(t testing.TB, path string, pm store.PageMap, id uint64, rng *rand.Rand) {
	t.Helper()
	b := make([]byte, pm.PageSize)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	writePage(t, path, pm, id, b)
}

func flipAt(t testing.TB, path string, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	must(t, err)
	defer f.Close()
	b := []byte{0}
	_, err = f.ReadAt(b, off)
	must(t, err)
	b[0] ^= 0xA5
	_, err = f.WriteAt(b, off)
	must(t, err)
}

// syncFreelist rewrites the file with a stored free list, as a bbolt tool
// or an older firmware does (bbolt's default options), and maps it again.
func syncFreelist(t testing.TB, path string) store.PageMap {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, db.Close())
	pm, err := store.Pages(path)
	must(t, err)
	if pm.Freelist == 0 {
		t.Fatal("no free-list page after a default bbolt open")
	}
	return pm
}

func fileSum(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "missing"
	}
	must(t, err)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// asideFiles lists the files Reset or Restore moved aside in dir.
func asideFiles(t testing.TB, path string) []string {
	t.Helper()
	m, err := filepath.Glob(path + ".damaged-*")
	must(t, err)
	o, err := filepath.Glob(path + ".old-*")
	must(t, err)
	return append(m, o...)
}
