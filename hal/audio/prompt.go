package audio

import (
	"io"
	"math"
)

// Rate is the box's audio sample rate.
const Rate = 8000

// LoadPrompt reads a WAV prompt and returns it as 8 kHz mono 16-bit PCM:
// channels are averaged and other rates are resampled (windowed-sinc
// low-pass interpolation, so 44.1/48/16 kHz prompts do not alias).
func LoadPrompt(r io.Reader) ([]int16, error) {
	c, err := ReadWAV(r)
	if err != nil {
		return nil, err
	}
	return Resample(c.Mono(), c.Rate, Rate), nil
}

// Resample converts mono pcm from rate `from` to rate `to` with a windowed
// sinc interpolator whose cut-off is 0.45 of the lower rate.
func Resample(pcm []int16, from, to int) []int16 {
	if from == to || len(pcm) == 0 || from <= 0 || to <= 0 {
		return pcm
	}
	ratio := float64(to) / float64(from)
	n := int(math.Floor(float64(len(pcm)) * ratio))
	out := make([]int16, n)
	cut := 0.45 * math.Min(1, ratio) // cycles per input sample, relative to input rate
	const half = 16                  // taps each side, in units of the wider period
	width := float64(half) / math.Min(1, ratio)
	for i := range out {
		t := float64(i) / ratio // position in input samples
		lo := int(math.Ceil(t - width))
		hi := int(math.Floor(t + width))
		var acc, wsum float64
		for k := lo; k <= hi; k++ {
			if k < 0 || k >= len(pcm) {
				continue
			}
			x := float64(k) - t
			w := 2 * cut * sinc(2*cut*x) * blackman(x/width)
			acc += w * float64(pcm[k])
			wsum += w
		}
		if wsum != 0 {
			acc /= wsum
		}
		out[i] = clip16(acc)
	}
	return out
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// blackman is a Blackman window over u in [-1, 1].
func blackman(u float64) float64 {
	if u < -1 || u > 1 {
		return 0
	}
	return 0.42 + 0.5*math.Cos(math.Pi*u) + 0.08*math.Cos(2*math.Pi*u)
}

func clip16(v float64) int16 {
	v = math.Round(v)
	if v > 32767 {
		return 32767
	}
	if v < -32768 {
		return -32768
	}
	return int16(v)
}
