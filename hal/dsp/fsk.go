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
// allocation or interface call per sample. The filter half (fskFilter, with
// an SSE kernel on amd64) runs over a chunk of samples first, then the UART
// over its output.
type fskDemod struct {
	f   fskFilter
	rec [fskChunk]fskRec // the filter's output for the UART, one chunk at a time

	carrier bool
	minPwr  float32

	// UART
	state      int // 0 hunting, 1 in a character
	k, r       int // bit and position in it (thirds of a sample) since the start edge
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
	d := &fskDemod{f: newFSKFilter()}
	// |z|^2 of a sine at level L after mixing is (A/2)^2.
	a := ampOf(minDBm0) / 2
	d.minPwr = float32(a * a)
	return d
}

// process demodulates pcm and calls emit for each framed character; the
// bool reports carrier loss (emit(uartChar{}, true)) once per burst end.
func (d *fskDemod) process(pcm []int16, emit func(c uartChar, carrierLost bool)) {
	for len(pcm) > 0 {
		n := min(len(pcm), fskChunk)
		rec := d.rec[:n]
		d.f.run(pcm[:n], rec)
		pcm = pcm[n:]
		minPwr := d.minPwr
		for i := range rec {
			r := &rec[i]
			// the common cases inline, without a call per sample: no
			// carrier (silence between bursts), idle mark while hunting,
			// and the samples of a character
			switch {
			case !d.carrier:
				if r.pwr >= minPwr {
					d.step(r.disc, r.dot, r.pwr, emit)
				}
			case d.state == 0 && r.disc < 0:
				d.idleMark(r.disc, r.dot)
			case d.state == 1 && r.pwr >= minPwr:
				if d.sampleBit(r.disc) {
					d.decide(emit)
				}
			default:
				d.step(r.disc, r.dot, r.pwr, emit)
			}
		}
	}
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
	if d.state == 1 {
		if d.sampleBit(disc) {
			d.decide(emit)
		}
		return
	}
	// hunting for a start bit
	if disc < 0 {
		d.idleMark(disc, dot)
		return
	}
	// mark->space edge: a start bit once two space samples in a row
	// follow some mark (one lone sample is taken for noise).
	d.spaceRun++
	if d.spaceRun < 2 {
		d.glitches++
		return
	}
	if d.markRun >= 3 {
		d.state = 1
		d.k, d.r = 0, 3 // the edge was at the first space sample
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
}

// idleMark counts one mark sample while hunting (a lone space sample inside
// the mark is noise) and adds it to the mark-frequency estimate.
func (d *fskDemod) idleMark(disc, dot float32) {
	d.markRun++
	d.spaceRun = 0
	d.idleBits += fskBitStep
	d.sumD += float64(disc)
	d.sumP += float64(dot)
	d.nD++
}

// sampleBit takes one sample of a character: in thirds of a sample a bit is
// 20 long, so t samples after the start edge are bit k = 3t/20, at
// r = 3t%20 inside it. Data bits are integrated over r in [4,14] (0.2-0.7
// of the bit: the first samples still carry the previous bit); the stop
// bit only to its middle, so hunting resumes before the next start edge
// (otherwise a late edge makes every following character later). It
// reports whether the bit is now to be decided.
func (d *fskDemod) sampleBit(disc float32) bool {
	d.r += 3
	if d.r >= 20 {
		d.r -= 20
		d.k++
	}
	if d.k != d.bitIdx {
		return false // past the decision point of bitIdx
	}
	end := 14
	if d.k == 9 {
		end = 10
	}
	if d.r >= 4 && d.r <= end {
		d.bitAcc += disc
	}
	return d.r >= end
}

// decide ends bit bitIdx of the character: the start bit (a mark there is
// a false start), a data bit, or the stop bit, which emits the character.
func (d *fskDemod) decide(emit func(uartChar, bool)) {
	k := d.k
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
}
