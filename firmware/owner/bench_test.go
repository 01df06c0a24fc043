package owner_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"secretary/screening"
	"secretary/screening/store"
)

// countWriter counts what the console writes.
type countWriter struct{ n, lines int }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	c.lines += strings.Count(string(p), "\n")
	return len(p), nil
}

// A block list of 1,000,000 numbers printed with block list --json streams
// page by page: the heap stays small however long the list.
func BenchmarkBlockList1M(b *testing.B) {
	r := newRig(b)
	r.unplug()
	var csv strings.Builder
	for i := 0; i < 1_000_000; i++ {
		fmt.Fprintf(&csv, "+1%03d555%04d\n", 320+i/10000, i%10000)
	}
	if _, err := r.st.ImportCSV(context.Background(), strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		b.Fatal(err)
	}
	csv.Reset()
	runtime.GC()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var w countWriter
		var peak uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() { // the heap while the list streams
			defer close(done)
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				default:
				}
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				runtime.Gosched()
			}
		}()
		r.con.Exec(context.Background(), "block list --json", &w)
		close(stop)
		<-done
		if w.lines < 1_000_000 {
			b.Fatalf("%d lines", w.lines)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(w.n)/(1<<20), "MB-written")
	}
}
