package dsp

import "math"

// fskDemod turns 8 kHz audio into a stream of UART characters from 1200 baud
// FSK centred on 1700 Hz, which serves Bell 202 (1200/2200 Hz) and V.23
// (1300/2100 Hz) alike. Per sample: mix down by 1700 Hz (table oscillator),
// a 4th-order Butterworth low-pass (800 Hz) on I and Q, then the
// delay-line discriminator Im(z[n] conj z[n-1]): negative for mark, positive
// for space. Bits are integrated over the middle of each bit period after a
// start edge; the mark frequency is measured during the idle mark so the
// receiver knows Bell 202 from V.23. Everything is float32 with no
// allocation or interface call per sample.
type fskDemod struct {
	lo   [80][2]float32 // cos, -sin of 1700 Hz over its 80-sample period
	loIx int

	// two cascaded biquads per rail, direct form I, Butterworth low-pass
	b0a, a1a, a2a float32
	b0b, a1b, a2b float32
	// I and Q rails: x = mixer output history, y = stage-1 output
	// (stage-2 input) history, z = stage-2 output history.
	ix1, ix2, iy1, iy2, iz1, iz2 float32
	qx1, qx2, qy1, qy2, qz1, qz2 float32

	pwr     float32 // smoothed |z|^2
	carrier bool
	minPwr  float32

	// UART
	state      int  // 0 hunting, 1 in a character
	t          int  // samples since the start edge
	decided    bool // the current bit was decided
	bitAcc     float32
	bitIdx     int
	char       uint16
	markRun    int     // samples of continuous mark while hunting
	spaceRun   int     // consecutive space samples while hunting
	glitches   int     // lone space samples inside the idle mark (impurity)
	idleBits   float32 // mark bits since the last character ended
	sumD, sumP float64 // discriminator sums over the idle mark (frequency estimate)
	nD         int
	lastMarkHz float64 // estimated mark frequency of the current burst
}

const (
	fskBitStep       = float32(fskBaud / SampleRate) // bits per sample
	fskSamplesPerBit = float32(SampleRate / fskBaud) // 6.667
)

// uartChar is one framed character out of the demodulator.
type uartChar struct {
	b        byte
	framing  bool    // stop bit was space
	idleBits float32 // mark bits idle before the start bit
	markHz   float64 // mark frequency measured over the idle mark before it
	glitches int     // lone space samples in that idle mark
}

func newFSKDemod(minDBm0 float64) *fskDemod {
	d := &fskDemod{}
	for i := range d.lo {
		w := 2 * math.Pi * 1700 * float64(i) / SampleRate
		d.lo[i] = [2]float32{float32(math.Cos(w)), float32(-math.Sin(w))}
	}
	// 4th-order Butterworth at 800 Hz: two biquads with Q 0.5412 and 1.3066.
	d.b0a, d.a1a, d.a2a = lowpassBiquad(800, 0.5412)
	d.b0b, d.a1b, d.a2b = lowpassBiquad(800, 1.3066)
	// |z|^2 of a sine at level L after mixing is (A/2)^2.
	a := ampOf(minDBm0) / 2
	d.minPwr = float32(a * a)
	return d
}

// lowpassBiquad returns b0 (b1 = 2 b0, b2 = b0) and a1, a2 of an RBJ low-pass.
func lowpassBiquad(fc, q float64) (b0, a1, a2 float32) {
	w := 2 * math.Pi * fc / SampleRate
	alpha := math.Sin(w) / (2 * q)
	a0 := 1 + alpha
	return float32((1 - math.Cos(w)) / 2 / a0), float32(-2 * math.Cos(w) / a0), float32((1 - alpha) / a0)
}

// process demodulates pcm and calls emit for each framed character; the
// bool reports carrier loss (emit(uartChar{}, true)) once per burst end.
func (d *fskDemod) process(pcm []int16, emit func(c uartChar, carrierLost bool)) {
	lo := &d.lo
	ix := d.loIx
	b0a, a1a, a2a := d.b0a, d.a1a, d.a2a
	b0b, a1b, a2b := d.b0b, d.a1b, d.a2b
	ix1, ix2, iy1, iy2, iz1, iz2 := d.ix1, d.ix2, d.iy1, d.iy2, d.iz1, d.iz2
	qx1, qx2, qy1, qy2, qz1, qz2 := d.qx1, d.qx2, d.qy1, d.qy2, d.qz1, d.qz2
	pwr := d.pwr
	minPwr := d.minPwr
	for _, s := range pcm {
		x := float32(s)
		c := lo[ix]
		ix++
		if ix == len(lo) {
			ix = 0
		}
		xi := x * c[0]
		xq := x * c[1]
		// stage 1
		yi := b0a*(xi+2*ix1+ix2) - a1a*iy1 - a2a*iy2
		ix2, ix1 = ix1, xi
		yq := b0a*(xq+2*qx1+qx2) - a1a*qy1 - a2a*qy2
		qx2, qx1 = qx1, xq
		// stage 2 (input history = stage-1 output history)
		zi := b0b*(yi+2*iy1+iy2) - a1b*iz1 - a2b*iz2
		zq := b0b*(yq+2*qy1+qy2) - a1b*qz1 - a2b*qz2
		iy2, iy1 = iy1, yi
		qy2, qy1 = qy1, yq
		// discriminator on the previous stage-2 outputs
		disc := zq*iz1 - zi*qz1
		dot := zi*iz1 + zq*qz1
		iz2, iz1 = iz1, zi
		qz2, qz1 = qz1, zq
		p := zi*zi + zq*zq
		pwr += (p - pwr) * (1.0 / 16)
		// the two common cases inline, without a call per sample: no
		// carrier (silence between bursts), and idle mark while hunting
		switch {
		case pwr < minPwr && !d.carrier:
		case d.carrier && d.state == 0 && disc < 0:
			d.markRun++
			d.spaceRun = 0
			d.idleBits += fskBitStep
			d.sumD += float64(disc)
			d.sumP += float64(dot)
			d.nD++
		default:
			d.step(disc, dot, pwr, emit)
		}
	}
	d.loIx = ix
	d.ix1, d.ix2, d.iy1, d.iy2, d.iz1, d.iz2 = ix1, ix2, iy1, iy2, iz1, iz2
	d.qx1, d.qx2, d.qy1, d.qy2, d.qz1, d.qz2 = qx1, qx2, qy1, qy2, qz1, qz2
	d.pwr = pwr
}

// step runs the carrier detector and the UART for one discriminator sample.
func (d *fskDemod) step(disc, dot, pwr float32, emit func(uartChar, bool)) {
	if pwr < d.minPwr {
		if d.carrier {
			d.carrier = false
			d.state = 0
			d.markRun = 0
			d.spaceRun = 0
			d.glitches = 0
			d.idleBits = 0
			d.sumD, d.sumP, d.nD = 0, 0, 0
			emit(uartChar{}, true)
		}
		return
	}
	d.carrier = true
	switch d.state {
	case 0: // hunting for a start bit
		if disc < 0 {
			d.markRun++
			d.spaceRun = 0 // a lone space sample inside the mark is noise
			d.idleBits += fskBitStep
			d.sumD += float64(disc)
			d.sumP += float64(dot)
			d.nD++
			break
		}
		// mark->space edge: a start bit once two space samples in a row
		// follow some mark (one lone sample is taken for noise).
		d.spaceRun++
		if d.spaceRun < 2 {
			d.glitches++
			break
		}
		if d.markRun >= 3 {
			d.state = 1
			d.t = 1 // the edge was at the first space sample
			d.bitAcc = disc
			d.bitIdx = 0
			d.char = 0
			if d.nD > 0 {
				w := math.Atan2(d.sumD, d.sumP) // radians per sample, negative for mark
				d.lastMarkHz = 1700 + w*SampleRate/(2*math.Pi)
			}
		}
		d.markRun = 0
		d.spaceRun = 0
	case 1:
		// t counts samples since the edge; in thirds of a sample a bit is
		// 20 long, so bit k = 3t/20 and r = 3t%20 is the position inside it.
		d.t++
		q := 3 * d.t
		k, r := q/20, q%20
		if k != d.bitIdx {
			break // past the decision point of bitIdx (cannot happen: r >= 16 is always visited)
		}
		// data bits are integrated over r in [4,14] (0.2-0.7 of the bit:
		// the first samples still carry the previous bit); the stop bit only to
		// its middle, so hunting resumes before the next start edge
		// (otherwise a late edge makes every following character later).
		end := 14
		if k == 9 {
			end = 10
		}
		if r >= 4 && r <= end {
			d.bitAcc += disc
		}
		if r < end || d.decided {
			break
		}
		d.decided = true
		bit := d.bitAcc < 0 // mark = 1
		d.bitAcc = 0
		switch {
		case k == 0:
			if bit { // false start
				d.state = 0
				d.markRun = 1
			}
		case k <= 8:
			if bit {
				d.char |= 1 << (k - 1)
			}
		default: // stop bit
			emit(uartChar{b: byte(d.char), framing: !bit, idleBits: d.idleBits, markHz: d.lastMarkHz, glitches: d.glitches}, false)
			d.glitches = 0
			d.state = 0
			d.markRun = 0
			d.spaceRun = 0
			d.idleBits = 0
			d.sumD, d.sumP, d.nD = 0, 0, 0
			if bit {
				d.markRun = 3 // the stop bit was mark: the next edge is a start bit
			}
		}
		d.bitIdx++
		d.decided = false
	}
}
