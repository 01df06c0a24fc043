package store_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
)

// The crash test re-executes this test binary as a child that imports a
// CSV and prints "finished" when the import returned. The parent kills it
// with SIGKILL at a random moment, then checks that the file opens, passes
// bbolt's consistency check and holds either all of the round's numbers
// or none of them (an import changes the list in one commit), with the
// earlier rounds' numbers and a block-list count that matches. Rounds
// alternate small imports (written in place) and large ones (sorted
// through a temporary file, staged over several transactions, switched).
//
// SECRETARY_CRASH_ROUNDS sets the number of rounds (default 10).

const (
	crashChildEnv = "SECRETARY_STORE_CRASH_CHILD" // database path; set only in the child
	crashSeedEnv  = "SECRETARY_STORE_CRASH_SEED"
	crashRowsEnv  = "SECRETARY_STORE_CRASH_ROWS"
	crashRows     = 40_000
	crashSmall    = 800 // within the in-place limit
)

func TestCrash_ImportKilled(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(t, path)
		return
	}
	rounds := 10
	if v := os.Getenv("SECRETARY_CRASH_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("SECRETARY_CRASH_ROUNDS=%q", v)
		}
		rounds = n
	}
	path := store.Path(t.TempDir())
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	known := map[string]bool{} // numbers on the block list after the last round
	killed := 0
	// The first round of each kind runs to its end and says how long its
	// import took.
	took := map[int]time.Duration{}
	for round := 0; round < rounds; round++ {
		seed := uint64(round + 1)
		rows := crashRows
		if round%2 == 1 {
			rows = crashSmall
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrash_ImportKilled$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path,
			crashSeedEnv+"="+strconv.FormatUint(seed, 10), crashRowsEnv+"="+strconv.Itoa(rows))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill lands at a random moment of the import itself (the
		// child says when it starts), up to a little after its end.
		var delay time.Duration
		d, timed := took[rows]
		if timed {
			delay = time.Duration(rng.Int64N(int64(d) * 5 / 4))
		}
		finished := false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case len(f) == 1 && f[0] == "start" && timed:
				time.AfterFunc(delay, func() { cmd.Process.Kill() })
			case len(f) == 2 && f[0] == "finished":
				finished = true
				if ns, err := strconv.ParseInt(f[1], 10, 64); err == nil && !timed {
					took[rows] = time.Duration(ns)
				}
			}
		}
		err = cmd.Wait()
		if err != nil && !strings.Contains(err.Error(), "killed") {
			t.Fatalf("round %d: child failed: %v\n%s", round, err, stderr.String())
		}
		if err != nil {
			killed++
		}
		s, err := store.Open(path)
		if err != nil {
			t.Fatalf("round %d (killed after %v): open: %v", round, delay, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		var fresh []string // this round's numbers not on the list before
		for _, n := range fixtureNumbers(rows, seed) {
			if !known[n] {
				fresh = append(fresh, n)
			}
		}
		present := 0
		for _, n := range fresh {
			if _, ok, err := s.LookupNumber(n); err != nil {
				t.Fatal(err)
			} else if ok {
				present++
			}
		}
		if present != 0 && present != len(fresh) {
			t.Fatalf("round %d: %d of the %d new numbers are on the list: an import was applied in part", round, present, len(fresh))
		}
		if finished && present != len(fresh) {
			t.Fatalf("round %d: the import returned but %d of %d new numbers are missing", round, len(fresh)-present, len(fresh))
		}
		for n := range known {
			if _, ok, _ := s.LookupNumber(n); !ok {
				t.Fatalf("round %d: %s from an earlier round is gone", round, n)
			}
		}
		if present > 0 {
			for _, n := range fresh {
				known[n] = true
			}
		}
		var count int
		s.View(func(tx store.ReadTx) error { count = tx.Count(screening.ActionBlock); return nil })
		if count != len(known) {
			t.Fatalf("round %d: block-list count %d, want %d", round, count, len(known))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: %d rows, kill after %v: applied %v, %d numbers on the list", round, rows, delay.Round(time.Millisecond), present > 0, len(known))
	}
	if rounds > 3 && killed == 0 {
		t.Errorf("no round was killed mid-import; the test proved nothing")
	}
}

func crashChild(t *testing.T, path string) {
	seed, _ := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	rows, _ := strconv.Atoi(os.Getenv(crashRowsEnv))
	store.SetStageTxBytes(16 << 10) // many staging commits to land in
	s, err := store.Open(path, store.WithLockTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data := csvFixture(rows, seed)
	fmt.Fprintln(os.Stdout, "start")
	start := time.Now()
	_, err = s.ImportCSV(context.Background(), bytes.NewReader(data), store.ImportOptions{
		List: screening.ActionBlock, RunBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, "finished", time.Since(start).Nanoseconds())
}
