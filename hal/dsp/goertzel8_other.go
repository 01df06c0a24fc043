//go:build !amd64 || purego

package dsp

func goertzel8(b *goertzelBank, coef *[8]float32, x []int16) int64 {
	return goertzel8Generic(b, coef, x)
}
