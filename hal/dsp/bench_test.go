package dsp

import "testing"

func BenchmarkDTMFDetect(b *testing.B) {
	buf := BenchDTMFSignal()
	d := NewDTMFDetector()
	ev := make([]DTMFEvent, 0, 1024)
	b.SetBytes(int64(len(buf) * 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < len(buf); j += 160 { // 20 ms blocks as a modem delivers them
			ev = d.Process(buf[j:min(j+160, len(buf))], ev[:0])
		}
	}
	b.ReportMetric(float64(len(buf))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkCallerIDBell202(b *testing.B) {
	buf := BenchCIDSignal()
	r := NewCIDReceiver(CIDRxOptions{Mode: CIDBellcore})
	ev := make([]CIDEvent, 0, 1024)
	b.SetBytes(int64(len(buf) * 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < len(buf); j += 160 {
			ev = r.Process(buf[j:min(j+160, len(buf))], ev[:0])
		}
	}
	b.ReportMetric(float64(len(buf))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// The benchmark buffers must really hold what they claim.
func TestBenchBuffers(t *testing.T) {
	buf := BenchDTMFSignal()
	ev := NewDTMFDetector().Process(buf, nil)
	if len(ev) < 150 {
		t.Errorf("DTMF bench buffer: %d keys detected, want >= 150", len(ev))
	}
	cb := BenchCIDSignal()
	cev := NewCIDReceiver(CIDRxOptions{Mode: CIDBellcore}).Process(cb, nil)
	ok := 0
	for _, e := range cev {
		if e.Err == nil && e.CallerID.Number == "2125550143" {
			ok++
		}
	}
	if want := BenchCIDBursts(); ok != want || len(cev) != want {
		t.Errorf("caller-ID bench buffer: %d messages decoded (%d events), want %d", ok, len(cev), want)
	}
}

// BenchmarkAnalyze: every receiver at once (what `secretary decode` runs)
// over the caller-ID buffer followed by the DTMF buffer.
func BenchmarkAnalyze(b *testing.B) {
	buf := append(BenchCIDSignal(), BenchDTMFSignal()...)
	b.SetBytes(int64(len(buf) * 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Analyze(buf, AnalyzeOptions{})
	}
	b.ReportMetric(float64(len(buf))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}
