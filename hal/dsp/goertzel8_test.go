package dsp

import (
	"math"
	"runtime"
	"testing"
)

// The kernel goertzel8 (SSE on amd64) must compute what goertzel8Generic
// does: bit for bit on amd64 (same expression, same order, no fused
// multiply-add), within float32 rounding elsewhere (arm64 fuses it).
func TestGoertzel8_Kernel(t *testing.T) {
	d := NewDTMFDetector()
	sig := BenchDTMFSignal()[:20000]
	sig[7], sig[8] = math.MaxInt16, math.MinInt16 // extremes convert and square exactly
	var bk, bg goertzelBank
	var ek, eg int64
	for i := 0; i < len(sig); {
		n := min(1+i%103, len(sig)-i) // odd and even lengths, 1 to 103
		ek += goertzel8(&bk, &d.coef, sig[i:i+n])
		eg += goertzel8Generic(&bg, &d.coef, sig[i:i+n])
		i += n
		if i%2000 < n { // restart now and then, as blocks do
			if !bankClose(bk, bg) {
				t.Fatalf("at sample %d: kernel %v, generic %v", i, bk, bg)
			}
			bk, bg = goertzelBank{}, goertzelBank{}
		}
	}
	if ek != eg {
		t.Errorf("energy: kernel %d, generic %d", ek, eg)
	}
	if goertzel8(&bk, &d.coef, nil) != 0 {
		t.Error("energy of nothing is not 0")
	}
}

func bankClose(a, b goertzelBank) bool {
	for i := range a {
		for k := range a[i] {
			if runtime.GOARCH == "amd64" {
				if math.Float32bits(a[i][k]) != math.Float32bits(b[i][k]) {
					return false
				}
				continue
			}
			if d := math.Abs(float64(a[i][k] - b[i][k])); d > 1e-3*math.Max(1, math.Abs(float64(b[i][k]))) {
				return false
			}
		}
	}
	return true
}
