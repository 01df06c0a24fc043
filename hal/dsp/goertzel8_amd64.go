//go:build amd64 && !purego

package dsp

// goertzel8 is goertzel8Generic in SSE (goertzel8_amd64.s): the eight
// filters in two four-lane registers, one sample per step.
//
//go:noescape
func goertzel8(b *goertzelBank, coef *[8]float32, x []int16) (energy int64)
