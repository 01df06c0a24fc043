//go:build !amd64 || purego

package dsp

// haveFSKKernel: no vector kernel here; fskFilter.run uses generic.
const haveFSKKernel = false

func fskKernel(k *fskLanes, lo *[80][2]float32, ix int, x []int16, out []fskRec) int {
	panic("dsp: no FSK kernel on this architecture")
}
