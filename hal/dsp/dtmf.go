package dsp

import (
	"fmt"
	"math"
	"math/cmplx"
	"time"
)

// DTMF keys: rows 697/770/852/941 Hz, columns 1209/1336/1477/1633 Hz.
var dtmfKeys = [4][4]byte{
	{'1', '2', '3', 'A'},
	{'4', '5', '6', 'B'},
	{'7', '8', '9', 'C'},
	{'*', '0', '#', 'D'},
}

// dtmfRowFreqs and dtmfColFreqs are the DTMF frequencies in Hz (read-only
// tables; DTMFFrequencies is the public view).
var (
	dtmfRowFreqs = [4]float64{697, 770, 852, 941}
	dtmfColFreqs = [4]float64{1209, 1336, 1477, 1633}
)

// DTMFFrequencies returns the low and high tone of a key ('0'-'9', '*', '#',
// 'A'-'D', lower case accepted).
func DTMFFrequencies(key byte) (low, high float64, ok bool) {
	if key >= 'a' && key <= 'd' {
		key -= 'a' - 'A'
	}
	for r := range dtmfKeys {
		for c := range dtmfKeys[r] {
			if dtmfKeys[r][c] == key {
				return dtmfRowFreqs[r], dtmfColFreqs[c], true
			}
		}
	}
	return 0, 0, false
}

// DTMFGenOptions shape generated DTMF. Zero values take the defaults.
type DTMFGenOptions struct {
	On          time.Duration // tone time per key (default 70 ms)
	Off         time.Duration // pause after each key (default 70 ms)
	LowDBm0     float64       // row tone level (default -10 dBm0)
	HighDBm0    float64       // column tone level (default -8 dBm0, 2 dB twist)
	LeadSilence time.Duration // silence before the first key (default none)
}

func (o DTMFGenOptions) withDefaults() DTMFGenOptions {
	if o.On == 0 {
		o.On = 70 * time.Millisecond
	}
	if o.Off == 0 {
		o.Off = 70 * time.Millisecond
	}
	if o.LowDBm0 == 0 {
		o.LowDBm0 = -10
	}
	if o.HighDBm0 == 0 {
		o.HighDBm0 = -8
	}
	return o
}

// DTMFSignal returns the keys of digits as DTMF. An unknown character gives
// ErrBadDigit.
func DTMFSignal(digits string, o DTMFGenOptions) ([]int16, error) {
	o = o.withDefaults()
	out := Silence(o.LeadSilence)
	for i := 0; i < len(digits); i++ {
		lo, hi, ok := DTMFFrequencies(digits[i])
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrBadDigit, digits[i])
		}
		out = appendTwoLevel(out, lo, o.LowDBm0, hi, o.HighDBm0, o.On)
		out = append(out, Silence(o.Off)...)
	}
	return out, nil
}

// appendTwoLevel appends f1 at l1 plus f2 at l2 for d.
func appendTwoLevel(dst []int16, f1, l1, f2, l2 float64, d time.Duration) []int16 {
	a := ToneSignal(f1, 0, l1, d)
	b := ToneSignal(f2, 0, l2, d)
	return append(dst, Mix(a, b)...)
}

// DTMFEvent is one detected key.
type DTMFEvent struct {
	Digit byte  // '0'-'9', '*', '#', 'A'-'D'
	At    int64 // sample index (since the detector started) where the tone began, about ±6 ms
}

// DTMF receiver parameters (see DTMFDetector).
const (
	dtmfBlock = 102 // samples per Goertzel block (12.75 ms)
	dtmfHalf  = dtmfBlock / 2
	// per-tone minimum level: -36 dBm0 on the Goertzel bin.
	dtmfMinLevelDBm0 = -36.0
	dtmfRelPeak      = 4.0   // 6 dB over the other tones of the group
	dtmfToneFraction = 0.55  // share of the block energy in the two tones
	dtmfNormalTwist  = 9.5   // dB: low tone louder than high (8 dB spec + frequency-offset loss)
	dtmfReverseTwist = 5.5   // dB: high tone louder than low (4 dB spec + margin)
	dtmfFreqTol      = 0.025 // accept within 2.5 % (spec: accept 1.5 %, reject 3.5 %)
	dtmfHalfFill     = 0.4   // a half-block counts as "tone on" at >= 40 % of the run's peak
	dtmfMinHalves    = 5     // >= 5 such half-blocks: never under 24 ms (2*21+3*51 samples), always by 38 ms
	dtmfMaxHalves    = 64
	dtmfMaxBlocks    = dtmfMaxHalves / 2
	// purity: at least dtmfPureBlocks blocks of the run must carry
	// dtmfPureFraction of their energy in the two tones, each tone's power
	// corrected for the loss its measured frequency offset causes in the
	// filter, dial tone not counted (dialEnergy). Real keys, even at 9 dB
	// SNR, 1.5 % off frequency or over dial tone, give 0.86 and more (the
	// vectors and the generalisation tests); the speech, music and
	// hold-music runs of the talk-off corpus that pass every other test stay
	// under 0.81. The threshold sits between the two.
	dtmfPureFraction = 0.835
	dtmfPureBlocks   = 2
)

type goertzelState struct{ s1h, s2h, s1, s2 float32 }

// DTMFDetector finds DTMF keys in 8 kHz audio. It runs eight Goertzel
// filters over 102-sample blocks (float32, no allocation) and reads each
// filter at the half block too. A key needs, in consecutive blocks, both
// tones above -36 dBm0, each 6 dB above the rest of its group, twist within
// 9.5 dB normal / 5.5 dB reverse, and 55 % of the block energy; then at
// least five 6.4 ms half-blocks carrying both tones at 40 % of their peak
// (so tones under 24 ms are rejected and 38 ms and longer are always
// accepted), and both tones within 2.5 % of nominal, measured from the
// phase advance between blocks (coarse, from half-blocks, resolves the
// aliasing of the fine block-to-block estimate). Two blocks without the key
// end it, so a single 10 ms drop-out does not repeat a key.
type DTMFDetector struct {
	coef   [8]float32
	bank   goertzelBank     // the filters' running state (the hot loop's)
	buf    [dtmfBlock]int16 // the block's samples, for the dial-tone measure of candidate blocks
	st     [8]goertzelState
	prev   [8]goertzelState
	energy int64 // sum of squares of the block's samples (integer unit, off the FP path)
	pos    int   // samples in the current block
	sample int64 // samples consumed before the current block

	minPow float32

	// current run
	cur       int // key index r*4+c, or -1
	runStart  int64
	runBlocks int
	misses    int
	reported  bool
	hl, hh    [dtmfMaxHalves]complex128 // half-block values of the low and high tone
	nh        int
	blk       [dtmfMaxBlocks][3]float32 // row and column tone power and block energy of each block
	nb        int
	pr, pc    float32    // row and column tone power of the block classify accepted
	fineL     complex128 // sum of X[k+1] conj X[k] (block-to-block), low tone
	fineH     complex128
	nFine     int
	lastXL    complex128
	lastXH    complex128
	haveLast  bool
}

// NewDTMFDetector returns a detector at sample 0.
func NewDTMFDetector() *DTMFDetector {
	d := &DTMFDetector{cur: -1}
	for i := 0; i < 4; i++ {
		d.coef[i] = float32(2 * math.Cos(2*math.Pi*dtmfRowFreqs[i]/SampleRate))
		d.coef[4+i] = float32(2 * math.Cos(2*math.Pi*dtmfColFreqs[i]/SampleRate))
	}
	a := ampOf(dtmfMinLevelDBm0) * dtmfBlock / 2
	d.minPow = float32(a * a)
	return d
}

// Reset forgets all state and restarts sample counting at 0.
func (d *DTMFDetector) Reset() { *d = *NewDTMFDetector() }

// Process consumes pcm and appends any keys found to dst.
func (d *DTMFDetector) Process(pcm []int16, dst []DTMFEvent) []DTMFEvent {
	for len(pcm) > 0 {
		var lim int
		if d.pos < dtmfHalf {
			lim = dtmfHalf - d.pos
		} else {
			lim = dtmfBlock - d.pos
		}
		n := min(lim, len(pcm))
		d.energy += goertzel8(&d.bank, &d.coef, pcm[:n])
		copy(d.buf[d.pos:], pcm[:n])
		pcm = pcm[n:]
		d.pos += n
		if d.pos == dtmfHalf {
			for k := range d.st {
				d.st[k].s1h, d.st[k].s2h = d.bank[0][k], d.bank[1][k]
			}
		} else if d.pos == dtmfBlock {
			for k := range d.st {
				d.st[k].s1, d.st[k].s2 = d.bank[0][k], d.bank[1][k]
			}
			dst = d.block(dst)
			d.prev = d.st
			d.st = [8]goertzelState{}
			d.bank = goertzelBank{}
			d.energy = 0
			d.pos = 0
			d.sample += dtmfBlock
		}
	}
	return dst
}

// goertzelBank is the running state of the eight filters: s[0] holds
// s[n-1] and s[1] holds s[n-2] of each, rows first. It is laid out for the
// vector kernel (two four-lane registers per row of it).
type goertzelBank [2][8]float32

// goertzel8Generic runs the eight filters over x and returns the sum of
// the squares of x. Each step is s = c*s1 + (x - s2): the subtraction does
// not wait for s1, so a step costs one multiply and one add of latency. The
// vector kernels compute the same expression in the same order, so on
// amd64 both give bit-identical results (TestGoertzel8_Kernel).
func goertzel8Generic(b *goertzelBank, coef *[8]float32, x []int16) int64 {
	c0, c1, c2, c3 := coef[0], coef[1], coef[2], coef[3]
	c4, c5, c6, c7 := coef[4], coef[5], coef[6], coef[7]
	a0, a1, a2, a3, a4, a5, a6, a7 := b[0][0], b[0][1], b[0][2], b[0][3], b[0][4], b[0][5], b[0][6], b[0][7]
	z0, z1, z2, z3, z4, z5, z6, z7 := b[1][0], b[1][1], b[1][2], b[1][3], b[1][4], b[1][5], b[1][6], b[1][7]
	var e int64
	// Two samples per iteration with the roles of a and z swapped in the
	// second half, so no register moves are needed: z becomes s[n+1], then
	// a becomes s[n+2]. (arm64 has registers for all of it; amd64 has the
	// vector kernel.)
	for len(x) >= 2 {
		v0, v1 := x[0], x[1]
		x = x[2:]
		e += int64(v0)*int64(v0) + int64(v1)*int64(v1)
		f, g := float32(v0), float32(v1)
		z0 = c0*a0 + (f - z0)
		z1 = c1*a1 + (f - z1)
		z2 = c2*a2 + (f - z2)
		z3 = c3*a3 + (f - z3)
		z4 = c4*a4 + (f - z4)
		z5 = c5*a5 + (f - z5)
		z6 = c6*a6 + (f - z6)
		z7 = c7*a7 + (f - z7)
		a0 = c0*z0 + (g - a0)
		a1 = c1*z1 + (g - a1)
		a2 = c2*z2 + (g - a2)
		a3 = c3*z3 + (g - a3)
		a4 = c4*z4 + (g - a4)
		a5 = c5*z5 + (g - a5)
		a6 = c6*z6 + (g - a6)
		a7 = c7*z7 + (g - a7)
	}
	if len(x) == 1 {
		v := x[0]
		e += int64(v) * int64(v)
		f := float32(v)
		a0, z0 = c0*a0+(f-z0), a0
		a1, z1 = c1*a1+(f-z1), a1
		a2, z2 = c2*a2+(f-z2), a2
		a3, z3 = c3*a3+(f-z3), a3
		a4, z4 = c4*a4+(f-z4), a4
		a5, z5 = c5*a5+(f-z5), a5
		a6, z6 = c6*a6+(f-z6), a6
		a7, z7 = c7*a7+(f-z7), a7
	}
	b[0] = [8]float32{a0, a1, a2, a3, a4, a5, a6, a7}
	b[1] = [8]float32{z0, z1, z2, z3, z4, z5, z6, z7}
	return e
}

func ampOf(dbm0 float64) float64 {
	return 16140.67 * math.Sqrt2 * math.Pow(10, dbm0/20)
}

// classify returns the key index seen in the finished block, or -1.
func (d *DTMFDetector) classify() int {
	var p [8]float32
	for k := range p {
		s := d.st[k]
		p[k] = s.s1*s.s1 + s.s2*s.s2 - d.coef[k]*s.s1*s.s2
	}
	r, c := 0, 4
	for k := 1; k < 4; k++ {
		if p[k] > p[r] {
			r = k
		}
		if p[4+k] > p[c] {
			c = 4 + k
		}
	}
	pr, pc := p[r], p[c]
	d.pr, d.pc = pr, pc
	if pr < d.minPow || pc < d.minPow {
		return -1
	}
	// twist: pc/pr in [-normal, +reverse] dB
	if pc > pr*float32(math.Pow(10, dtmfReverseTwist/10)) || pr > pc*float32(math.Pow(10, dtmfNormalTwist/10)) {
		return -1
	}
	for k := 0; k < 4; k++ {
		if k != r && p[k]*dtmfRelPeak > pr {
			return -1
		}
		if 4+k != c && p[4+k]*dtmfRelPeak > pc {
			return -1
		}
	}
	// tone energy 2|X|^2/N against block energy
	if 2*(pr+pc)/dtmfBlock < dtmfToneFraction*float32(d.energy) {
		return -1
	}
	return r*4 + (c - 4)
}

// filter geometry for the complex readouts.
func dtmfFreq(k int) float64 {
	if k < 4 {
		return dtmfRowFreqs[k]
	}
	return dtmfColFreqs[k-4]
}

// halves returns the two half-block values (each relative to its own start)
// and the whole-block value of filter k for state s.
func halves(s goertzelState, k int) (h1, h2, x complex128) {
	w := 2 * math.Pi * dtmfFreq(k) / SampleRate
	ejw := cmplx.Exp(complex(0, -w))
	g := func(s1, s2 float32) complex128 { return complex(float64(s1), 0) - ejw*complex(float64(s2), 0) }
	h1 = cmplx.Exp(complex(0, -w*(dtmfHalf-1))) * g(s.s1h, s.s2h)
	x = cmplx.Exp(complex(0, -w*(dtmfBlock-1))) * g(s.s1, s.s2)
	h2 = cmplx.Exp(complex(0, w*dtmfHalf)) * (x - h1)
	return
}

func (d *DTMFDetector) block(dst []DTMFEvent) []DTMFEvent {
	key := d.classify()
	if d.cur >= 0 && key == d.cur {
		d.misses = 0
		d.addBlock(d.st, true)
		return d.tryReport(dst)
	}
	if d.cur >= 0 {
		if key < 0 {
			d.misses++
			if d.misses < 2 {
				if d.misses == 1 {
					d.haveLast = false // a dropped block breaks the block-to-block phase chain
				}
				return dst
			}
		}
		// the run ended (second miss, or another key): last chance with
		// the first half of the first block after it.
		if !d.reported {
			d.addHalf(d.stAfterRun())
			dst = d.tryReport(dst)
		}
		d.cur = -1
	}
	if key >= 0 {
		d.startRun(key)
	}
	return dst
}

// stAfterRun is the filter state of the first block after the run's last
// block: the current block if the run ends right here, else the previous one.
func (d *DTMFDetector) stAfterRun() [8]goertzelState {
	if d.misses >= 1 {
		return d.prev
	}
	return d.st
}

func (d *DTMFDetector) startRun(key int) {
	d.cur = key
	d.runStart = d.sample
	d.runBlocks = 0
	d.misses = 0
	d.reported = false
	d.nh = 0
	d.nb = 0
	d.fineL, d.fineH, d.nFine = 0, 0, 0
	d.haveLast = false
	// the tone may have started in the second half of the previous block
	r, c := key/4, 4+key%4
	_, l2, _ := halves(d.prev[r], r)
	_, h2, _ := halves(d.prev[c], c)
	d.pushHalf(l2, h2)
	d.addBlock(d.st, true)
}

func (d *DTMFDetector) pushHalf(l, h complex128) {
	if d.nh < dtmfMaxHalves {
		d.hl[d.nh], d.hh[d.nh] = l, h
		d.nh++
	}
}

func (d *DTMFDetector) addHalf(s [8]goertzelState) {
	r, c := d.cur/4, 4+d.cur%4
	l1, _, _ := halves(s[r], r)
	h1, _, _ := halves(s[c], c)
	d.pushHalf(l1, h1)
}

func (d *DTMFDetector) addBlock(s [8]goertzelState, _ bool) {
	r, c := d.cur/4, 4+d.cur%4
	l1, l2, xl := halves(s[r], r)
	h1, h2, xh := halves(s[c], c)
	d.pushHalf(l1, h1)
	d.pushHalf(l2, h2)
	if d.haveLast {
		d.fineL += xl * cmplx.Conj(d.lastXL)
		d.fineH += xh * cmplx.Conj(d.lastXH)
		d.nFine++
	}
	d.lastXL, d.lastXH, d.haveLast = xl, xh, true
	d.runBlocks++
	if d.nb < dtmfMaxBlocks {
		d.blk[d.nb] = [3]float32{d.pr, d.pc, float32(float64(d.energy) - d.dialEnergy())}
		d.nb++
	}
}

// tryReport reports the current key once if its duration and frequencies pass.
func (d *DTMFDetector) tryReport(dst []DTMFEvent) []DTMFEvent {
	if d.reported || d.cur < 0 {
		return dst
	}
	if !d.longEnough() || !d.onFrequency() {
		return dst
	}
	d.reported = true
	return append(dst, DTMFEvent{Digit: dtmfKeys[d.cur/4][d.cur%4], At: d.runStart})
}

func (d *DTMFDetector) longEnough() bool {
	var ml, mh float64
	for i := 0; i < d.nh; i++ {
		ml = math.Max(ml, cmplx.Abs(d.hl[i]))
		mh = math.Max(mh, cmplx.Abs(d.hh[i]))
	}
	n := 0
	for i := 0; i < d.nh; i++ {
		if cmplx.Abs(d.hl[i]) >= dtmfHalfFill*ml && cmplx.Abs(d.hh[i]) >= dtmfHalfFill*mh {
			n++
		}
	}
	return n >= dtmfMinHalves
}

// onFrequency checks both tones' frequencies and then the purity of the
// run (dtmfPureFraction), which needs the offsets.
func (d *DTMFDetector) onFrequency() bool {
	r, c := d.cur/4, 4+d.cur%4
	devR, okR := d.freqOK(r, d.hl[:d.nh], d.fineL)
	devC, okC := d.freqOK(c, d.hh[:d.nh], d.fineH)
	if !okR || !okC {
		return false
	}
	lr, lc := binLoss(devR), binLoss(devC)
	n := 0
	for _, b := range d.blk[:d.nb] {
		if 2*(float64(b[0])/lr+float64(b[1])/lc)/dtmfBlock >= dtmfPureFraction*float64(b[2]) {
			n++
		}
	}
	return n >= dtmfPureBlocks
}

// dialEnergy is the energy of North American dial tone (350 + 440 Hz) in
// the block: a key pressed while dial tone still sounds (the exchange
// removes it only once it hears the first key) is not made impure by it.
// Only the other noise counts against the key: speech and music are not
// dial tone, so removing these two narrow bands leaves their impurity.
func (d *DTMFDetector) dialEnergy() float64 {
	var e float64
	for _, c := range [2]float64{dialCoef350, dialCoef440} {
		var s1, s2 float64
		for _, v := range d.buf {
			s1, s2 = c*s1-s2+float64(v), s1
		}
		e += 2 * (s1*s1 + s2*s2 - c*s1*s2) / dtmfBlock
	}
	return e
}

var (
	dialCoef350 = 2 * math.Cos(2*math.Pi*350/SampleRate)
	dialCoef440 = 2 * math.Cos(2*math.Pi*440/SampleRate)
)

// binLoss is the power a Goertzel filter of dtmfBlock samples gives a sine
// dev Hz away from its frequency, relative to one on it.
func binLoss(dev float64) float64 {
	x := math.Pi * dev / SampleRate
	if math.Abs(x) < 1e-9 {
		return 1
	}
	g := math.Sin(x*dtmfBlock) / (dtmfBlock * math.Sin(x))
	return math.Max(g*g, 0.1)
}

// freqOK estimates the tone's offset from nominal (Hz) and checks the tolerance.
func (d *DTMFDetector) freqOK(k int, h []complex128, fine complex128) (float64, bool) {
	f0 := dtmfFreq(k)
	// coarse: half-block to half-block (lag 51), unambiguous to +-78 Hz
	var acc complex128
	var mx float64
	for _, v := range h {
		mx = math.Max(mx, cmplx.Abs(v))
	}
	for i := 0; i+1 < len(h); i++ {
		if cmplx.Abs(h[i]) < 0.3*mx || cmplx.Abs(h[i+1]) < 0.3*mx {
			continue
		}
		acc += h[i+1] * cmplx.Conj(h[i])
	}
	if acc == 0 {
		return 0, false
	}
	w := 2 * math.Pi * f0 / SampleRate
	coarse := cmplx.Phase(acc*cmplx.Exp(complex(0, -w*dtmfHalf))) * SampleRate / (2 * math.Pi * dtmfHalf)
	dev := coarse
	if d.nFine > 0 && fine != 0 {
		fineDev := cmplx.Phase(fine*cmplx.Exp(complex(0, -w*dtmfBlock))) * SampleRate / (2 * math.Pi * dtmfBlock)
		step := float64(SampleRate) / dtmfBlock
		best := fineDev
		for m := -1; m <= 1; m++ {
			cand := fineDev + float64(m)*step
			if math.Abs(cand-coarse) < math.Abs(best-coarse) {
				best = cand
			}
		}
		dev = best
	}
	return dev, math.Abs(dev) <= dtmfFreqTol*f0
}
