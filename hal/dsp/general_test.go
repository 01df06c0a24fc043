package dsp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"secretary/hal/audio"
)

// Seeded random variations of the vector kinds (testdata/vectors/README.md),
// to check that the receivers generalise beyond the development set.

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

func randKeys(r *rand.Rand, n int) string {
	const k = "0123456789*#ABCD"
	b := make([]byte, n)
	for i := range b {
		b[i] = k[r.IntN(len(k))]
	}
	return string(b)
}

type dtmfKeySpec struct {
	key        byte
	devL, devH float64 // percent
	lvlL, lvlH float64 // dBm0
	on, off    time.Duration
}

func synthKeys(specs []dtmfKeySpec, lead time.Duration) []int16 {
	out := Silence(lead)
	for _, s := range specs {
		lo, hi, _ := DTMFFrequencies(s.key)
		a := ToneSignal(lo*(1+s.devL/100), 0, s.lvlL, s.on)
		b := ToneSignal(hi*(1+s.devH/100), 0, s.lvlH, s.on)
		out = append(out, Mix(a, b)...)
		out = append(out, Silence(s.off)...)
	}
	return append(out, Silence(100*time.Millisecond)...)
}

func TestGeneralise_DTMFAccept(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 4))
	for i := 0; i < 150; i++ {
		keys := randKeys(r, 6)
		low := uniform(r, -25, -4)
		twist := uniform(r, -8, 4) // high minus low
		high := low + twist
		if high > -4 || high < -25 {
			high = math.Max(-25, math.Min(-4, high))
		}
		var specs []dtmfKeySpec
		for j := 0; j < len(keys); j++ {
			specs = append(specs, dtmfKeySpec{key: keys[j], devL: uniform(r, -1.5, 1.5), devH: uniform(r, -1.5, 1.5),
				lvlL: low, lvlH: high, on: ms(uniform(r, 40, 100)), off: ms(uniform(r, 40, 100))})
		}
		pcm := synthKeys(specs, ms(uniform(r, 50, 250)))
		snr := 0.0
		if r.IntN(3) > 0 {
			snr = uniform(r, 12, 40)
			if low > -20 && high > -20 {
				snr = uniform(r, 9, 40)
			}
			pcm = addNoise(pcm, uint64(i), snr)
		}
		if got := digits(NewDTMFDetector().Process(pcm, nil)); got != keys {
			t.Errorf("case %d: keys %q low %.1f twist %.1f snr %.1f: got %q (%+v)", i, keys, low, twist, snr, got, specs)
		}
	}
}

func TestGeneralise_DTMFReject(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 5))
	for i := 0; i < 150; i++ {
		key := randKeys(r, 1)[0]
		s := dtmfKeySpec{key: key, lvlL: -10, lvlH: -8, on: 60 * time.Millisecond, off: 60 * time.Millisecond}
		var why string
		switch i % 4 {
		case 0:
			s.on = ms(uniform(r, 8, 20))
			s.lvlL = uniform(r, -12, -4)
			s.lvlH = s.lvlL + uniform(r, -2, 2)
			why = "short"
		case 1:
			s.lvlL = uniform(r, -70, -55)
			s.lvlH = s.lvlL
			why = "quiet"
		case 2:
			d := uniform(r, 3.5, 6)
			if r.IntN(2) == 0 {
				d = -d
			}
			s.devL, s.devH = d, d
			why = "both off frequency"
		case 3:
			d := uniform(r, 3.5, 6)
			if r.IntN(2) == 0 {
				d = -d
			}
			if r.IntN(2) == 0 {
				s.devL = d
			} else {
				s.devH = d
			}
			why = "one tone off frequency"
		}
		pcm := synthKeys([]dtmfKeySpec{s, s, s}, 100*time.Millisecond)
		if got := digits(NewDTMFDetector().Process(pcm, nil)); got != "" {
			t.Errorf("case %d (%s): %+v gave %q", i, why, s, got)
		}
	}
}

// talkoff speech from the development set, replayed louder and softer:
// speech must never give a key or a call-progress tone.
func loadTalkoff(t *testing.T) [][]int16 {
	files, err := filepath.Glob("../../testdata/vectors/talkoff/*.wav")
	if err != nil || len(files) == 0 {
		t.Fatalf("no talk-off speech: %v", err)
	}
	var out [][]int16
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := audio.DecodeWAV(b)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Samples)
	}
	return out
}

func gain(pcm []int16, db float64) []int16 {
	g := math.Pow(10, db/20)
	out := make([]int16, len(pcm))
	for i, v := range pcm {
		out[i] = sat16(float64(v) * g)
	}
	return out
}

func TestGeneralise_TalkOff(t *testing.T) {
	speech := loadTalkoff(t)
	for _, db := range []float64{-10, -5, 5, 10} {
		var all []int16
		for _, s := range speech {
			all = append(all, gain(s, db)...)
		}
		if ev := NewDTMFDetector().Process(all, nil); len(ev) != 0 {
			t.Errorf("speech at %+g dB: keys %q", db, digits(ev))
		}
		if ev := NewCPTDetector().Process(all, nil); len(ev) != 0 {
			t.Errorf("speech at %+g dB: call-progress %+v", db, ev)
		}
		if ev := NewSITDetector().Process(all, nil); len(ev) != 0 {
			t.Errorf("speech at %+g dB: SIT %+v", db, ev)
		}
	}
}

func TestGeneralise_DTMFOverSpeechAndDialTone(t *testing.T) {
	speech := loadTalkoff(t)
	r := rand.New(rand.NewPCG(2026, 6))
	for i, s := range speech {
		keys := randKeys(r, 8)
		pcm, _ := DTMFSignal(keys, DTMFGenOptions{LowDBm0: -8, HighDBm0: -6, LeadSilence: 300 * time.Millisecond})
		under := gain(s, -24-audio.LevelDBm0(s)+3) // speech around -24 dBm0 active
		mixed := Mix(append([]int16(nil), pcm...), under[:min(len(under), len(pcm))])
		if got := digits(NewDTMFDetector().Process(mixed, nil)); got != keys {
			t.Errorf("speech %d: got %q, want %q", i, got, keys)
		}
		// dial tone until 40 ms into the first key
		dt := DialToneSignal(ms(440))
		withDial := Mix(append([]int16(nil), pcm...), dt)
		if got := digits(NewDTMFDetector().Process(withDial, nil)); got != keys {
			t.Errorf("dial tone %d: got %q, want %q", i, got, keys)
		}
	}
}

// fskBurst modulates a caller-ID message with frequency and baud errors.
func fskBurst(msg []byte, std Standard, lvl, freqErr, baudErr float64, seize, mark, stop int) []int16 {
	var bits []byte
	for i := 0; i < seize; i++ {
		bits = append(bits, byte(i&1))
	}
	for i := 0; i < mark; i++ {
		bits = append(bits, 1)
	}
	for _, b := range msg {
		bits = append(bits, 0)
		for k := 0; k < 8; k++ {
			bits = append(bits, b>>k&1)
		}
		for k := 0; k < stop; k++ {
			bits = append(bits, 1)
		}
	}
	bits = append(bits, 1, 1, 1, 1, 1)
	m, s := Bell202Mark, Bell202Space
	if std != StandardBellcore {
		m, s = V23Mark, V23Space
	}
	f := 1 + freqErr/100
	return appendFSK(nil, bits, m*f, s*f, fskBaud*(1+baudErr/100), lvl)
}

func ringTail(r *rand.Rand) []int16 {
	tail := AppendSegments(nil, Segment{F1: 20, F2: 60, LevelDBm0: -12, Dur: ms(uniform(r, 150, 400))})
	return append(tail, Silence(ms(uniform(r, 400, 700)))...)
}

func alertContext(r *rand.Rand, std Standard) []int16 {
	click := make([]int16, 40)
	for i := range click {
		click[i] = int16(8000 * math.Exp(-float64(i)/8))
	}
	out := append(Silence(ms(uniform(r, 50, 200))), click...)
	switch r.IntN(3) {
	case 0: // DT-AS
		out = append(out, Silence(ms(uniform(r, 100, 200)))...)
		out = AppendSegments(out, Segment{F1: 2130, F2: 2750, LevelDBm0: uniform(r, -32, -15), Dur: ms(uniform(r, 88, 110))})
		out = append(out, Silence(ms(uniform(r, 50, 150)))...)
	case 1: // ring-pulse alert
		out = append(out, ringTail(r)...)
	default: // reversal only
		out = append(out, Silence(ms(uniform(r, 200, 400)))...)
	}
	return out
}

func randNumber(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func TestGeneralise_CallerID(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 7))
	names := []string{"SMITH JANE", "WIRELESS CALLER", "Dr. Olsen-Haugland", "A", "CITY OF SPRINGFIELD", "Pia"}
	for i := 0; i < 160; i++ {
		std := []Standard{StandardBellcore, StandardETSI, StandardJCLIP, StandardDTMF}[i%4]
		c := CallerID{Standard: std}
		switch r.IntN(4) {
		case 0:
			c.NumberAbsent = []string{"O", "P"}[r.IntN(2)]
		default:
			c.Number = randNumber(r, 7+r.IntN(7))
		}
		if std == StandardBellcore || std == StandardETSI {
			c.Date = fmt.Sprintf("%02d%02d%02d%02d", 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60))
			switch r.IntN(3) {
			case 0:
				c.Name = names[r.IntN(len(names))]
			case 1:
				c.NameAbsent = []string{"O", "P"}[r.IntN(2)]
			}
			if std == StandardBellcore && c.Name == "" && c.NameAbsent == "" && r.IntN(2) == 0 {
				c.Type = TypeSDMF
			}
		}
		if std == StandardDTMF && c.NumberAbsent == "O" {
			c.NumberAbsent = "O"
		}
		lvl := uniform(r, -35, -6)
		var burst []int16
		switch std {
		case StandardDTMF:
			burst, _ = CallerIDSignal(c, CIDTxOptions{LevelDBm0: math.Max(lvl, -20)})
		default:
			msg, err := EncodeMessage(c)
			if err != nil {
				t.Fatal(err)
			}
			seize, mark, stop := 300, []int{80, 180}[r.IntN(2)], 1
			if std == StandardJCLIP {
				seize, mark, stop = 0, 75, 4
			}
			burst = fskBurst(msg, std, lvl, uniform(r, -1, 1), uniform(r, -1, 1), seize, mark, stop)
		}
		var pcm []int16
		if std == StandardBellcore || r.IntN(2) == 0 {
			pcm = ringTail(r)
		} else {
			pcm = alertContext(r, std)
		}
		pcm = append(pcm, burst...)
		pcm = append(pcm, Silence(ms(uniform(r, 200, 600)))...)
		snr := uniform(r, 12, 35)
		sigLvl := lvl
		if std == StandardDTMF {
			sigLvl = math.Max(lvl, -20) + 3 // two tones
		}
		pcm = Mix(pcm, noise(uint64(i)+100, len(pcm), sigLvl-snr)) // SNR of the burst
		if r.IntN(3) == 0 {
			pcm = Mix(pcm, AppendSegments(nil, Segment{F1: 60, F2: 180, LevelDBm0: -48, Dur: time.Duration(len(pcm)) * time.Second / SampleRate}))
		}
		rep := Analyze(pcm, AnalyzeOptions{})
		got, ok := rep.CallerID()
		want := c
		want.Params, got.Params = nil, nil
		want.Raw, got.Raw = nil, nil
		got.Type, want.Type = 0, 0
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("case %d %s lvl %.1f snr %.1f: got %v (ok %v, events %+v), want %v", i, std, lvl, snr, got, ok, rep.CallerIDs, want)
		}
	}
}

func TestGeneralise_CallerIDRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 8))
	for i := 0; i < 60; i++ {
		std := []Standard{StandardBellcore, StandardETSI}[i%2]
		c := CallerID{Standard: std, Date: "12251200", Number: randNumber(r, 10), Name: "PAYPHONE"}
		msg, _ := EncodeMessage(c)
		var why string
		switch i % 3 {
		case 0:
			msg[len(msg)-1] += byte(1 + r.IntN(255))
			why = "checksum"
		case 1:
			msg = msg[:len(msg)*(50+r.IntN(45))/100]
			why = "truncated"
		case 2:
			msg[2+r.IntN(len(msg)-3)] ^= byte(1 << r.IntN(8))
			why = "corrupted byte"
		}
		pcm := append(ringTail(r), fskBurst(msg, std, uniform(r, -30, -8), 0, 0, 300, 180, 1)...)
		pcm = addNoise(append(pcm, Silence(300*time.Millisecond)...), uint64(i), 30)
		if got, ok := Analyze(pcm, AnalyzeOptions{}).CallerID(); ok {
			t.Errorf("case %d (%s): accepted %v", i, why, got)
		}
	}
}

func TestGeneralise_CPT(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 9))
	for i := 0; i < 120; i++ {
		var f1, f2, on, off float64
		want := CPTTone(1 + i%5)
		switch want {
		case CPTDial:
			f1, f2, on = 350, 440, uniform(r, 1100, 2000)
		case CPTBusy:
			f1, f2, on, off = 480, 620, uniform(r, 450, 550), uniform(r, 450, 550)
		case CPTReorder:
			f1, f2 = 480, 620
			if r.IntN(2) == 0 {
				on, off = uniform(r, 225, 275), uniform(r, 225, 275)
			} else {
				on, off = uniform(r, 280, 320), uniform(r, 180, 220)
			}
		case CPTRingback:
			f1, f2, on, off = 440, 480, uniform(r, 1800, 2200), 4000
		case CPTCNG:
			f1, on, off = 1100+uniform(r, -38, 38), uniform(r, 450, 550), 3000
		}
		fe := 1 + uniform(r, -1, 1)/100
		if want == CPTCNG {
			fe = 1
		}
		lvl := uniform(r, -30, -6)
		cad := []time.Duration{ms(on)}
		if off > 0 {
			cad = append(cad, ms(off))
		}
		total := 2400.0
		switch want {
		case CPTDial:
			total = on
		case CPTRingback:
			total = on + 700
		case CPTCNG:
			total = on + 800
		case CPTReorder:
			total = 1800
		}
		phase := 0.0
		if want == CPTBusy || want == CPTReorder {
			phase = uniform(r, 0, on+off)
		}
		sig := CadenceSignal(f1*fe, f2*fe, lvl, cad, ms(total+phase))[int(phase*8):]
		pcm := append(Silence(ms(uniform(r, 0, 300))), sig...)
		snr := uniform(r, 12, 40)
		pcm = addNoise(pcm, uint64(i)+7, snr)
		ev := NewCPTDetector().Process(pcm, nil)
		got := CPTNone
		if len(ev) > 0 {
			got = ev[0].Tone
		}
		if got != want {
			t.Errorf("case %d: %v f %.0f+%.0f on %.0f off %.0f lvl %.1f snr %.1f phase %.0f: got %+v", i, want, f1*fe, f2*fe, on, off, lvl, snr, phase, ev)
		}
	}
	// look-alikes
	look := [][]int16{
		CadenceSignal(480, 620, -20, []time.Duration{ms(250), ms(1000)}, 3*time.Second),
		CadenceSignal(480, 620, -20, []time.Duration{ms(900), ms(900)}, 4*time.Second),
		ToneSignal(2100, 0, -12, 2*time.Second),
		ToneSignal(440, 0, -13, 2*time.Second),
		CadenceSignal(425, 0, -13, []time.Duration{ms(500), ms(500)}, 3*time.Second),
		CadenceSignal(400, 0, -13, []time.Duration{ms(375), ms(375)}, 3*time.Second),
		ToneSignal(1000, 0, -13, 3*time.Second),
		ToneSignal(1300, 0, -13, 3*time.Second),
	}
	for i, pcm := range look {
		ev := NewCPTDetector().Process(addNoise(pcm, uint64(i), 30), nil)
		for _, e := range ev {
			if e.Tone != CPTAnswer || i != 2 {
				t.Errorf("look-alike %d: %+v", i, ev)
			}
		}
	}
}

func TestGeneralise_SIT(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 10))
	speech := loadTalkoff(t)
	for i := 0; i < 96; i++ {
		code := SITCodes()[i%8]
		segs, _ := code.Segments()
		base := uniform(r, -30, -12)
		gap := ms(uniform(r, 0, 4))
		pcm := Silence(ms(uniform(r, 50, 300)))
		for k, s := range segs {
			f := s.Freq * (1 + uniform(r, -0.5, 0.5)/100)
			d := time.Duration(float64(s.Dur) * (1 + uniform(r, -5, 5)/100))
			pcm = AppendSegments(pcm, Segment{F1: f, LevelDBm0: base + uniform(r, -1.5, 1.5), Dur: d})
			if k < 2 {
				pcm = append(pcm, Silence(gap)...)
			}
		}
		if r.IntN(2) == 0 {
			s := speech[r.IntN(len(speech))]
			pcm = append(pcm, gain(s, -20-audio.LevelDBm0(s))...)
		} else {
			pcm = append(pcm, Silence(300*time.Millisecond)...)
		}
		pcm = addNoise(pcm, uint64(i), uniform(r, 20, 40))
		ev := NewSITDetector().Process(pcm, nil)
		if len(ev) != 1 || ev[0].Code != code {
			t.Errorf("case %d %v base %.1f gap %v: got %+v", i, code, base, gap, ev)
		}
	}
}
