package dsp

import "math"

// fskFilter is the signal half of the FSK demodulator: per sample, mix down
// by 1700 Hz (table oscillator), a 4th-order Butterworth low-pass (800 Hz,
// two cascaded biquads in direct form I) on I and Q, then the delay-line
// discriminator and a smoothed power for the carrier detector. Its output,
// one fskRec per sample, is all the UART in fskDemod looks at.
//
// run uses fskKernel (SSE on amd64, fskfilter_amd64.s) where there is one,
// fskFilter.generic elsewhere. Both compute every value with the same
// float32 operations in the same order and no fused multiply-add (the
// float32() conversions below forbid fusing), so their output is bit for
// bit the same on every architecture; TestFSKFilter_Kernel checks it.
type fskFilter struct {
	lo   [80][2]float32 // cos, -sin of 1700 Hz over its 80-sample period
	loIx int

	// coefficients in the kernel's lanes: I and Q of stage 1, I and Q of
	// stage 2 (b1 = 2 b0 and b2 = b0 for a low-pass)
	b0, a1, a2 [4]float32

	// [I, Q] histories: x = mixer output (stage-1 input), y = stage-1
	// output (stage-2 input), z = stage-2 output.
	x1, x2, y1, y2, z1, z2 [2]float32
	pwr                    float32 // smoothed |z|^2
}

// fskRec is the filter's output for one sample.
type fskRec struct {
	dot  float32 // Re(z[n] conj z[n-1]): the frequency estimate's cosine part
	disc float32 // Im(z[n] conj z[n-1]): negative for mark, positive for space
	p    float32 // |z[n]|^2
	pwr  float32 // p smoothed over about 16 samples
}

// fskChunk is the number of samples filtered before the UART runs over them.
const fskChunk = 256

func newFSKFilter() fskFilter {
	var f fskFilter
	for i := range f.lo {
		w := 2 * math.Pi * 1700 * float64(i) / SampleRate
		f.lo[i] = [2]float32{float32(math.Cos(w)), float32(-math.Sin(w))}
	}
	// 4th-order Butterworth at 800 Hz: two biquads with Q 0.5412 and 1.3066.
	b0a, a1a, a2a := lowpassBiquad(800, 0.5412)
	b0b, a1b, a2b := lowpassBiquad(800, 1.3066)
	f.b0 = [4]float32{b0a, b0a, b0b, b0b}
	f.a1 = [4]float32{a1a, a1a, a1b, a1b}
	f.a2 = [4]float32{a2a, a2a, a2b, a2b}
	return f
}

// lowpassBiquad returns b0 (b1 = 2 b0, b2 = b0) and a1, a2 of an RBJ low-pass.
func lowpassBiquad(fc, q float64) (b0, a1, a2 float32) {
	w := 2 * math.Pi * fc / SampleRate
	alpha := math.Sin(w) / (2 * q)
	a0 := 1 + alpha
	return float32((1 - math.Cos(w)) / 2 / a0), float32(-2 * math.Cos(w) / a0), float32((1 - alpha) / a0)
}

// run filters x into out (len(out) >= len(x)).
func (f *fskFilter) run(x []int16, out []fskRec) {
	n := len(x)
	if !haveFSKKernel || n < 3 {
		f.generic(x, out)
		return
	}
	// The kernel computes stage 1 of sample m and stage 2 of sample m-2 in
	// one four-lane step (two behind, so that stage 2's input is not on
	// the critical path of the next step). It starts after stage 1 of the
	// first two samples and leaves stage 2 of the last two to do here.
	y0 := f.stage1(x[0], f.y1, f.y2)
	y1 := f.stage1(x[1], y0, f.y1)
	k := fskLanes{
		h1:  [4]float32{f.x1[0], f.x1[1], f.y1[0], f.y1[1]},
		h2:  [4]float32{f.x2[0], f.x2[1], f.y2[0], f.y2[1]},
		y1:  [4]float32{y1[0], y1[1], f.z1[0], f.z1[1]},
		y2:  [4]float32{y0[0], y0[1], f.z2[0], f.z2[1]},
		b0:  f.b0,
		a1:  f.a1,
		a2:  f.a2,
		pwr: f.pwr,
	}
	f.loIx = fskKernel(&k, &f.lo, f.loIx, x[2:], out[:n-2])
	f.x1 = [2]float32{k.h1[0], k.h1[1]}
	f.x2 = [2]float32{k.h2[0], k.h2[1]}
	f.y1 = [2]float32{k.h1[2], k.h1[3]}
	f.y2 = [2]float32{k.h2[2], k.h2[3]}
	f.z1 = [2]float32{k.y1[2], k.y1[3]}
	f.z2 = [2]float32{k.y2[2], k.y2[3]}
	f.pwr = k.pwr
	out[n-2] = f.stage2([2]float32{k.y2[0], k.y2[1]})
	out[n-1] = f.stage2([2]float32{k.y1[0], k.y1[1]})
}

// fskLanes is the kernel's state, lanes [I1, Q1, I2, Q2]: stage 1's input
// and output histories in the low lanes, stage 2's (two samples behind) in
// the high lanes. The layout is fixed: the assembly uses its offsets.
type fskLanes struct {
	h1, h2     [4]float32 // inputs of the last two steps: [x[m-1], y[m-3]], [x[m-2], y[m-4]]
	y1, y2     [4]float32 // their outputs: [y[m-1], z[m-3]], [y[m-2], z[m-4]]
	b0, a1, a2 [4]float32
	pwr        float32
}

// generic is the filter in plain Go: fskFilter.stage1 and stage2 one
// sample after the other, with the state in local variables.
func (f *fskFilter) generic(x []int16, out []fskRec) {
	lo := &f.lo
	ix := f.loIx
	b0a, a1a, a2a := f.b0[0], f.a1[0], f.a2[0]
	b0b, a1b, a2b := f.b0[2], f.a1[2], f.a2[2]
	ix1, qx1, ix2, qx2 := f.x1[0], f.x1[1], f.x2[0], f.x2[1]
	iy1, qy1, iy2, qy2 := f.y1[0], f.y1[1], f.y2[0], f.y2[1]
	iz1, qz1, iz2, qz2 := f.z1[0], f.z1[1], f.z2[0], f.z2[1]
	pwr := f.pwr
	out = out[:len(x)]
	for i, s := range x {
		x := float32(s)
		c := lo[ix]
		ix++
		if ix == len(lo) {
			ix = 0
		}
		xi, xq := float32(x*c[0]), float32(x*c[1])
		yi := float32(b0a*((ix1+ix1+xi)+ix2)) - float32(a1a*iy1) - float32(a2a*iy2)
		yq := float32(b0a*((qx1+qx1+xq)+qx2)) - float32(a1a*qy1) - float32(a2a*qy2)
		ix2, ix1, qx2, qx1 = ix1, xi, qx1, xq
		zi := float32(b0b*((iy1+iy1+yi)+iy2)) - float32(a1b*iz1) - float32(a2b*iz2)
		zq := float32(b0b*((qy1+qy1+yq)+qy2)) - float32(a1b*qz1) - float32(a2b*qz2)
		iy2, iy1, qy2, qy1 = iy1, yi, qy1, yq
		p := float32(zi*zi) + float32(zq*zq)
		pwr += float32((p - pwr) * (1.0 / 16))
		out[i] = fskRec{
			dot:  float32(zi*iz1) + float32(zq*qz1),
			disc: float32(zq*iz1) - float32(zi*qz1),
			p:    p,
			pwr:  pwr,
		}
		iz2, iz1, qz2, qz1 = iz1, zi, qz1, zq
	}
	f.loIx = ix
	f.x1, f.x2 = [2]float32{ix1, qx1}, [2]float32{ix2, qx2}
	f.y1, f.y2 = [2]float32{iy1, qy1}, [2]float32{iy2, qy2}
	f.z1, f.z2 = [2]float32{iz1, qz1}, [2]float32{iz2, qz2}
	f.pwr = pwr
}

// stage1 mixes one sample down and runs the first biquad on I and Q with
// output history y1, y2 (the kernel's start runs it twice before stage2
// has seen the first result); it returns the stage-1 output.
func (f *fskFilter) stage1(s int16, y1, y2 [2]float32) [2]float32 {
	x := float32(s)
	c := f.lo[f.loIx]
	f.loIx++
	if f.loIx == len(f.lo) {
		f.loIx = 0
	}
	xi, xq := float32(x*c[0]), float32(x*c[1])
	b0, a1, a2 := f.b0[0], f.a1[0], f.a2[0]
	yi := float32(b0*((f.x1[0]+f.x1[0]+xi)+f.x2[0])) - float32(a1*y1[0]) - float32(a2*y2[0])
	yq := float32(b0*((f.x1[1]+f.x1[1]+xq)+f.x2[1])) - float32(a1*y1[1]) - float32(a2*y2[1])
	f.x2, f.x1 = f.x1, [2]float32{xi, xq}
	return [2]float32{yi, yq}
}

// stage2 runs the second biquad on the stage-1 output, then the
// discriminator and the power.
func (f *fskFilter) stage2(y [2]float32) fskRec {
	yi, yq := y[0], y[1]
	b0, a1, a2 := f.b0[2], f.a1[2], f.a2[2]
	zi := float32(b0*((f.y1[0]+f.y1[0]+yi)+f.y2[0])) - float32(a1*f.z1[0]) - float32(a2*f.z2[0])
	zq := float32(b0*((f.y1[1]+f.y1[1]+yq)+f.y2[1])) - float32(a1*f.z1[1]) - float32(a2*f.z2[1])
	f.y2, f.y1 = f.y1, [2]float32{yi, yq}
	iz1, qz1 := f.z1[0], f.z1[1]
	f.z2, f.z1 = f.z1, [2]float32{zi, zq}
	r := fskRec{
		dot:  float32(zi*iz1) + float32(zq*qz1),
		disc: float32(zq*iz1) - float32(zi*qz1),
		p:    float32(zi*zi) + float32(zq*zq),
	}
	f.pwr += float32((r.p - f.pwr) * (1.0 / 16))
	r.pwr = f.pwr
	return r
}
