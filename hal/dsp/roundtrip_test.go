package dsp

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"secretary/hal"
)

// Our generators through our receivers, at many levels and SNRs, with
// seeded noise (reproducible).

func TestDTMF_RoundTripLevelsAndNoise(t *testing.T) {
	const keys = "0123456789*#ABCD"
	for _, lvl := range []float64{-3, -10, -20, -25, -30} {
		for _, snr := range []float64{0, 30, 20, 15} { // 0 = no noise
			name := fmt.Sprintf("%gdBm0_snr%g", lvl, snr)
			t.Run(name, func(t *testing.T) {
				pcm, err := DTMFSignal(keys, DTMFGenOptions{LowDBm0: lvl, HighDBm0: lvl + 1, On: 50 * time.Millisecond, Off: 50 * time.Millisecond, LeadSilence: 100 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				if snr != 0 {
					pcm = addNoise(pcm, uint64(-lvl*100+snr), snr)
				}
				got := digits(NewDTMFDetector().Process(pcm, nil))
				if got != keys {
					t.Errorf("got %q, want %q", got, keys)
				}
			})
		}
	}
}

func digits(ev []DTMFEvent) string {
	b := make([]byte, len(ev))
	for i, e := range ev {
		b[i] = e.Digit
	}
	return string(b)
}

// dtmfOsc makes one key with arbitrary frequencies, levels and duration.
func dtmfOsc(fl, fh, ll, lh float64, on time.Duration) []int16 {
	a := ToneSignal(fl, 0, ll, on)
	b := ToneSignal(fh, 0, lh, on)
	out := append(Silence(60*time.Millisecond), Mix(a, b)...)
	return append(out, Silence(60*time.Millisecond)...)
}

func TestDTMF_ReceiverLimits(t *testing.T) {
	cases := []struct {
		name     string
		devPct   float64
		low, hi  float64 // dBm0
		on       time.Duration
		accepted bool
	}{
		{"nominal", 0, -10, -8, 50 * time.Millisecond, true},
		{"freq +1.5%", 1.5, -10, -8, 50 * time.Millisecond, true},
		{"freq -1.5%", -1.5, -10, -8, 50 * time.Millisecond, true},
		{"freq +3.5%", 3.5, -10, -8, 50 * time.Millisecond, false},
		{"freq -3.5%", -3.5, -10, -8, 50 * time.Millisecond, false},
		{"freq +5%", 5, -10, -8, 50 * time.Millisecond, false},
		{"40 ms", 0, -10, -8, 40 * time.Millisecond, true},
		{"22 ms", 0, -10, -8, 22 * time.Millisecond, false},
		{"15 ms", 0, -10, -8, 15 * time.Millisecond, false},
		{"normal twist 8 dB", 0, -6, -14, 50 * time.Millisecond, true},
		{"reverse twist 4 dB", 0, -14, -10, 50 * time.Millisecond, true},
		{"normal twist 12 dB", 0, -4, -16, 50 * time.Millisecond, false},
		{"reverse twist 8 dB", 0, -18, -10, 50 * time.Millisecond, false},
		{"-25 dBm0", 0, -25, -25, 50 * time.Millisecond, true},
		{"-55 dBm0", 0, -55, -55, 50 * time.Millisecond, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for key := 0; key < 16; key++ {
				r, col := key/4, key%4
				for phase := 0; phase < 13; phase++ { // every block alignment, 1 ms apart
					fl := dtmfRowFreqs[r] * (1 + c.devPct/100)
					fh := dtmfColFreqs[col] * (1 + c.devPct/100)
					pcm := append(Silence(time.Duration(phase)*time.Millisecond), dtmfOsc(fl, fh, c.low, c.hi, c.on)...)
					got := digits(NewDTMFDetector().Process(pcm, nil))
					want := ""
					if c.accepted {
						want = string(dtmfKeys[r][col])
					}
					if got != want {
						t.Fatalf("key %c phase %d: got %q, want %q", dtmfKeys[r][col], phase, got, want)
					}
				}
			}
		})
	}
}

func TestCallerID_RoundTripLevelsAndNoise(t *testing.T) {
	msgs := []CallerID{
		{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"},
		{Standard: StandardBellcore, Type: TypeSDMF, Date: "03151430", Number: "8005551234"},
		{Standard: StandardBellcore, Date: "03151430", NumberAbsent: "P", NameAbsent: "P"},
		{Standard: StandardETSI, Date: "03151430", Number: "01632960123", Name: "Marie Dupont"},
		{Standard: StandardJCLIP, Number: "0355598288"},
		{Standard: StandardDTMF, Number: "0123456789"},
	}
	for _, m := range msgs {
		for _, lvl := range []float64{-6, -13.5, -25, -35} {
			for _, snr := range []float64{0, 25, 15} {
				t.Run(fmt.Sprintf("%s_%q_%g_%g", m.Standard, m.Number+m.NumberAbsent, lvl, snr), func(t *testing.T) {
					pcm, err := CallerIDSignal(m, CIDTxOptions{LevelDBm0: lvl, Lead: 300 * time.Millisecond, Tail: 300 * time.Millisecond})
					if err != nil {
						t.Fatal(err)
					}
					if snr != 0 {
						pcm = addNoise(pcm, uint64(-lvl*10+snr), snr)
					}
					var ev []CIDEvent
					r := NewCIDReceiver(CIDRxOptions{})
					for i := 0; i < len(pcm); i += 80 {
						ev = r.Process(pcm[i:min(i+80, len(pcm))], ev)
					}
					if len(ev) != 1 || ev[0].Err != nil {
						t.Fatalf("events %+v", ev)
					}
					g := ev[0].CallerID
					if g.Standard != m.Standard || g.Number != m.Number || g.Name != m.Name || g.Date != m.Date ||
						g.NumberAbsent != m.NumberAbsent || g.NameAbsent != m.NameAbsent {
						t.Errorf("got %v, want %v", g, m)
					}
				})
			}
		}
	}
}

func TestCallerID_RejectsCorruptBursts(t *testing.T) {
	c := CallerID{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"}
	pcm, _ := CallerIDSignal(c, CIDTxOptions{Lead: 200 * time.Millisecond})
	// truncated: cut in the middle of the message
	cut := append(append([]int16(nil), pcm[:len(pcm)*8/10]...), Silence(300*time.Millisecond)...)
	ev := NewCIDReceiver(CIDRxOptions{}).Process(cut, nil)
	if len(ev) != 1 || ev[0].Err == nil {
		t.Errorf("truncated burst: events %+v, want one error", ev)
	}
	// bad checksum: re-modulate a message with its checksum flipped
	msg, _ := EncodeMessage(c)
	msg[len(msg)-1] ^= 0x5A
	bits := []byte{}
	for i := 0; i < 300; i++ {
		bits = append(bits, byte(i&1))
	}
	for i := 0; i < 180; i++ {
		bits = append(bits, 1)
	}
	for _, b := range msg {
		bits = append(bits, 0)
		for k := 0; k < 8; k++ {
			bits = append(bits, b>>k&1)
		}
		bits = append(bits, 1)
	}
	bad := appendFSK(Silence(100*time.Millisecond), append(bits, 1, 1, 1), Bell202Mark, Bell202Space, fskBaud, -13.5)
	ev = NewCIDReceiver(CIDRxOptions{}).Process(append(bad, Silence(200*time.Millisecond)...), nil)
	if len(ev) != 1 || ev[0].Err == nil {
		t.Errorf("bad checksum: events %+v, want one error", ev)
	}
}

func TestCallerID_ModeFilters(t *testing.T) {
	c := CallerID{Standard: StandardETSI, Number: "01632960123"}
	pcm, _ := CallerIDSignal(c, CIDTxOptions{Lead: 100 * time.Millisecond, AlertTone: true})
	if ev := NewCIDReceiver(CIDRxOptions{Mode: CIDBellcore}).Process(pcm, nil); len(ev) != 0 {
		t.Errorf("bellcore mode decoded a V.23 burst: %+v", ev)
	}
	if ev := NewCIDReceiver(CIDRxOptions{Mode: CIDETSI}).Process(pcm, nil); len(ev) != 1 || ev[0].CallerID.Number != c.Number {
		t.Errorf("etsi mode: %+v", ev)
	}
}

func TestSIT_RoundTripAllCodes(t *testing.T) {
	for _, code := range SITCodes() {
		for _, lvl := range []float64{-10, -24, -35} {
			for _, snr := range []float64{0, 20} {
				pcm, err := SITSignal(code, lvl)
				if err != nil {
					t.Fatal(err)
				}
				pcm = append(Silence(100*time.Millisecond), pcm...)
				pcm = append(pcm, Silence(200*time.Millisecond)...)
				if snr != 0 {
					pcm = addNoise(pcm, uint64(code)*7+uint64(-lvl), snr)
				}
				ev := NewSITDetector().Process(pcm, nil)
				if len(ev) != 1 || ev[0].Code != code {
					t.Errorf("%v at %g dBm0 snr %g: got %+v", code, lvl, snr, ev)
				}
			}
		}
	}
}

func TestCPT_RoundTrip(t *testing.T) {
	cases := []struct {
		pcm  []int16
		want CPTTone
	}{
		{DialToneSignal(1500 * time.Millisecond), CPTDial},
		{BusySignal(3 * time.Second), CPTBusy},
		{ReorderSignal(2 * time.Second), CPTReorder},
		{append(Silence(200*time.Millisecond), RingbackSignal(3*time.Second)...), CPTRingback},
		{append(Silence(200*time.Millisecond), CNGSignal(2*time.Second)...), CPTCNG},
		{ToneSignal(2100, 0, -12, 1500*time.Millisecond), CPTAnswer},
		{CadenceSignal(480, 620, -24, []time.Duration{250 * time.Millisecond, time.Second}, 3*time.Second), CPTNone},
		{BeepSignal(), CPTNone},
		{ToneSignal(440, 0, -13, 2*time.Second), CPTNone},
	}
	for i, c := range cases {
		for _, snr := range []float64{0, 20, 12} {
			pcm := c.pcm
			if snr != 0 {
				pcm = addNoise(pcm, uint64(i*31)+uint64(snr), snr)
			}
			ev := NewCPTDetector().Process(pcm, nil)
			got := CPTNone
			if len(ev) > 0 {
				got = ev[0].Tone
			}
			if got != c.want || len(ev) > 1 {
				t.Errorf("case %d snr %g: got %+v, want %v", i, snr, ev, c.want)
			}
		}
	}
}

func TestVAD(t *testing.T) {
	// noise floor, then "speech" (noise bursts 20 dB up), then silence
	pcm := noise(1, 2*SampleRate, -55)
	for i := 0; i < 10; i++ {
		pcm = append(pcm, noise(uint64(10+i), SampleRate/5, -25)...)
		pcm = append(pcm, noise(uint64(30+i), SampleRate/10, -55)...)
	}
	voiceEnd := len(pcm) - SampleRate/10 // the last burst is followed by 100 ms of floor
	pcm = append(pcm, noise(99, 3*SampleRate, -55)...)
	v := NewVAD(VADConfig{Hangover: 2 * time.Second, NoVoiceTimeout: -1})
	ev := v.Process(pcm, nil)
	if len(ev) != 2 || ev[0].Kind != VADVoiceStart || ev[1].Kind != VADQuiet {
		t.Fatalf("events %+v", ev)
	}
	if end := ev[1].At - int64(voiceEnd); end < 2*SampleRate-400 || end > 2*SampleRate+400 {
		t.Errorf("quiet reported %d samples after the voice ended, want about 2 s", end)
	}
	if q, want := v.Quiet(), time.Duration(len(pcm)-voiceEnd)*time.Second/SampleRate; q < want-50*time.Millisecond || q > want+50*time.Millisecond {
		t.Errorf("Quiet() = %s at the end, want about %s", q, want)
	}
	// nobody speaks: VADSilence after the timeout, once
	v = NewVAD(VADConfig{NoVoiceTimeout: 3 * time.Second})
	ev = v.Process(noise(5, 5*SampleRate, -50), nil)
	if len(ev) != 1 || ev[0].Kind != VADSilence || v.Spoke() {
		t.Errorf("silence: events %+v", ev)
	}
	// a steady tone (dial tone) is not speech for long: the floor follows it
	v = NewVAD(VADConfig{NoVoiceTimeout: -1})
	ev = v.Process(DialToneSignal(20*time.Second), nil)
	if len(ev) != 2 || ev[1].Kind != VADQuiet {
		t.Errorf("dial tone: events %+v", ev)
	}
}

func TestFromHAL_RoundTrip(t *testing.T) {
	c := CallerID{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"}
	back := FromHAL(c.HAL(), StandardBellcore)
	if c.HAL().Presentation != hal.PresentationAvailable || !reflect.DeepEqual(back, c) {
		t.Errorf("got %v, want %v", back, c)
	}
	p := FromHAL(hal.CallerID{Presentation: hal.PresentationPrivate}, StandardBellcore)
	if p.NumberAbsent != "P" {
		t.Errorf("private: %v", p)
	}
}

// Noise alone, at any level, gives nothing at all.
func TestNoFalseAlarmsInNoise(t *testing.T) {
	for i, lvl := range []float64{-60, -45, -30, -20, -10} {
		pcm := noise(uint64(i)+500, 20*SampleRate, lvl)
		rep := Analyze(pcm, AnalyzeOptions{})
		if len(rep.DTMF)+len(rep.CallerIDs)+len(rep.CPT)+len(rep.SIT) != 0 {
			t.Errorf("noise at %g dBm0: %+v", lvl, rep)
		}
	}
}

func TestReset_StartsOver(t *testing.T) {
	busy := BusySignal(3 * time.Second)
	c := NewCPTDetector()
	first := c.Process(busy, nil)
	if again := c.Process(busy, nil); len(again) != 0 {
		t.Errorf("busy reported twice without Reset: %+v", again)
	}
	c.Reset()
	if again := c.Process(busy, nil); !reflect.DeepEqual(again, first) {
		t.Errorf("after Reset %+v, want %+v", again, first)
	}
	keys, _ := DTMFSignal("159", DTMFGenOptions{})
	d := NewDTMFDetector()
	a := d.Process(keys, nil)
	d.Reset()
	if b := d.Process(keys, nil); !reflect.DeepEqual(a, b) || digits(a) != "159" {
		t.Errorf("DTMF after Reset %+v, want %+v", b, a)
	}
}

func TestCPT_StartsMidTone(t *testing.T) {
	rb := RingbackSignal(6 * time.Second)[SampleRate/2:] // joined 0.5 s into the ring
	if ev := NewCPTDetector().Process(rb, nil); len(ev) != 1 || ev[0].Tone != CPTRingback {
		t.Errorf("ringback joined late: %+v", ev)
	}
	cng := CNGSignal(4 * time.Second)[SampleRate/4:] // joined 0.25 s into the CNG beep
	if ev := NewCPTDetector().Process(cng, nil); len(ev) != 1 || ev[0].Tone != CPTCNG {
		t.Errorf("CNG joined late: %+v", ev)
	}
}
