package dsp

import (
	"errors"
	"testing"
	"time"
)

// The four minimal messages, checksums worked out by hand from the
// Bellcore rule (all bytes sum to 0 mod 256), as Asterisk sends them.
var vmwiWire = []struct {
	on   bool
	f    VMWIFormat
	wire string
}{
	{true, VMWIMDMF, "82 03 0B 01 FF 70"},
	{false, VMWIMDMF, "82 03 0B 01 00 6F"},
	{true, VMWISDMF, "06 03 42 42 42 31"},
	{false, VMWISDMF, "06 03 6F 6F 6F AA"},
}

func TestEncodeVMWI_Wire(t *testing.T) {
	for _, w := range vmwiWire {
		want := unhex(t, w.wire)
		if got := EncodeVMWI(w.on, w.f); string(got) != string(want) {
			t.Errorf("EncodeVMWI(%v, %d) = % X, want % X", w.on, w.f, got, want)
		}
		v, _, err := ParseVMWI(want)
		if err != nil || (v == VMWIOn) != w.on || v == VMWINone {
			t.Errorf("ParseVMWI(% X) = %v, %v", want, v, err)
		}
	}
}

func TestParseVMWI_Rejects(t *testing.T) {
	for _, c := range []struct {
		wire string
		err  error
	}{
		{"82 03 0B 01 FF 71", ErrChecksum},
		{"82 03 0B 01", ErrTruncated},
		{"82 03 0B 01 7F F0", ErrMalformed},   // indicator neither on nor off
		{"82 03 0C 01 FF 6F", ErrMalformed},   // no indicator parameter
		{"06 03 42 42 6F 04", ErrMalformed},   // mixed SDMF bytes
		{"80 03 0B 01 FF 72", ErrUnknownType}, // a caller-ID message
		{"04 09 3033313531343330 4F 13", ErrUnknownType},
	} {
		v, _, err := ParseVMWI(unhex(t, c.wire))
		if !errors.Is(err, c.err) || v != VMWINone {
			t.Errorf("ParseVMWI(%s) = %v, %v; want %v", c.wire, v, err, c.err)
		}
	}
}

// Round trip through the air: VMWISignal, noise, the streaming receiver;
// the receiver reports the indication as such, never as a caller ID, and
// Analyze's summary carries it.
func TestVMWI_RoundTrip(t *testing.T) {
	full := CallerID{Standard: StandardBellcore, Date: "11220915", Number: "2125550143"}
	fullMsg, _ := EncodeMessage(full)
	for _, std := range []Standard{StandardBellcore, StandardETSI} {
		for _, w := range vmwiWire {
			if std == StandardETSI && w.f == VMWISDMF {
				if _, err := VMWISignal(w.on, VMWIOptions{Format: w.f, Standard: std}); err == nil {
					t.Error("SDMF message waiting over V.23 accepted")
				}
				continue
			}
			for _, lvl := range []float64{-6, -13.5, -30} {
				pcm, err := VMWISignal(w.on, VMWIOptions{Format: w.f, Standard: std, Tx: CIDTxOptions{LevelDBm0: lvl}})
				if err != nil {
					t.Fatal(err)
				}
				pcm = addNoise(append(pcm, Silence(300*time.Millisecond)...), 9, 25)
				var ev []CIDEvent
				r := NewCIDReceiver(CIDRxOptions{})
				for i := 0; i < len(pcm); i += 160 {
					ev = r.Process(pcm[i:min(i+160, len(pcm))], ev)
				}
				want := VMWIOff
				if w.on {
					want = VMWIOn
				}
				if len(ev) != 1 || ev[0].Err != nil || ev[0].VMWI != want || ev[0].CallerID.Standard != std {
					t.Errorf("%s %s at %g dBm0: events %+v, want one %v", std, w.wire, lvl, ev, want)
					continue
				}
				rep := Analyze(pcm, AnalyzeOptions{})
				if _, ok := rep.CallerID(); ok {
					t.Errorf("%s %s: reported as a caller ID", std, w.wire)
				}
				if s := rep.Summary(); s.MWI != want.String() || s.CID != nil || s.DTMF != "" {
					t.Errorf("%s %s: summary %+v", std, w.wire, s)
				}
			}
		}
	}
	// Asterisk's "full" MDMF form: date and number with the indicator.
	params := append([]byte(nil), fullMsg[2:len(fullMsg)-1]...)
	params = append(params, ParamVMWI, 1, 0xFF)
	msg := append([]byte{TypeMDMFMWI, byte(len(params))}, params...)
	msg = append(msg, Checksum(msg))
	ev := NewCIDReceiver(CIDRxOptions{}).Process(fskMessageSignal(msg, StandardBellcore, CIDTxOptions{Lead: time.Second, Tail: time.Second}), nil)
	if len(ev) != 1 || ev[0].VMWI != VMWIOn || ev[0].CallerID.Number != full.Number || ev[0].CallerID.Date != full.Date {
		t.Errorf("full form: %+v", ev)
	}
}

// A caller ID after an indication is still a caller ID.
func TestVMWI_ThenCallerID(t *testing.T) {
	on, _ := VMWISignal(true, VMWIOptions{})
	cid, _ := CallerIDSignal(BenchCIDMessage, CIDTxOptions{Lead: 500 * time.Millisecond, Tail: 300 * time.Millisecond})
	rep := Analyze(append(on, cid...), AnalyzeOptions{})
	c, ok := rep.CallerID()
	if !ok || c.Number != BenchCIDMessage.Number || rep.VMWI() != VMWIOn {
		t.Errorf("got caller ID %v (%v), indication %v", c, ok, rep.VMWI())
	}
}

// fuzzVMWI: whatever the bytes, ParseVMWI returns an indication only for
// a well-formed message, and the minimal forms re-encode to themselves.
func fuzzVMWI(t *testing.T, b []byte) {
	v, _, err := ParseVMWI(b)
	if err != nil {
		var me *MessageError
		if !errors.As(err, &me) || v != VMWINone {
			t.Fatalf("ParseVMWI(% X) = %v, %v", b, v, err)
		}
		return
	}
	if v != VMWIOn && v != VMWIOff {
		t.Fatalf("ParseVMWI(% X) = %v without an error", b, v)
	}
	if len(b) == 6 {
		f := VMWIMDMF
		if b[0] == TypeSDMFMWI {
			f = VMWISDMF
		}
		if re := EncodeVMWI(v == VMWIOn, f); string(re) != string(b) {
			t.Fatalf("re-encode % X, want % X", re, b)
		}
	}
}
