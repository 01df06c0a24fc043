package modem_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

// BenchmarkCIDLatency measures the time from a RING and caller-ID block
// written to the pty master (the emulated modem's wire) to the decoded
// hal.LineCallerID event from the driver reading the slave through
// hal/serialport: pty loopback, real reader goroutine, parser, call tracker
// and event queue. Reports p50/p99 in microseconds.
func BenchmarkCIDLatency(b *testing.B) {
	for _, format := range []string{"formatted", "raw-mdmf"} {
		b.Run(format, func(b *testing.B) {
			emu := modemtest.New(modemtest.Config{Link: b.TempDir() + "/ttyModem"})
			if err := emu.Start(); err != nil {
				b.Fatal(err)
			}
			defer emu.Close()
			// Every call rings, then sends its caller ID: the caller ID
			// after a ring that had one is a new call each time. Rings are
			// not debounced: the iterations follow each other in
			// microseconds.
			r := benchRig(b, emu, modem.WithRingDebounce(0))
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c := &modemtest.CID{Date: "0315", Time: "1430", Number: fmt.Sprintf("800555%04d", i%10000), Name: "DOE JOHN"}
				vcid, spaces := 1, true
				if format == "raw-mdmf" {
					vcid = 2
				}
				block := []byte("\r\nRING\r\n" + modemtest.FormatCID(c, vcid, spaces))
				emu.Inject(block)
				t0 := time.Now()
				for {
					ev := <-r.ev
					if ev.Kind == hal.LineCallerID {
						if ev.CallerID.Number != c.Number {
							b.Fatalf("got %q want %q", ev.CallerID.Number, c.Number)
						}
						break
					}
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Nanoseconds()) / 1e3
			}
			b.ReportMetric(pct(0.50), "p50-µs")
			b.ReportMetric(pct(0.99), "p99-µs")
		})
	}
}
