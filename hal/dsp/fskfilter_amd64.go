//go:build amd64 && !purego

package dsp

// haveFSKKernel: fskKernel is the SSE loop of fskfilter_amd64.s.
const haveFSKKernel = true

// fskKernel runs the mixer, both biquads (stage 2 two samples behind, in
// the high lanes of the same registers), the discriminator and the power
// over x, writing out[i] for the stage-2 sample of step i (len(out) >= len(x));
// it returns the oscillator index after the last sample. The operations and
// their order are those of fskFilter.stage1 and stage2.
//
//go:noescape
func fskKernel(k *fskLanes, lo *[80][2]float32, ix int, x []int16, out []fskRec) (ixOut int)
