package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/schedule"
	"secretary/screening/store"
)

// Benchmarks (only under -bench):
//
//	go test -run='^$' -bench=. -benchtime=1x ./screening/store/
//
// BenchmarkImport1M imports 1,000,000 CSV rows into an empty store
// (default batch size, fsync on every commit) and reports rows/s, the peak
// Go heap in use, the process's max RSS and the database file size.
// BenchmarkDecide builds a store with 1,000,000 blocked numbers, 10,000
// allowed and 1,000 patterns and reports Decide latency percentiles
// (BenchmarkDecideNamed: every blocked number with a name and a note).

const million = 1_000_000

func BenchmarkImport1M(b *testing.B) { benchImport(b, csvFixture(million, 1)) }

// BenchmarkImport1MNamed imports 1,000,000 rows with a name and a note each.
func BenchmarkImport1MNamed(b *testing.B) { benchImport(b, namedFixture(million, 1)) }

func benchImport(b *testing.B, data []byte) {
	runtime.GC()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		s, err := store.OpenDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		peak := startHeapSampler()
		b.StartTimer()
		start := time.Now()
		res, err := s.ImportCSV(context.Background(), bytes.NewReader(data), store.ImportOptions{List: screening.ActionBlock})
		el := time.Since(start)
		b.StopTimer()
		heap := peak()
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != million || res.Bad != 0 || res.Stored < million*999/1000 {
			b.Fatalf("import: %+v", res)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(store.Path(dir))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(el.Seconds(), "import-s")
		b.ReportMetric(float64(million)/el.Seconds(), "rows/s")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(maxRSS())/(1<<10), "maxrss-MB")
		b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
		b.ReportMetric(float64(res.Commits), "commits")
		b.StartTimer()
	}
}

// startHeapSampler samples HeapInuse every 5 ms until the returned
// function is called, which returns the peak.
func startHeapSampler() func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapInuse)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak
	}
}

// maxRSS is the process's peak resident set in KiB (Linux getrusage).
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return int64(ru.Maxrss)
}

// decideFixture builds the store BenchmarkDecide uses and returns sample
// calls: blocked, allowed, pattern hits and unknown numbers.
func decideFixture(b *testing.B, blocked []byte) (*store.Store, []screening.Call) {
	b.Helper()
	s, err := store.OpenDir(b.TempDir(), store.WithNoSync())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.ImportCSV(ctx, bytes.NewReader(blocked), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportCSV(ctx, bytes.NewReader(csvFixture(10_000, 2)), store.ImportOptions{List: screening.ActionPass}); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 3))
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	err = s.Update(func(tx store.WriteTx) error {
		if err := tx.PutWindow(mustWindow("office mon-fri 09:00-17:00")); err != nil {
			return err
		}
		for i := 0; i < 1000; i++ {
			var line string
			switch i % 5 {
			case 0: // area-code/exchange prefix
				line = fmt.Sprintf("block +1%d%d*", 200+r.IntN(800), 200+r.IntN(800))
			case 1: // wildcard
				line = fmt.Sprintf("voicemail +1%d???%04d", 200+r.IntN(800), r.IntN(10000))
			case 2: // international prefix
				line = fmt.Sprintf("screen +%d%d*", 2+r.IntN(8), r.IntN(1000))
			case 3: // scheduled allow
				line = fmt.Sprintf("allow +1%d%d%d* --schedule office", 200+r.IntN(800), 200+r.IntN(800), r.IntN(10))
			case 4:
				if i%25 == 4 {
					line = fmt.Sprintf("block name:*spam%d*", i)
				} else {
					line = fmt.Sprintf("block +1%d*", 200+r.IntN(800))
				}
			}
			rule, err := screening.ParseRule(line, now, screening.DefaultSettings().Number)
			if err != nil {
				return err
			}
			if _, err := tx.PutRule(rule); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var calls []screening.Call
	blockedNums := fixtureNumbers(million, 1) // both fixtures' numbers
	allowed := fixtureNumbers(10_000, 2)
	for i := 0; i < 4096; i++ {
		var c screening.Call
		switch i % 4 {
		case 0:
			c.Number = blockedNums[r.IntN(len(blockedNums))][2:]
		case 1:
			c.Number = allowed[r.IntN(len(allowed))][2:]
		default: // unknown numbers: mostly misses, some pattern hits
			c.Number = strconv.FormatUint(200_200_0000+r.Uint64N(7_999_999_999), 10)
		}
		c.Name = "CALLER " + strconv.Itoa(i)
		c.Presentation = screening.PresentationAvailable
		calls = append(calls, c)
	}
	return s, calls
}

func BenchmarkDecide(b *testing.B) { benchDecide(b, csvFixture(million, 1)) }

// BenchmarkDecideNamed is BenchmarkDecide with a name and a note on every
// blocked number: the index keeps compact tables and a blocked caller's
// entry is read from bbolt.
func BenchmarkDecideNamed(b *testing.B) { benchDecide(b, namedFixture(million, 1)) }

func benchDecide(b *testing.B, blocked []byte) {
	s, calls := decideFixture(b, blocked)
	e := screening.NewEngine(s)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	counts := map[screening.Action]int{}
	for _, c := range calls { // warm the cache and the page cache
		counts[e.Decide(c, now).Action]++
	}
	lat := make([]time.Duration, 0, b.N)
	runtime.GC() // the fixture's garbage is not the engine's
	b.ResetTimer()
	for i := range b.N {
		c := calls[i%len(calls)]
		t := time.Now()
		e.Decide(c, now)
		lat = append(lat, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Nanoseconds()) }
	b.ReportMetric(pct(0.50), "p50-ns")
	b.ReportMetric(pct(0.99), "p99-ns")
	b.ReportMetric(pct(0.999), "p999-ns")
	b.Logf("decisions over the sample calls: %v", counts)
}

func mustWindow(s string) schedule.Window {
	w, err := schedule.Parse(s)
	if err != nil {
		panic(err)
	}
	return w
}

// BenchmarkLookup is Store.LookupNumber on a 1,000,000-number list with a
// name on every row (namedFixture: the index keeps compact tables, a hit
// reads the entry from bbolt) and one with a name on every tenth row
// (csvFixture: the index keeps the chunks whole, a hit decodes the entry
// from memory); a miss stops at the index.
func BenchmarkLookup(b *testing.B) {
	for _, tc := range []struct {
		name  string
		data  func(int, uint64) []byte
		probe func(i int, nums []string) string
	}{
		{"hit-named", namedFixture, func(i int, nums []string) string { return nums[i*7919%len(nums)] }},
		{"hit-unnamed", csvFixture, func(i int, nums []string) string {
			return nums[(i*7919%(len(nums)/10))*10+1] // rows 10k+1 carry no name
		}},
		{"miss", csvFixture, func(i int, nums []string) string { return "+4420794" + strconv.Itoa(10000+i%90000) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := store.OpenDir(b.TempDir(), store.WithNoSync())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if _, err := s.ImportCSV(context.Background(), bytes.NewReader(tc.data(million, 1)), store.ImportOptions{List: screening.ActionBlock}); err != nil {
				b.Fatal(err)
			}
			nums := fixtureNumbers(million, 1)
			runtime.GC()
			b.ResetTimer()
			found := 0
			for i := range b.N {
				if _, ok, _ := s.LookupNumber(tc.probe(i, nums)); ok {
					found++
				}
			}
			b.StopTimer()
			if (found > 0) != (tc.name != "miss") {
				b.Fatalf("%d of %d found", found, b.N)
			}
		})
	}
}
