package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/board/sim"
	"secretary/screening"
	"secretary/screening/store"
)

// damageFixture is a data directory whose store holds an allow list, a
// block list of a few thousand numbers (many pages), call log records and
// a snapshot, closed.
func damageFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("number,name\n")
	for i := range 5000 {
		fmt.Fprintf(&csv, "+1%03d555%04d,robocaller %d\n", 201+i%700, i%10000, i)
	}
	ctx := context.Background()
	if _, err := st.ImportCSV(ctx, strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNumber(screening.ActionPass, "2125550143", "DENTIST", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNumber(screening.ActionBlock, "9005550000", "SPAM", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if err := st.AppendLog(screening.LogRecord{Time: time.Now().Add(-time.Duration(i) * time.Hour), Number: "+12125550143",
			Name: "DENTIST", Decision: screening.ActionPass, Outcome: screening.OutcomeAnswered}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil { // takes the snapshot
		t.Fatal(err)
	}
	return dir
}

// copyTree copies the directory from into a new temporary directory.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o750)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func sumFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// pages is what bbolt says of the file's pages: its page size, the pages
// holding data (branches and leaves) and the stored free list's page.
type pages struct {
	size     int
	data     []int
	freelist int
}

func pageMap(t *testing.T, path string) pages {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := pages{size: db.Info().PageSize}
	err = db.View(func(tx *bolt.Tx) error {
		for id := 2; ; id++ {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				return err
			}
			switch info.Type {
			case "branch", "leaf":
				p.data = append(p.data, id)
			case "freelist":
				p.freelist = id
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func writeAt(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return b
}

// damageCases are the ways a database file is damaged in the field: a
// write cut short, a file emptied, its header or pages overwritten, the
// free list a bbolt tool stored scrambled.
var damageCases = []struct {
	name  string
	seeds int
	do    func(t *testing.T, path string, rng *rand.Rand)
}{
	{"truncated", 1, func(t *testing.T, path string, _ *rand.Rand) {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}},
	{"zero-length", 1, func(t *testing.T, path string, _ *rand.Rand) {
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
	}},
	{"header-overwritten", 1, func(t *testing.T, path string, rng *rand.Rand) {
		writeAt(t, path, 0, randomBytes(rng, pageMap(t, path).size))
	}},
	{"random-pages", 3, func(t *testing.T, path string, rng *rand.Rand) {
		pm := pageMap(t, path)
		for range 3 {
			id := pm.data[rng.IntN(len(pm.data))]
			writeAt(t, path, int64(id*pm.size), randomBytes(rng, pm.size))
		}
	}},
	{"freelist-damaged", 1, func(t *testing.T, path string, rng *rand.Rand) {
		db, err := bolt.Open(path, 0o600, nil) // bbolt's defaults store a free list
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		pm := pageMap(t, path)
		if pm.freelist == 0 {
			t.Fatal("no stored free list after a default bbolt open")
		}
		writeAt(t, path, int64(pm.freelist*pm.size)+16, randomBytes(rng, pm.size-16)) // the header kept
	}},
}

// The corruption table through the real command: for each damage, decide,
// export and import end with one plain line saying the database is
// damaged (exit 1, no panic), run starts in degraded mode, says so in one
// line, shows the fault LED and lets a call from the world ring through
// to the handset; the damaged file is unchanged, byte for byte.
func TestDamagedStore_EveryCommand(t *testing.T) {
	fixture := damageFixture(t)
	csv := writeTestFile(t, "more.csv", "number,name\n2125550199,NEW\n")
	for _, dc := range damageCases {
		for seed := 1; seed <= dc.seeds; seed++ {
			name := dc.name
			if dc.seeds > 1 {
				name = fmt.Sprintf("%s-seed%d", dc.name, seed)
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				data := copyTree(t, fixture)
				path := store.Path(data)
				dc.do(t, path, rand.New(rand.NewPCG(uint64(seed), 9)))
				sum := sumFile(t, path)
				for _, args := range [][]string{
					{"decide", "--data", data, "2125550143"},
					{"export", "--data", data, "--list", "allow"},
					{"import", "--data", data, "--list", "block", csv},
				} {
					code, out, errs := runProc(t, args...)
					if crashed(out + errs) {
						t.Fatalf("%s crashed:\n%s%s", args[0], out, errs)
					}
					line := strings.TrimSuffix(errs, "\n")
					want := "secretary " + args[0] + ": The list database " + path + " is damaged ("
					if code != 1 || out != "" || strings.Contains(line, "\n") || !strings.HasPrefix(line, want) {
						t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and one line %q...", args[0], code, out, errs, want)
					}
				}
				if testing.Short() {
					return
				}
				b := startBox(t, data)
				b.waitState("the fault LED", 5*time.Second, func(s sim.State) bool { return s.LED == "fault" })
				b.ringsThrough("9005550000 SPAM") // blocked, when the lists can be read
				st := b.console("status", " since start; last: ")
				if !strings.HasPrefix(strings.TrimPrefix(st, "* "), "DEGRADED MODE") && !strings.Contains(st, "\nDEGRADED MODE: The list database "+path+" is damaged (") {
					t.Errorf("status does not start with degraded mode:\n%s", st)
				}
				errs := b.errb.String()
				if lines := strings.Split(strings.TrimSpace(errs), "\n"); len(lines) != 1 ||
					!strings.HasPrefix(lines[0], "secretary run: DEGRADED MODE: The list database "+path+" is damaged (") {
					t.Errorf("run's stderr: %q; want one line saying the database is damaged", errs)
				}
				if got := sumFile(t, path); got != sum {
					t.Error("the damaged file changed")
				}
			})
		}
	}
}

// Damage while the box runs: the database is cut short under it. Within
// seconds the box is in degraded mode and says so (a notice, the prompt's
// note, the fault LED); a call from a blocked number rings through; store
// restore on the console puts back the snapshot without a restart, the
// box screens again (the number is blocked) and the cut file is kept
// aside byte for byte; store reset asks to confirm (on this piped console:
// --yes) and then starts empty.
func TestDamagedStore_WhileRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	data := copyTree(t, damageFixture(t))
	path := store.Path(data)
	b := startBox(t, data)
	b.blocked("9005550000 SPAM")
	// the call's log record written before the cut: a write racing the
	// cut would change the cut file before the store can know
	b.waitOut(0, "* logged: call from +19005550000", 10*time.Second)

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	from := b.out.Len()
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	cut, sum := time.Now(), sumFile(t, path)
	b.waitOut(from, "* STORE DAMAGED: The list database "+path+" is damaged (the file is cut short", 10*time.Second)
	t.Logf("degraded mode %v after the file was cut short", time.Since(cut).Round(10*time.Millisecond))
	b.waitState("the fault LED", 3*time.Second, func(s sim.State) bool { return s.LED == "fault" })
	b.ringsThrough("9005550000 SPAM")
	b.waitIdle()
	if st := b.console("store status", "to do "); !strings.Contains(st, "store   unavailable: The list database") ||
		!strings.Contains(st, "store restore puts back the copy of") {
		t.Errorf("store status:\n%s", st)
	}

	from = b.out.Len()
	b.console("store restore", "ok: restored the copy of")
	b.waitOut(from, "* the store is healthy again", 5*time.Second)
	b.waitState("the steady LED", 3*time.Second, func(s sim.State) bool { return s.LED == "on" })
	b.blocked("9005550000 SPAM")
	aside, _ := filepath.Glob(path + ".damaged-*")
	if len(aside) != 1 || sumFile(t, aside[0]) != sum {
		t.Errorf("the cut file is not kept aside unchanged: %v", aside)
	}

	b.console("store reset", "error: store reset asks to confirm: add --yes")
	b.console("store reset --yes", "ok: the store is empty and healthy")
	if old, _ := filepath.Glob(path + ".old-*"); len(old) != 1 {
		t.Errorf("reset kept aside %v, want one secretary.db.old-*", old)
	}
	if st := b.console("status", " since start; last: "); strings.Contains(st, "DEGRADED") {
		t.Errorf("status after reset:\n%s", st)
	}
}

// On a serial console every prompt says the store is damaged and how to
// learn more, until the owner restores it; then the prompt is plain again.
func TestDamagedStore_SerialPrompt(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time console")
	}
	data := copyTree(t, damageFixture(t))
	if err := os.Truncate(store.Path(data), 0); err != nil {
		t.Fatal(err)
	}
	master, tty := consolePty(t)
	r := &ptyReader{}
	go r.pump(master, 0)
	startBox(t, data, "--console", tty)
	const noted = "secretary (STORE DAMAGED: type help store)> "
	mark := r.waitFor(t, 0, noted, 20*time.Second)
	for _, s := range []struct{ send, want string }{
		{"help store\r", "DEGRADED"},
		{"\r", noted},
		{"store status\r", "store   unavailable: The list database"},
		{"\r", noted},
		{"store restore\r", "ok: restored the copy of"},
		{"", "* the store is healthy again"},
		{"\r", "\nsecretary> "},
	} {
		if _, err := master.Write([]byte(s.send)); err != nil {
			t.Fatal(err)
		}
		mark = r.waitFor(t, mark, s.want, 10*time.Second)
	}
	if strings.Contains(r.String()[mark:], noted) {
		t.Errorf("the prompt still says the store is damaged:\n%q", r.String()[mark:])
	}
}
