package sim

import (
	"math"
	"strings"
)

// Speech returns speech-like audio for text (8 kHz): one voiced syllable
// per vowel group, with a pitch contour and two formants, words separated
// by short pauses, ending with 300 ms of silence. It is not intelligible;
// it has the level, rhythm and spectrum of a voice, which is what silence
// detection, recording limits and "what the caller said" need.
func Speech(text string) []int16 {
	var out []int16
	words := strings.Fields(strings.ToLower(text))
	seed := uint32(2166136261)
	for _, w := range words {
		syll := 0
		prevVowel := false
		for _, r := range w {
			seed = (seed ^ uint32(r)) * 16777619
			v := strings.ContainsRune("aeiouy", r)
			if v && !prevVowel {
				syll++
			}
			prevVowel = v
		}
		syll = max(syll, 1)
		for k := 0; k < syll; k++ {
			seed = seed*1664525 + 1013904223
			out = append(out, syllable(seed)...)
			out = append(out, make([]int16, 8000*40/1000)...)
		}
		out = append(out, make([]int16, 8000*120/1000)...)
	}
	return append(out, make([]int16, 8000*300/1000)...)
}

// syllable is ~180 ms of a voiced sound shaped by an attack/decay envelope.
func syllable(seed uint32) []int16 {
	n := 8000 * (150 + int(seed%60)) / 1000
	f0 := 110 + float64(seed>>8%40)
	f1 := 350 + float64(seed>>12%500) // first formant
	f2 := 1100 + float64(seed>>20%1200)
	out := make([]int16, n)
	ph := 0.0
	for i := range out {
		t := float64(i) / float64(n)
		env := math.Sin(math.Pi * t)
		pitch := f0 * (1.1 - 0.2*t)
		ph += 2 * math.Pi * pitch / 8000
		v := 0.0
		for h := 1; h*int(pitch) < 3400; h++ {
			f := float64(h) * pitch
			g := 1/(1+sq((f-f1)/150)) + 0.5/(1+sq((f-f2)/200))
			v += g * math.Sin(float64(h)*ph) / float64(h)
		}
		out[i] = int16(max(-32000, min(32000, 9000*env*v)))
	}
	return out
}

func sq(x float64) float64 { return x * x }
