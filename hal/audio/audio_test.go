package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"testing"
)

// PROTOCOLS.md §7 verified values (16-bit input -> code, cross-checked
// against Python audioop).
func TestG711_VerifiedValues(t *testing.T) {
	cases := []struct {
		in   int16
		u, a byte
	}{
		{0, 0xFF, 0xD5}, {1000, 0xCE, 0xFA}, {-1000, 0x4E, 0x7A}, {32767, 0x80, 0xAA}, {-32768, 0x00, 0x2A},
	}
	for _, c := range cases {
		if u := EncodeULaw(nil, []int16{c.in})[0]; u != c.u {
			t.Errorf("u-law(%d) = 0x%02X, want 0x%02X", c.in, u, c.u)
		}
		if a := EncodeALaw(nil, []int16{c.in})[0]; a != c.a {
			t.Errorf("A-law(%d) = 0x%02X, want 0x%02X", c.in, a, c.a)
		}
	}
	if v := DecodeULaw(nil, []byte{0x80})[0]; v != 32124 {
		t.Errorf("u-law 0x80 decodes to %d, want 32124", v)
	}
	if v := DecodeALaw(nil, []byte{0xAA})[0]; v != 32256 {
		t.Errorf("A-law 0xAA decodes to %d, want 32256", v)
	}
}

func TestPCM8(t *testing.T) {
	if b := EncodePCM8(nil, []int16{0, 32767, -32768, 256}); !bytes.Equal(b, []byte{0x80, 0xFF, 0x00, 0x81}) {
		t.Errorf("EncodePCM8 = % X", b)
	}
	if v := DecodePCM8(nil, []byte{0x80, 0x00, 0xFF}); v[0] != 0 || v[1] != -32768 || v[2] != 32512 {
		t.Errorf("DecodePCM8 = %v", v)
	}
}

func sine(n int, f, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(math.Round(amp * math.Sin(2*math.Pi*f*float64(i)/8000)))
	}
	return out
}

func TestWAV_RoundTripAllEncodings(t *testing.T) {
	pcm := sine(801, 1000, 20000) // odd length: exercises the pad byte
	for _, e := range []Encoding{PCM16, PCM8, ULaw, ALaw} {
		var buf bytes.Buffer
		if err := WriteWAV(&buf, e, 8000, pcm); err != nil {
			t.Fatal(err)
		}
		c, err := ReadWAV(&buf)
		if err != nil {
			t.Fatalf("%v: %v", e, err)
		}
		if c.Encoding != e || c.Rate != 8000 || c.Channels != 1 || len(c.Samples) != len(pcm) {
			t.Fatalf("%v: got %v %d Hz %d ch %d samples", e, c.Encoding, c.Rate, c.Channels, len(c.Samples))
		}
		tol := map[Encoding]int{PCM16: 0, PCM8: 128, ULaw: 700, ALaw: 700}[e]
		for i := range pcm {
			if d := int(c.Samples[i]) - int(pcm[i]); d > tol || d < -tol {
				t.Fatalf("%v: sample %d = %d, want %d±%d", e, i, c.Samples[i], pcm[i], tol)
			}
		}
	}
}

func TestWAV_Errors(t *testing.T) {
	var good bytes.Buffer
	_ = WriteWAV(&good, PCM16, 8000, sine(100, 400, 1000))
	g := good.Bytes()
	withTag := func(tag uint16, bits uint16) []byte {
		b := append([]byte(nil), g...)
		binary.LittleEndian.PutUint16(b[20:], tag)
		binary.LittleEndian.PutUint16(b[34:], bits)
		return b
	}
	cases := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrNotWAV},
		{"not riff", []byte("RIFX....WAVEfmt "), ErrNotWAV},
		{"header only", g[:12], ErrTruncated},
		{"cut in fmt", g[:30], ErrTruncated},
		{"cut in data", g[:len(g)-10], ErrTruncated},
		{"no data chunk", g[:36], ErrNoData},
		{"IMA ADPCM", withTag(0x0011, 4), ErrUnsupported},
		{"float", withTag(0x0003, 32), ErrUnsupported},
		{"24-bit", withTag(0x0001, 24), ErrUnsupported},
	}
	for _, c := range cases {
		_, err := DecodeWAV(c.b)
		var fe *FormatError
		if !errors.Is(err, c.want) || !errors.As(err, &fe) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
}

func TestWAV_StereoAndPrompt(t *testing.T) {
	// a 16 kHz stereo prompt with a 1 kHz tone comes out 8 kHz mono, same tone
	n := 16000
	st := make([]int16, 2*n)
	for i := 0; i < n; i++ {
		v := int16(10000 * math.Sin(2*math.Pi*1000*float64(i)/16000))
		st[2*i], st[2*i+1] = v, v
	}
	var buf bytes.Buffer
	if err := WriteWAVClip(&buf, &Clip{Rate: 16000, Channels: 2, Encoding: PCM16, Samples: st}); err != nil {
		t.Fatal(err)
	}
	pcm, err := LoadPrompt(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(pcm) != 8000 {
		t.Fatalf("got %d samples, want 8000", len(pcm))
	}
	want := sine(8000, 1000, 10000)
	for i := 100; i < 7900; i++ { // edges of the interpolator aside
		if d := int(pcm[i]) - int(want[i]); d > 150 || d < -150 {
			t.Fatalf("sample %d = %d, want %d", i, pcm[i], want[i])
		}
	}
	// a 3.5 kHz tone at 16 kHz is above 8 kHz's Nyquist band edge: removed, not aliased
	hi := make([]int16, n)
	for i := range hi {
		hi[i] = int16(10000 * math.Sin(2*math.Pi*5000*float64(i)/16000))
	}
	if l := LevelDBm0(Resample(hi, 16000, 8000)[100:7900]); l > -40 {
		t.Errorf("5 kHz tone resampled to 8 kHz left %.1f dBm0, want < -40", l)
	}
}

func TestLevel(t *testing.T) {
	cases := []struct {
		amp  float64
		want float64
	}{
		{32767, 3.14},
		{SineAmplitude(0), 0},
		{SineAmplitude(-20), -20},
	}
	for _, c := range cases {
		if got := LevelDBm0(sine(8000, 1000, c.amp)); math.Abs(got-c.want) > 0.05 {
			t.Errorf("amplitude %.0f: %.2f dBm0, want %.2f", c.amp, got, c.want)
		}
	}
	if LevelDBm0(make([]int16, 10)) > -150 {
		t.Error("silence is not very quiet")
	}
}

func FuzzReadWAV(f *testing.F) {
	for _, e := range []Encoding{PCM16, PCM8, ULaw, ALaw} {
		var buf bytes.Buffer
		_ = WriteWAV(&buf, e, 8000, sine(20, 500, 3000))
		f.Add(buf.Bytes())
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVE"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DecodeWAV(b)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
			return
		}
		if c.Channels < 1 || c.Rate <= 0 || len(c.Samples)%c.Channels != 0 || len(c.Samples) > len(b) {
			t.Fatalf("inconsistent clip: %d ch %d Hz %d samples from %d bytes", c.Channels, c.Rate, len(c.Samples), len(b))
		}
		// what we read, we write and read back identically (PCM16 is lossless)
		var out bytes.Buffer
		if err := WriteWAVClip(&out, &Clip{Rate: c.Rate, Channels: c.Channels, Encoding: PCM16, Samples: c.Samples}); err != nil {
			t.Fatal(err)
		}
		c2, err := DecodeWAV(out.Bytes())
		if err != nil || len(c2.Samples) != len(c.Samples) {
			t.Fatalf("rewrite: %v", err)
		}
	})
}

func ExampleLevelDBm0() {
	tone := make([]int16, 8000)
	a := SineAmplitude(-13)
	for i := range tone {
		tone[i] = int16(a * math.Sin(2*math.Pi*1004*float64(i)/8000))
	}
	fmt.Printf("%.1f dBm0\n", LevelDBm0(tone))
	// Output: -13.0 dBm0
}
