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
	"sync/atomic"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
)

// The crash test re-executes this test binary as a child that imports a
// large CSV and prints "committed LINE" after each batch the store reported
// committed. The parent kills it with SIGKILL at a random moment, then
// checks that the file opens, passes bbolt's consistency check and holds
// every row up to the last reported line. Each round imports a new file
// into the same database, alternating the in-place and rebuild write paths.
//
// SECRETARY_CRASH_ROUNDS sets the number of rounds (default 10).

const (
	crashChildEnv = "SECRETARY_STORE_CRASH_CHILD" // database path; set only in the child
	crashSeedEnv  = "SECRETARY_STORE_CRASH_SEED"
	crashBatchEnv = "SECRETARY_STORE_CRASH_BATCH"
	crashRows     = 40_000
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
	var durable []string // numbers reported committed in earlier rounds
	killed := 0
	// The first round measures how long a full import takes so later kills
	// land anywhere inside it.
	full := 2 * time.Second
	for round := 0; round < rounds; round++ {
		seed := uint64(round + 1)
		batch := 1000 // in-place chunk updates
		if round%2 == 1 {
			batch = 5000 // full bucket rebuilds
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrash_ImportKilled$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+path,
			crashSeedEnv+"="+strconv.FormatUint(seed, 10), crashBatchEnv+"="+strconv.Itoa(batch))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var last atomic.Int64 // last committed line reported
		var finished atomic.Bool
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) == 2 && f[0] == "committed" {
					n, _ := strconv.Atoi(f[1])
					last.Store(int64(n))
				} else if len(f) == 1 && f[0] == "finished" {
					finished.Store(true)
				}
			}
		}()
		delay := time.Duration(rng.Int64N(int64(full)))
		if round == 0 {
			delay = time.Hour // let the first round finish to time it
		}
		timer := time.AfterFunc(delay, func() { cmd.Process.Kill() })
		<-done
		err = cmd.Wait()
		timer.Stop()
		if round == 0 {
			full = time.Since(start)
		}
		committed := int(last.Load())
		if err != nil && !strings.Contains(err.Error(), "killed") {
			t.Fatalf("round %d: child failed: %v\n%s", round, err, stderr.String())
		}
		if err != nil {
			killed++
		}
		// The file must open, pass the check and hold every reported row.
		s, err := store.Open(path)
		if err != nil {
			t.Fatalf("round %d (killed after %v, %d lines committed): open: %v", round, delay, committed, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		nums := fixtureNumbers(crashRows, seed)
		rows := max(0, committed-1) // line 1 is the header; row i is on line i+2
		if finished.Load() {
			rows = crashRows
		}
		for i, n := range nums[:rows] {
			if _, ok, err := s.LookupNumber(n); !ok || err != nil {
				t.Fatalf("round %d: row %d (%s, line %d) was reported committed (through line %d) but is missing: %v", round, i, n, i+2, committed, err)
			}
		}
		for _, n := range durable {
			if _, ok, _ := s.LookupNumber(n); !ok {
				t.Fatalf("round %d: %s from an earlier round is gone", round, n)
			}
		}
		if rows > 0 {
			durable = append(durable, nums[0], nums[rows-1])
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: batch %d, kill after %v: %d of %d rows committed", round, batch, delay.Round(time.Millisecond), rows, crashRows)
	}
	if rounds > 2 && killed == 0 {
		t.Errorf("no round was killed mid-import; the test proved nothing")
	}
}

func crashChild(t *testing.T, path string) {
	seed, _ := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	batch, _ := strconv.Atoi(os.Getenv(crashBatchEnv))
	s, err := store.Open(path, store.WithLockTimeout(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.ImportCSV(context.Background(), bytes.NewReader(csvFixture(crashRows, seed)), store.ImportOptions{
		List: screening.ActionBlock, BatchSize: batch,
		Progress: func(p store.ImportProgress) {
			// one write per line, straight to the pipe: the parent sees it only after the commit
			fmt.Fprintf(os.Stdout, "committed %d\n", p.Line)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, "finished")
}
