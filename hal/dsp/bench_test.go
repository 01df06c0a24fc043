package dsp

import (
	"math/rand/v2"
	"testing"
	"time"
)

// noise returns n samples of seeded Gaussian noise at dbm0.
func noise(seed uint64, n int, dbm0 float64) []int16 {
	r := rand.New(rand.NewPCG(seed, 1))
	sd := ampOf(dbm0) / 1.41421356
	out := make([]int16, n)
	for i := range out {
		out[i] = sat16(r.NormFloat64() * sd)
	}
	return out
}

// addNoise mixes seeded noise at snr dB below the signal's power into pcm.
func addNoise(pcm []int16, seed uint64, snrDB float64) []int16 {
	var p float64
	for _, v := range pcm {
		p += float64(v) * float64(v)
	}
	p /= float64(len(pcm))
	r := rand.New(rand.NewPCG(seed, 2))
	sd := sqrt(p / pow10(snrDB/10))
	out := make([]int16, len(pcm))
	for i, v := range pcm {
		out[i] = sat16(float64(v) + r.NormFloat64()*sd)
	}
	return out
}

// dtmfBenchBuffer is 60 s of line audio: bursts of keys between stretches of
// low noise, as a caller pressing keys in a call.
func dtmfBenchBuffer() []int16 {
	var buf []int16
	for i := 0; len(buf) < 60*SampleRate; i++ {
		keys, _ := DTMFSignal("0123456789*#ABCD"[i%16:i%16+1]+"5", DTMFGenOptions{})
		buf = append(buf, keys...)
		buf = append(buf, noise(uint64(i), SampleRate/2, -50)...)
	}
	return addNoise(buf[:60*SampleRate], 7, 30)
}

func BenchmarkDTMFDetect(b *testing.B) {
	buf := dtmfBenchBuffer()
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

// cidBenchBuffer is 60 s of on-hook line audio: Bell 202 MDMF bursts
// between quiet gaps, with noise.
func cidBenchBuffer() []int16 {
	c := CallerID{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"}
	burst, err := CallerIDSignal(c, CIDTxOptions{Lead: 500 * time.Millisecond, Tail: 300 * time.Millisecond})
	if err != nil {
		panic(err)
	}
	var buf []int16
	for len(buf) < 60*SampleRate {
		buf = append(buf, burst...)
	}
	return addNoise(buf[:60*SampleRate], 3, 25)
}

func BenchmarkCallerIDBell202(b *testing.B) {
	buf := cidBenchBuffer()
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
	buf := dtmfBenchBuffer()
	ev := NewDTMFDetector().Process(buf, nil)
	if len(ev) < 150 {
		t.Errorf("DTMF bench buffer: %d keys detected, want >= 150", len(ev))
	}
	cb := cidBenchBuffer()
	cev := NewCIDReceiver(CIDRxOptions{Mode: CIDBellcore}).Process(cb, nil)
	ok := 0
	for _, e := range cev {
		if e.Err == nil && e.CallerID.Number == "2125550143" {
			ok++
		}
	}
	c := CallerID{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"}
	burst, _ := CallerIDSignal(c, CIDTxOptions{Lead: 500 * time.Millisecond, Tail: 300 * time.Millisecond})
	if want := len(cb) / len(burst); ok != want || len(cev) != want {
		t.Errorf("caller-ID bench buffer: %d messages decoded (%d events), want %d", ok, len(cev), want)
	}
}

// BenchmarkAnalyze: every receiver at once (what `secretary decode` runs)
// over the caller-ID buffer followed by the DTMF buffer.
func BenchmarkAnalyze(b *testing.B) {
	buf := append(cidBenchBuffer(), dtmfBenchBuffer()...)
	b.SetBytes(int64(len(buf) * 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Analyze(buf, AnalyzeOptions{})
	}
	b.ReportMetric(float64(len(buf))*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}
