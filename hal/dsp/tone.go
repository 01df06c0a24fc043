package dsp

import (
	"math"
	"time"

	"secretary/hal/audio"
)

// SampleRate is the rate of every signal in this package.
const SampleRate = 8000

// Segment is one piece of a tone plan: up to two frequencies (0 = unused;
// both 0 = silence) at LevelDBm0 each, for Dur.
type Segment struct {
	F1, F2    float64
	LevelDBm0 float64
	Dur       time.Duration
}

// samplesOf converts a duration to a sample count at 8 kHz (rounded).
func samplesOf(d time.Duration) int {
	return int((d*SampleRate + time.Second/2) / time.Second)
}

// AppendSegments appends the synthesis of segs to dst. Each frequency keeps
// its phase across consecutive segments that use it, so cadenced tones have
// no clicks at the joins other than the on/off edges themselves.
func AppendSegments(dst []int16, segs ...Segment) []int16 {
	var ph1, ph2 float64
	for _, s := range segs {
		n := samplesOf(s.Dur)
		if s.F1 == 0 && s.F2 == 0 {
			for i := 0; i < n; i++ {
				dst = append(dst, 0)
			}
			ph1, ph2 = 0, 0
			continue
		}
		a := audio.SineAmplitude(s.LevelDBm0)
		w1 := 2 * math.Pi * s.F1 / SampleRate
		w2 := 2 * math.Pi * s.F2 / SampleRate
		for i := 0; i < n; i++ {
			v := 0.0
			if s.F1 != 0 {
				v += a * math.Sin(ph1)
				ph1 += w1
			}
			if s.F2 != 0 {
				v += a * math.Sin(ph2)
				ph2 += w2
			}
			dst = append(dst, sat16(v))
		}
		ph1 = math.Mod(ph1, 2*math.Pi)
		ph2 = math.Mod(ph2, 2*math.Pi)
	}
	return dst
}

func sat16(v float64) int16 {
	v = math.Round(v)
	if v > 32767 {
		return 32767
	}
	if v < -32768 {
		return -32768
	}
	return int16(v)
}

// ToneSignal returns f1 (+ f2 unless 0) at dbm0 per tone for d.
func ToneSignal(f1, f2, dbm0 float64, d time.Duration) []int16 {
	return AppendSegments(nil, Segment{F1: f1, F2: f2, LevelDBm0: dbm0, Dur: d})
}

// CadenceSignal returns f1+f2 at dbm0 per tone switched by cadence
// (on, off, on, off, ... durations, repeated) until total has elapsed.
func CadenceSignal(f1, f2, dbm0 float64, cadence []time.Duration, total time.Duration) []int16 {
	n := samplesOf(total)
	out := make([]int16, 0, n)
	if len(cadence) == 0 {
		return AppendSegments(out, Segment{F1: f1, F2: f2, LevelDBm0: dbm0, Dur: total})
	}
	for len(out) < n {
		for i, d := range cadence {
			seg := Segment{LevelDBm0: dbm0, Dur: d}
			if i%2 == 0 {
				seg.F1, seg.F2 = f1, f2
			}
			out = AppendSegments(out, seg)
		}
	}
	return out[:n]
}

// North American call-progress tone levels (dBm0 per tone).
const (
	DialToneLevel = -13.0
	BusyLevel     = -24.0
	RingbackLevel = -19.0
	BeepLevel     = -13.0
)

// Tone is a call-progress tone: one or two frequencies (F2 0: one) at
// LevelDBm0 each, switched by Cadence (on, off, on, off, ... durations,
// repeated; nil: steady).
type Tone struct {
	F1, F2    float64
	LevelDBm0 float64
	Cadence   []time.Duration
}

// Signal is the tone for total.
func (t Tone) Signal(total time.Duration) []int16 {
	return CadenceSignal(t.F1, t.F2, t.LevelDBm0, t.Cadence, total)
}

// DialTone is North American precise dial tone: 350+440 Hz, steady.
func DialTone() Tone { return Tone{F1: 350, F2: 440, LevelDBm0: DialToneLevel} }

// BusyTone is North American busy: 480+620 Hz, 0.5 s on / 0.5 s off.
func BusyTone() Tone {
	return Tone{F1: 480, F2: 620, LevelDBm0: BusyLevel, Cadence: []time.Duration{500 * time.Millisecond, 500 * time.Millisecond}}
}

// ReorderTone is North American reorder (fast busy): 480+620 Hz, 0.25/0.25 s.
func ReorderTone() Tone {
	return Tone{F1: 480, F2: 620, LevelDBm0: BusyLevel, Cadence: []time.Duration{250 * time.Millisecond, 250 * time.Millisecond}}
}

// RingbackTone is North American audible ringing: 440+480 Hz, 2 s on / 4 s off.
func RingbackTone() Tone {
	return Tone{F1: 440, F2: 480, LevelDBm0: RingbackLevel, Cadence: []time.Duration{2 * time.Second, 4 * time.Second}}
}

// BeepTone is the record beep's tone: 1000 Hz, clear of fax CNG at 1100 Hz
// and of every DTMF and SIT frequency.
func BeepTone() Tone { return Tone{F1: 1000, LevelDBm0: BeepLevel} }

// BeepLength is how long the record beep sounds: the 500 ms callers hear
// before the box records them.
const BeepLength = 500 * time.Millisecond

// FaxAnswerTone is the fax answer tone (CED, ITU-T T.30) the box sends to a
// blocked caller with the fax treatment: 2100 Hz, steady.
func FaxAnswerTone() Tone { return Tone{F1: 2100, LevelDBm0: -10} }

// FaxAnswerLength is how long the box sends the fax answer tone (T.30 asks
// 2.6 to 4 s).
const FaxAnswerLength = 3 * time.Second

// DialToneSignal is DialTone for d.
func DialToneSignal(d time.Duration) []int16 { return DialTone().Signal(d) }

// BusySignal is BusyTone for total.
func BusySignal(total time.Duration) []int16 { return BusyTone().Signal(total) }

// ReorderSignal is ReorderTone for total.
func ReorderSignal(total time.Duration) []int16 { return ReorderTone().Signal(total) }

// RingbackSignal is RingbackTone for total.
func RingbackSignal(total time.Duration) []int16 { return RingbackTone().Signal(total) }

// BeepSignal is the record beep: BeepTone for BeepLength.
func BeepSignal() []int16 { return BeepTone().Signal(BeepLength) }

// CNGSignal is the fax calling tone (1100 Hz, 0.5 s on / 3 s off) for total.
func CNGSignal(total time.Duration) []int16 {
	return CadenceSignal(1100, 0, -10, []time.Duration{500 * time.Millisecond, 3 * time.Second}, total)
}

// Silence returns d of zero samples.
func Silence(d time.Duration) []int16 { return make([]int16, samplesOf(d)) }

// Mix adds b into a (a is extended if shorter) with saturation and returns a.
func Mix(a, b []int16) []int16 {
	for len(a) < len(b) {
		a = append(a, 0)
	}
	for i, v := range b {
		a[i] = sat16(float64(a[i]) + float64(v))
	}
	return a
}

func sqrt(x float64) float64  { return math.Sqrt(x) }
func pow10(x float64) float64 { return math.Pow(10, x) }
