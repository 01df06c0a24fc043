package dsp

import (
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func unhex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// PROTOCOLS.md §5.4 vectors (checksums verified there).
func TestParseMessage_ProtocolVectors(t *testing.T) {
	cases := []struct {
		hex  string
		want CallerID
	}{
		{"04 12 3035313131383532 34303735353530303030 59", CallerID{Standard: StandardBellcore, Type: 4, Date: "05111852", Number: "4075550000"}},
		{"80 20 01 08 3035313131383532 02 0A 34303735353530303030 07 08 4A4F484E20444F45 84", CallerID{Type: 0x80, Date: "05111852", Number: "4075550000", Name: "JOHN DOE"}},
		{"04 12 3039333031323234 36303935353531323132 51", CallerID{Standard: StandardBellcore, Type: 4, Date: "09301224", Number: "6095551212"}},
		{"80 20 01 08 3033313531343330 02 0A 38303035353531323334 07 08 444F45204A4F484E 83", CallerID{Type: 0x80, Date: "03151430", Number: "8005551234", Name: "DOE JOHN"}},
		{"80 10 01 08 3033313531343330 04 01 50 08 01 50 28", CallerID{Type: 0x80, Date: "03151430", NumberAbsent: "P", NameAbsent: "P"}},
		{"80 19 01 08 3033313531343330 02 0A 38303035353531323334 08 01 4F 68", CallerID{Type: 0x80, Date: "03151430", Number: "8005551234", NameAbsent: "O"}},
		{"04 09 3033313531343330 4F 13", CallerID{Standard: StandardBellcore, Type: 4, Date: "03151430", NumberAbsent: "O"}},
		{"04 09 3033313531343330 50 12", CallerID{Standard: StandardBellcore, Type: 4, Date: "03151430", NumberAbsent: "P"}},
		{"80 1A 11 01 01 01 08 3033313531343330 02 0B 3031363332393630313233 7B", CallerID{Type: 0x80, Date: "03151430", Number: "01632960123"}},
		{"80 10 11 01 01 01 08 3033313531343330 04 01 50 6E", CallerID{Type: 0x80, Date: "03151430", NumberAbsent: "P"}},
	}
	for _, c := range cases {
		got, err := ParseMessage(unhex(t, c.hex))
		if err != nil {
			t.Errorf("%s: %v", c.hex, err)
			continue
		}
		got.Params, got.Raw = nil, nil
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.hex, got, c.want)
		}
	}
}

func TestParseMessage_Errors(t *testing.T) {
	good := unhex(t, "80 10 01 08 3033313531343330 04 01 50 08 01 50 28")
	bad := append([]byte(nil), good...)
	bad[len(bad)-1] ^= 1
	cases := []struct {
		b    []byte
		want error
	}{
		{bad, ErrChecksum},
		{good[:len(good)-1], ErrTruncated},
		{good[:2], ErrTruncated},
		{append(append([]byte(nil), good...), 0), ErrMalformed},
		{withSum([]byte{0x80, 0x03, 0x02, 0x05, 0x31}), ErrMalformed}, // parameter overruns
		{withSum([]byte{0x04, 0x03, 0x31, 0x32, 0x33}), ErrMalformed}, // SDMF without date
		{withSum([]byte{0x33, 0x01, 0x00}), ErrUnknownType},
	}
	for i, c := range cases {
		_, err := ParseMessage(c.b)
		var me *MessageError
		if !errors.Is(err, c.want) || !errors.As(err, &me) {
			t.Errorf("case %d: err %v, want %v", i, err, c.want)
		}
	}
}

func withSum(b []byte) []byte { return append(b, Checksum(b)) }

func TestParseMessage_SkipsUnknownParams(t *testing.T) {
	msg := withSum([]byte{0x80, 14, 0x42, 0x02, 0xAA, 0xBB, 0x02, 0x03, '5', '5', '5', 0x06, 0x01, 'L', 0x07, 0x00})
	c, err := ParseMessage(msg)
	if err != nil || c.Number != "555" || len(c.Params) != 4 || c.Params[0].Type != 0x42 {
		t.Fatalf("got %+v, %v", c, err)
	}
}

func TestEncodeMessage_RoundTrip(t *testing.T) {
	for _, c := range []CallerID{
		{Standard: StandardBellcore, Date: "11220915", Number: "2125550143", Name: "HUDSON DENTAL"},
		{Standard: StandardBellcore, Type: TypeSDMF, Date: "11220915", NumberAbsent: "P"},
		{Standard: StandardETSI, Date: "11220915", Number: "01632960123"},
	} {
		b, err := EncodeMessage(c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseMessage(b)
		if err != nil || got.Number != c.Number || got.Name != c.Name || got.Date != c.Date || got.NumberAbsent != c.NumberAbsent {
			t.Errorf("%v -> % X -> %v, %v", c, b, got, err)
		}
	}
	// our ETSI encoder reproduces the PROTOCOLS.md vector byte for byte
	b, _ := EncodeMessage(CallerID{Standard: StandardETSI, Date: "03151430", Number: "01632960123"})
	if want := unhex(t, "80 1A 11 01 01 01 08 3033313531343330 02 0B 3031363332393630313233 7B"); string(b) != string(want) {
		t.Errorf("ETSI encode % X, want % X", b, want)
	}
}

func TestJCLIP_RoundTripAndCRC(t *testing.T) {
	f, err := encodeJCLIP(CallerID{Number: "0355598288"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseJCLIP(f)
	if err != nil || c.Number != "0355598288" || c.Type != TypeJCLIP {
		t.Fatalf("got %v, %v", c, err)
	}
	f[9] ^= 0x01
	if _, err := ParseJCLIP(f); !errors.Is(err, ErrChecksum) {
		t.Errorf("corrupt frame: %v", err)
	}
}

func TestParseDTMFCLIP(t *testing.T) {
	cases := []struct {
		in       string
		num, abs string
		ok       bool
	}{
		{"A0123456789C", "0123456789", "", true},
		{"B10C", "", "P", true},
		{"B00C", "", "O", true},
		{"D1#", "", "P", true},
		{"D3#", "", "O", true},
		{"D0223456789C", "0223456789", "", true},
		{"A9276757249#", "9276757249", "", true},
		{"A0123D4567C", "0123", "", true},
		{"A0123B10C", "0123", "P", true},
		{"12345678#", "12345678", "", true},
		{"A123", "", "", false},
		{"X123C", "", "", false},
		{"B77C", "", "", false},
		{"C", "", "", false},
	}
	for _, c := range cases {
		got, err := ParseDTMFCLIP(c.in)
		if (err == nil) != c.ok || (c.ok && (got.Number != c.num || got.NumberAbsent != c.abs)) {
			t.Errorf("%q: got %v, %v", c.in, got, err)
		}
	}
}

// FuzzParseMessage: the parser never panics, and whatever it accepts it can
// encode back to the same bytes (MDMF with its parameters, SDMF).
func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{
		"04 12 3035313131383532 34303735353530303030 59",
		"80 20 01 08 3035313131383532 02 0A 34303735353530303030 07 08 4A4F484E20444F45 84",
		"80 10 01 08 3033313531343330 04 01 50 08 01 50 28",
		"80 1A 11 01 01 01 08 3033313531343330 02 0B 3031363332393630313233 7B",
		"04 09 3033313531343330 4F 13",
		"80 00 80",
		"",
		"82 03 0B 01 FF 70", // message waiting on (MDMF)
		"82 03 0B 01 00 6F",
		"06 03 42 42 42 31", // message waiting on (SDMF)
		"06 03 6F 6F 6F AA",
		"82 0E 01 08 3131323230393135 0B 01 FF 23", // with a date
	} {
		f.Add(unhex(f, s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzVMWI(t, b)
		c, err := ParseMessage(b)
		if err != nil {
			var me *MessageError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *MessageError", err)
			}
			return
		}
		if c.Type == TypeSDMF {
			return // SDMF number text may hold anything; nothing to re-encode exactly
		}
		re, err := EncodeMessage(CallerID{Standard: StandardBellcore, Type: c.Type, Params: c.Params})
		if err != nil {
			t.Fatalf("re-encode %v: %v", c, err)
		}
		if string(re) != string(b) {
			t.Fatalf("re-encode % X, want % X", re, b)
		}
	})
}

// FuzzParseJCLIP and FuzzParseDTMFCLIP: no panics, typed errors.
func FuzzParseJCLIP(f *testing.F) {
	fr, _ := encodeJCLIP(CallerID{Number: "0355598288"})
	f.Add(fr)
	fr, _ = encodeJCLIP(CallerID{NumberAbsent: "O"})
	f.Add(fr)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := ParseJCLIP(b); err != nil {
			var me *MessageError
			if !errors.As(err, &me) {
				t.Fatalf("error %v is not a *MessageError", err)
			}
		}
	})
}

func FuzzParseDTMFCLIP(f *testing.F) {
	for _, s := range []string{"A0123456789C", "B10C", "D1#", "D0223456789C", "A0123D4567B00C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseDTMFCLIP(s)
		if err == nil && c.Number == "" && c.NumberAbsent == "" {
			t.Fatalf("%q accepted with neither number nor reason", s)
		}
	})
}

func ExampleParseMessage() {
	msg := []byte{0x80, 0x10, 0x01, 0x08, '0', '3', '1', '5', '1', '4', '3', '0', 0x04, 0x01, 'P', 0x08, 0x01, 'P', 0x28}
	c, err := ParseMessage(msg)
	fmt.Println(c.Date, c.NumberAbsent, c.NameAbsent, c.Presentation(), err)
	// Output: 03151430 P P private <nil>
}

func ExampleEncodeMessage() {
	b, _ := EncodeMessage(CallerID{Standard: StandardBellcore, Type: TypeSDMF, Date: "03151430", NumberAbsent: "O"})
	fmt.Printf("% X\n", b)
	// Output: 04 09 30 33 31 35 31 34 33 30 4F 13
}

func ExampleDTMFDetector() {
	pcm, _ := DTMFSignal("42#", DTMFGenOptions{})
	d := NewDTMFDetector()
	for _, e := range d.Process(pcm, nil) {
		fmt.Printf("%c", e.Digit)
	}
	fmt.Println()
	// Output: 42#
}

func ExampleParseSITCode() {
	c, _ := ParseSITCode("ro'")
	s, _ := c.Segments()
	fmt.Println(c, s[0].Freq, s[0].Dur, s[1].Freq, s[1].Dur)
	// Output: RO' 985.2 274ms 1370.6 380ms
}

// Names decoded from the line go through clean.Name: escape sequences,
// controls and bidi overrides never reach the log or the handset's display;
// Params keep the bytes as received.
func TestParseMessage_NameCleaned(t *testing.T) {
	name := "\x1b[2JEVIL\u202e CORP\x07"
	c, err := ParseMessage(mustEncode(t, CallerID{Standard: StandardBellcore, Number: "2125550143", Name: name}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "EVIL CORP" {
		t.Errorf("name %q, want %q", c.Name, "EVIL CORP")
	}
	if got := string(c.Params[len(c.Params)-1].Value); got != name {
		t.Errorf("param kept %q, want the bytes as received", got)
	}
	// through the air too
	pcm, _ := CallerIDSignal(CallerID{Standard: StandardBellcore, Number: "2125550143", Name: name}, CIDTxOptions{Lead: 300 * time.Millisecond, Tail: 300 * time.Millisecond})
	if id, ok := Analyze(pcm, AnalyzeOptions{}).CallerID(); !ok || id.Name != "EVIL CORP" {
		t.Errorf("decoded from audio: %q (%v)", id.Name, ok)
	}
}

func mustEncode(t *testing.T, c CallerID) []byte {
	t.Helper()
	b, err := EncodeMessage(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
