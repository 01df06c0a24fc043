package dsp

import (
	"math/rand/v2"
	"time"
)

// BenchDTMFSignal is the benchmark signal of the DTMF receivers: 60 s of
// line audio, bursts of two keys (70 ms on, 70 ms off, 2 dB twist) between
// half-second stretches of -50 dBm0 noise, with noise 30 dB under the whole
// (a caller pressing keys during a call). The package's benchmarks and the
// comparison with spandsp's C receivers (hal/dsp/spandspbench) both use it,
// so their figures are of the same signal. It holds 154 keys.
func BenchDTMFSignal() []int16 {
	var buf []int16
	for i := 0; len(buf) < 60*SampleRate; i++ {
		keys, _ := DTMFSignal("0123456789*#ABCD"[i%16:i%16+1]+"5", DTMFGenOptions{})
		buf = append(buf, keys...)
		buf = append(buf, noise(uint64(i), SampleRate/2, -50)...)
	}
	return addNoise(buf[:60*SampleRate], 7, 30)
}

// BenchCIDMessage is the caller ID that BenchCIDSignal repeats.
var BenchCIDMessage = CallerID{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"}

// BenchCIDSignal is the benchmark signal of the Bell 202 caller-ID
// receivers: 60 s of on-hook line audio, BenchCIDMessage as MDMF at
// -13.5 dBm0 (seizure, mark, message) between quiet gaps of 0.5 and 0.3 s,
// with noise 25 dB under the signal. It holds BenchCIDBursts whole messages.
func BenchCIDSignal() []int16 {
	burst := benchCIDBurst()
	var buf []int16
	for len(buf) < 60*SampleRate {
		buf = append(buf, burst...)
	}
	return addNoise(buf[:60*SampleRate], 3, 25)
}

// BenchCIDBursts is the number of whole messages in BenchCIDSignal.
func BenchCIDBursts() int { return 60 * SampleRate / len(benchCIDBurst()) }

func benchCIDBurst() []int16 {
	burst, err := CallerIDSignal(BenchCIDMessage, CIDTxOptions{Lead: 500 * time.Millisecond, Tail: 300 * time.Millisecond})
	if err != nil {
		panic(err) // a fixed, valid message
	}
	return burst
}

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
