//go:build spandsp

package spandspbench

import (
	"bytes"
	"math"
	"testing"
	"time"

	"secretary/hal/dsp"
)

// The comparison is fair only if both receivers find the same keys and
// messages in the same signal.
func TestSpandsp_SameResults(t *testing.T) {
	pcm := dsp.BenchDTMFSignal()
	ours := dsp.NewDTMFDetector().Process(pcm, nil)
	b := newBuffer(pcm)
	defer b.free()
	sp := NewDTMF()
	defer sp.Close()
	sp.Run(b)
	got, n := sp.Digits()
	var want []byte
	for _, e := range ours {
		want = append(want, e.Digit)
	}
	if n != len(ours) || got != string(want) {
		t.Errorf("DTMF: spandsp %d keys %q, ours %d keys %q", n, got, len(ours), want)
	}
	t.Logf("DTMF: both found %d keys", n)

	cpcm := dsp.BenchCIDSignal()
	cb := newBuffer(cpcm)
	defer cb.free()
	sc := NewCID()
	defer sc.Close()
	sc.Run(cb)
	msgs, last := sc.Messages()
	good := 0
	for _, e := range dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore}).Process(cpcm, nil) {
		// adsi_rx delivers the message without its checksum byte
		if e.Err == nil && bytes.Equal(e.CallerID.Raw[:len(e.CallerID.Raw)-1], last) {
			good++
		}
	}
	if want := dsp.BenchCIDBursts(); msgs != want || good != want {
		t.Errorf("caller ID: spandsp %d messages (last % X), ours %d equal to it, want %d", msgs, last, good, want)
	}
	t.Logf("caller ID: both decoded %d messages", msgs)
}

// report gives samples/s, the figure the README quotes.
func report(b *testing.B, n int) {
	b.SetBytes(int64(n * 2))
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkDTMF(b *testing.B) {
	pcm := dsp.BenchDTMFSignal()
	b.Run("ours", func(b *testing.B) {
		d := dsp.NewDTMFDetector()
		ev := make([]dsp.DTMFEvent, 0, 1024)
		for b.Loop() {
			for j := 0; j < len(pcm); j += Block {
				ev = d.Process(pcm[j:min(j+Block, len(pcm))], ev[:0])
			}
		}
		report(b, len(pcm))
	})
	b.Run("spandsp", func(b *testing.B) {
		buf := newBuffer(pcm)
		defer buf.free()
		d := NewDTMF()
		defer d.Close()
		for b.Loop() {
			d.Run(buf)
		}
		report(b, len(pcm))
	})
}

func BenchmarkCallerIDBell202(b *testing.B) {
	pcm := dsp.BenchCIDSignal()
	b.Run("ours", func(b *testing.B) {
		r := dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore})
		ev := make([]dsp.CIDEvent, 0, 1024)
		for b.Loop() {
			for j := 0; j < len(pcm); j += Block {
				ev = r.Process(pcm[j:min(j+Block, len(pcm))], ev[:0])
			}
		}
		report(b, len(pcm))
	})
	b.Run("spandsp", func(b *testing.B) {
		buf := newBuffer(pcm)
		defer buf.free()
		c := NewCID()
		defer c.Close()
		for b.Loop() {
			c.Run(buf)
		}
		report(b, len(pcm))
	})
}

// pair times ours and spandsp's pass over the same signal alternately,
// one pass each per iteration (order swapped every time), so the load of a
// shared machine falls on both alike. It reports both mean speeds and their
// ratio, and the ratio of the fastest passes (best-ratio): on a loaded
// machine the fastest pass of each is the one least disturbed, the closest
// to what the code costs.
func pair(b *testing.B, n int, ours, theirs func()) {
	var to, tt time.Duration
	bo, bt := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	i := 0
	for b.Loop() {
		for k := 0; k < 2; k++ {
			t0 := time.Now()
			if (i+k)%2 == 0 {
				ours()
				d := time.Since(t0)
				to += d
				bo = min(bo, d)
			} else {
				theirs()
				d := time.Since(t0)
				tt += d
				bt = min(bt, d)
			}
		}
		i++
	}
	so := float64(n) * float64(i) / to.Seconds()
	st := float64(n) * float64(i) / tt.Seconds()
	b.ReportMetric(so/1e6, "ours-Msamples/s")
	b.ReportMetric(st/1e6, "spandsp-Msamples/s")
	b.ReportMetric(so/st, "ratio")
	b.ReportMetric(bt.Seconds()/bo.Seconds(), "best-ratio")
	b.ReportMetric(float64(n)/bo.Seconds()/1e6, "ours-best-Msamples/s")
	b.ReportMetric(float64(n)/bt.Seconds()/1e6, "spandsp-best-Msamples/s")
}

func BenchmarkPairDTMF(b *testing.B) {
	pcm := dsp.BenchDTMFSignal()
	buf := newBuffer(pcm)
	defer buf.free()
	d := dsp.NewDTMFDetector()
	ev := make([]dsp.DTMFEvent, 0, 1024)
	sp := NewDTMF()
	defer sp.Close()
	pair(b, len(pcm), func() {
		for j := 0; j < len(pcm); j += Block {
			ev = d.Process(pcm[j:min(j+Block, len(pcm))], ev[:0])
		}
	}, func() { sp.Run(buf) })
}

func BenchmarkPairCallerIDBell202(b *testing.B) {
	pcm := dsp.BenchCIDSignal()
	buf := newBuffer(pcm)
	defer buf.free()
	r := dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore})
	ev := make([]dsp.CIDEvent, 0, 1024)
	sp := NewCID()
	defer sp.Close()
	pair(b, len(pcm), func() {
		for j := 0; j < len(pcm); j += Block {
			ev = r.Process(pcm[j:min(j+Block, len(pcm))], ev[:0])
		}
	}, func() { sp.Run(buf) })
}
