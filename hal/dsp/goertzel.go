package dsp

import "math"

// toneBank runs Goertzel filters over fixed blocks; used by the call-progress
// and SIT detectors (the DTMF detector has its own unrolled loop).
type toneBank struct {
	coef   []float32
	s1, s2 []float32
	n      int // block length
	pos    int
	energy float32
}

func newToneBank(n int, freqs ...float64) *toneBank {
	b := &toneBank{n: n, coef: make([]float32, len(freqs)), s1: make([]float32, len(freqs)), s2: make([]float32, len(freqs))}
	for i, f := range freqs {
		b.coef[i] = float32(2 * math.Cos(2*math.Pi*f/SampleRate))
	}
	return b
}

// feed consumes samples up to the end of the current block and reports how
// many it took and whether the block is complete.
func (b *toneBank) feed(x []int16) (int, bool) {
	n := min(len(x), b.n-b.pos)
	e := b.energy
	for _, v := range x[:n] {
		f := float32(v)
		e += f * f
		for k, c := range b.coef {
			s := c*b.s1[k] - b.s2[k] + f
			b.s2[k] = b.s1[k]
			b.s1[k] = s
		}
	}
	b.energy = e
	b.pos += n
	return n, b.pos == b.n
}

// toneEnergy returns, for filter k, 2|X|^2/N: the energy of a sine at the
// bin frequency within the block (comparable with the block energy).
func (b *toneBank) toneEnergy(k int) float32 {
	s1, s2 := b.s1[k], b.s2[k]
	return 2 * (s1*s1 + s2*s2 - b.coef[k]*s1*s2) / float32(b.n)
}

func (b *toneBank) reset() {
	for k := range b.s1 {
		b.s1[k], b.s2[k] = 0, 0
	}
	b.pos = 0
	b.energy = 0
}

// minToneEnergy is the block energy of one sine at dbm0 over n samples.
func minToneEnergy(dbm0 float64, n int) float32 {
	a := ampOf(dbm0)
	return float32(a * a / 2 * float64(n))
}
