package modem_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"secretary/hal"
	"secretary/hal/modem"
)

func transcriptSeeds(f *testing.F) []string {
	files, _ := filepath.Glob(filepath.Join(transcripts, "*.txt"))
	var out []string
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func FuzzParseCIDBlock(f *testing.F) {
	for _, s := range transcriptSeeds(f) {
		f.Add(s)
	}
	f.Add("DATE = 0504\r\nTIME = 2149\r\nNMBR = 4075551212\r\nNAME = Chmielewski Joh\r\n")
	f.Add("MESG = 110101\nNMBR=P\nNAME=WITHHELD\nMESG=0\nMESG=0201")
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range modem.ParseCIDBlock(text) {
			switch {
			case c.Number != "" && c.Presentation != hal.PresentationAvailable:
				t.Fatalf("number %q but presentation %v", c.Number, c.Presentation)
			case c.Number == "" && c.Presentation == hal.PresentationAvailable:
				t.Fatalf("available without a number: %+v", c)
			case c.Presentation == hal.PresentationNone:
				t.Fatalf("a parsed block must not say none: %+v", c)
			}
		}
	})
}

func FuzzDecodeCIDMessage(f *testing.F) {
	for _, v := range cidVectors {
		f.Add(mustHex(f, v.hex))
	}
	f.Add(mustHex(f, "801E01083130313532303338020A37303835353530303031070C552E532E524F424F5449435322"))
	f.Add(mustHex(f, "0412303332323234303539313435353132333435"))
	f.Add([]byte{0x82, 0x03, 0x0b, 0x01, 0xff, 0x70})
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, ok, err := modem.DecodeCIDMessage(msg)
		if err != nil && ok {
			t.Fatal("ok with an error")
		}
		if !ok {
			return
		}
		if len(msg) == int(msg[1])+3 {
			var s byte
			for _, b := range msg {
				s += b
			}
			if s != 0 {
				t.Fatalf("accepted with checksum sum %#x", s)
			}
		}
		if (c.Number != "") != (c.Presentation == hal.PresentationAvailable) {
			t.Fatalf("presentation %v for number %q", c.Presentation, c.Number)
		}
	})
}

func FuzzDLEDecoder(f *testing.F) {
	f.Add([]byte{0x10, 0x10, 'b', 0x10, 'b', 0x10, 0x1a, 0x10, 0x03}, uint(3))
	f.Add([]byte{0x10, '/', 0x10, '5', 0x10, '5', 0x10, '~', 0x10, '!'}, uint(1))
	f.Add([]byte("\x80\x7f\x10"), uint(2))
	f.Fuzz(func(t *testing.T, in []byte, split uint) {
		whole := decodeAll(in)
		i := int(split % uint(len(in)+1))
		parts := decodeAll(in[:i], in[i:])
		if !bytes.Equal(whole.audio, parts.audio) || !bytes.Equal(whole.events, parts.events) || whole.end != parts.end {
			t.Fatalf("split at %d differs: %+v vs %+v", i, whole, parts)
		}
		if !whole.end {
			// Round trip: shielding the audio decodes back to it.
			r := decodeAll(modem.ShieldDLE(nil, whole.audio))
			if !bytes.Equal(r.audio, whole.audio) || len(r.events) != 0 {
				t.Fatalf("shield round trip failed")
			}
		}
	})
}
