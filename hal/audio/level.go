package audio

import "math"

// FullScaleSineDBm0 is the level of a full-scale sine (peak 32767) in dBm0,
// the G.711 convention.
const FullScaleSineDBm0 = 3.14

// RMS0dBm0 is the RMS value, in 16-bit sample units, of a 0 dBm0 signal:
// 32767/sqrt(2) / 10^(3.14/20).
const RMS0dBm0 = 16140.67

const rms0 = RMS0dBm0

// LevelDBm0 returns the RMS level of pcm in dBm0 (-inf... clamped to -200 for
// silence or an empty slice).
func LevelDBm0(pcm []int16) float64 {
	if len(pcm) == 0 {
		return -200
	}
	var sum float64
	for _, s := range pcm {
		v := float64(s)
		sum += v * v
	}
	return PowerDBm0(sum / float64(len(pcm)))
}

// PowerDBm0 converts a mean-square value (sample units squared) to dBm0.
func PowerDBm0(meanSquare float64) float64 {
	if meanSquare <= 0 {
		return -200
	}
	return 10 * math.Log10(meanSquare/(rms0*rms0))
}

// SineAmplitude returns the peak amplitude, in sample units, of a sine whose
// level is dbm0 (0 dBm0 -> about 22 781).
func SineAmplitude(dbm0 float64) float64 {
	return rms0 * math.Sqrt2 * math.Pow(10, dbm0/20)
}
