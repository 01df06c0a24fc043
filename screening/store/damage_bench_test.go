package store_test

import (
	"bytes"
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
)

// cpuTime is the CPU time (user + system) the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOpenCheck1M builds a store with 1,000,000 blocked numbers (the
// README's import fixture) plus 10,000 call log records, then times what
// happens at every start: Open (the whole-file check without bbolt, bbolt's
// open with its free-list rebuild, the number index load), the check alone,
// and one snapshot (a copy in a read transaction, synced, checked, renamed).
//
//	go test -run='^$' -bench=OpenCheck1M -benchtime=5x ./screening/store/
func BenchmarkOpenCheck1M(b *testing.B) {
	dir := b.TempDir()
	s, err := store.OpenDir(dir, noSnapshots)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.ImportCSV(context.Background(), bytes.NewReader(csvFixture(million, 1)), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		b.Fatal(err)
	}
	err = s.Update(func(tx store.WriteTx) error {
		for i := range 10_000 {
			if err := tx.AppendLog(screening.LogRecord{Time: t0.Add(time.Duration(i) * time.Minute), Number: "+12125550100", Name: "Caller", Reason: "on the block list"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	path := store.Path(dir)
	var open, check, checkCPU, snap time.Duration
	var size int64
	b.ResetTimer()
	for range b.N {
		start, cpu := time.Now(), cpuTime()
		if err := store.CheckFile(path); err != nil {
			b.Fatal(err)
		}
		check += time.Since(start)
		checkCPU += cpuTime() - cpu
		start = time.Now()
		s, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Delay: time.Hour}))
		if err != nil {
			b.Fatal(err)
		}
		open += time.Since(start)
		start = time.Now()
		sn, err := s.Snapshot()
		if err != nil {
			b.Fatal(err)
		}
		snap += time.Since(start)
		size = sn.Size
		s.Close()
	}
	fi, _ := os.Stat(path)
	n := float64(b.N)
	b.ReportMetric(open.Seconds()*1000/n, "open-ms")
	b.ReportMetric(check.Seconds()*1000/n, "check-ms")
	b.ReportMetric(checkCPU.Seconds()*1000/n, "check-cpu-ms") // user+sys: what a busy machine cannot inflate
	b.ReportMetric(snap.Seconds()*1000/n, "snapshot-ms")
	b.ReportMetric(float64(size)/(1<<20), "snapshot-MB")
	b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
}
