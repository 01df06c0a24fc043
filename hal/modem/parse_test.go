package modem_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"secretary/hal"
	"secretary/hal/modem"
)

const transcripts = modem.Transcripts

func readTranscript(t testing.TB, name string) string {
	t.Helper()
	return modem.ReadTranscript(t, name)
}

type cidWant struct {
	number, name, date, time, absent string
	pres                             hal.Presentation
}

func checkCID(t *testing.T, got hal.CallerID, w cidWant) {
	t.Helper()
	if got.Number != w.number || got.Name != w.name || got.Date != w.date || got.Time != w.time ||
		got.NumberAbsent != w.absent || got.Presentation != w.pres {
		t.Errorf("got number=%q name=%q date=%q time=%q absent=%q pres=%v\nwant %+v",
			got.Number, got.Name, got.Date, got.Time, got.NumberAbsent, got.Presentation, w)
	}
}

func TestParseCIDBlock_Transcripts(t *testing.T) {
	tests := []struct {
		file string
		want []cidWant
	}{
		{"3com-manual-formatted-cid.txt", []cidWant{{"8475550001", "U.S.ROBOTICS", "1015", "2038", "", hal.PresentationAvailable}}},
		{"conexant-miniterm-vcid-off-then-on.txt", []cidWant{{"04xxxxxxx7", "", "1015", "1310", "", hal.PresentationAvailable}}},
		{"ncid-debug-us-formatted-cid.txt", []cidWant{{"4075551212", "Chmielewski Joh", "0504", "2149", "", hal.PresentationAvailable}}},
		{"ncid-testdata-uk-withheld-mesg.txt", []cidWant{{"", "WITHHELD", "0421", "0934", "P", hal.PresentationPrivate}}},
		// The second Askey example (an odd-length MESG) carries nothing decodable.
		{"rockwell-askey-manual-cid-examples.txt", []cidWant{{"504551234", "A N OTHER", "0321", "1405", "", hal.PresentationAvailable}}},
		{"usr5637-uk-no-spaces-no-name.txt", []cidWant{{"07xxxxxxxx7", "", "1203", "1452", "", hal.PresentationAvailable}}},
		{"ncid-api-unformatted-sdmf.txt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := modem.ParseCIDBlock(readTranscript(t, tt.file))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d blocks %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				checkCID(t, got[i], tt.want[i])
			}
		})
	}
}

func TestParseCIDBlock_Variants(t *testing.T) {
	tests := []struct {
		name, text string
		want       []cidWant
	}{
		{"no spaces any order", "NAME=FIA CARD SERVIC\r\nNMBR=8005551234\r\nTIME=0930\r\nDATE=1203\r\n",
			[]cidWant{{"8005551234", "FIA CARD SERVIC", "1203", "0930", "", hal.PresentationAvailable}}},
		{"mixed spacing", "DATE =0504\nTIME= 2149\nNMBR    =   555-1212\n",
			[]cidWant{{"5551212", "", "0504", "2149", "", hal.PresentationAvailable}}},
		{"out of area", "DATE = 0101\nTIME = 0000\nNMBR = O\nNAME = O\n",
			[]cidWant{{"", "", "0101", "0000", "O", hal.PresentationUnavailable}}},
		{"number then O keeps the first", "NMBR = 4075551212\nNMBR = O\n",
			[]cidWant{{"4075551212", "", "", "", "", hal.PresentationAvailable}}},
		{"restricted word", "NMBR = Restricted\nNAME = Unavailable\n",
			[]cidWant{{"", "Unavailable", "", "", "P", hal.PresentationPrivate}}},
		{"DDN_NMBR", "DATE = 0504\nTIME = 1200\nDDN_NMBR = 5145551212\n",
			[]cidWant{{"5145551212", "", "0504", "1200", "", hal.PresentationAvailable}}},
		{"MESG Bell Canada DN", "MESG = 030735353531323132\n",
			[]cidWant{{"5551212", "", "", "", "", hal.PresentationAvailable}}},
		{"partial: name only", "NAME = SOMEONE\n",
			[]cidWant{{"", "SOMEONE", "", "", "O", hal.PresentationUnavailable}}},
		{"two blocks", "DATE=0101\nNMBR=111\nDATE=0102\nNMBR=222\n",
			[]cidWant{{"111", "", "0101", "", "", hal.PresentationAvailable}, {"222", "", "0102", "", "", hal.PresentationAvailable}}},
		{"DLE wrapped (Motorola)", "\x10R\x10XNMBR = 123\x10.\n",
			[]cidWant{{"123", "", "", "", "", hal.PresentationAvailable}}},
		{"not CID", "RING\nOK\nNUMBER = 5\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := modem.ParseCIDBlock(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d blocks %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				checkCID(t, got[i], tt.want[i])
			}
		})
	}
}

func mustHex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// PROTOCOLS.md §5.4 vectors, checksums verified there.
var cidVectors = []struct {
	name, hex string
	want      cidWant
}{
	{"ncid sdmf", "04 12 3035313131383532 34303735353530303030 59", cidWant{"4075550000", "", "0511", "1852", "", hal.PresentationAvailable}},
	{"ncid mdmf", "80 20 01 08 3035313131383532 02 0A 34303735353530303030 07 08 4A4F484E20444F45 84", cidWant{"4075550000", "JOHN DOE", "0511", "1852", "", hal.PresentationAvailable}},
	{"melabs sdmf", "04 12 3039333031323234 36303935353531323132 51", cidWant{"6095551212", "", "0930", "1224", "", hal.PresentationAvailable}},
	{"mdmf doe john", "80 20 01 08 3033313531343330 02 0A 38303035353531323334 07 08 444F45204A4F484E 83", cidWant{"8005551234", "DOE JOHN", "0315", "1430", "", hal.PresentationAvailable}},
	{"mdmf private", "80 10 01 08 3033313531343330 04 01 50 08 01 50 28", cidWant{"", "", "0315", "1430", "P", hal.PresentationPrivate}},
	{"mdmf name unavailable", "80 19 01 08 3033313531343330 02 0A 38303035353531323334 08 01 4F 68", cidWant{"8005551234", "", "0315", "1430", "", hal.PresentationAvailable}},
	{"sdmf out of area", "04 09 3033313531343330 4F 13", cidWant{"", "", "0315", "1430", "O", hal.PresentationUnavailable}},
	{"sdmf private", "04 09 3033313531343330 50 12", cidWant{"", "", "0315", "1430", "P", hal.PresentationPrivate}},
	{"etsi voice", "80 1A 11 01 01 01 08 3033313531343330 02 0B 3031363332393630313233 7B", cidWant{"01632960123", "", "0315", "1430", "", hal.PresentationAvailable}},
	{"etsi withheld", "80 10 11 01 01 01 08 3033313531343330 04 01 50 6E", cidWant{"", "", "0315", "1430", "P", hal.PresentationPrivate}},
}

func TestDecodeCIDMessage_Vectors(t *testing.T) {
	for _, v := range cidVectors {
		t.Run(v.name, func(t *testing.T) {
			msg := mustHex(t, v.hex)
			c, ok, err := modem.DecodeCIDMessage(msg)
			if err != nil || !ok {
				t.Fatalf("ok=%v err=%v", ok, err)
			}
			checkCID(t, c, v.want)
			// Any single corrupted byte is caught by the checksum or framing.
			for i := range msg {
				bad := bytes.Clone(msg)
				bad[i] ^= 0x04
				if _, ok, err := modem.DecodeCIDMessage(bad); ok && err == nil {
					t.Errorf("corrupted byte %d accepted", i)
				}
			}
		})
	}
}

func TestDecodeCIDHex_Transcripts(t *testing.T) {
	tests := []struct {
		file    string
		line    string
		want    cidWant
		wantErr error
	}{
		{"ncid-api-unformatted-sdmf.txt", "041230353131313835323430373535353030303059", cidWant{"4075550000", "", "0511", "1852", "", hal.PresentationAvailable}, nil},
		{"ncid-api-unformatted-mdmf.txt", "802001083035313131383532020A3430373535353030303007084A4F484E20444F4584", cidWant{"4075550000", "JOHN DOE", "0511", "1852", "", hal.PresentationAvailable}, nil},
		// 3Com manual: wrong length byte and checksum, rejected.
		{"3com-manual-unformatted-cid.txt", "801E01083130313532303338020A37303835353530303031070C552E532E524F424F5449435322", cidWant{}, modem.ErrBadMessage},
		// Askey manual: checksum byte missing; the exact-length message is accepted.
		{"rockwell-askey-manual-cid-examples.txt", "0412303332323234303539313435353132333435", cidWant{"9145512345", "", "0322", "2405", "", hal.PresentationAvailable}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if !strings.Contains(readTranscript(t, tt.file), tt.line) {
				t.Fatalf("line not in transcript")
			}
			c, ok, err := modem.DecodeCIDHex(tt.line)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || !ok {
				t.Fatalf("ok=%v err=%v", ok, err)
			}
			checkCID(t, c, tt.want)
		})
	}
}

func TestDecodeCIDMessage_BadChecksum(t *testing.T) {
	msg := mustHex(t, "04 12 3035313131383532 34303735353530303030 58")
	if _, _, err := modem.DecodeCIDMessage(msg); !errors.Is(err, modem.ErrBadChecksum) {
		t.Fatalf("err = %v, want ErrBadChecksum", err)
	}
}

type dleResult struct {
	audio  []byte
	events []byte
	n      int
	end    bool
}

func decodeAll(chunks ...[]byte) dleResult {
	var d modem.DLEDecoder
	var r dleResult
	for _, c := range chunks {
		var n int
		var end bool
		r.audio, n, end = d.Decode(c, r.audio, func(code byte) { r.events = append(r.events, code) })
		r.n += n
		if end {
			r.end = true
			break
		}
	}
	return r
}

func TestDLEDecoder_Table(t *testing.T) {
	tests := []struct {
		name       string
		in         []byte
		audio, evs []byte
		end        bool
	}{
		{"plain", []byte{1, 2, 3}, []byte{1, 2, 3}, nil, false},
		{"doubled DLE is a sample, not busy", []byte{0x10, 0x10, 'b'}, []byte{0x10, 'b'}, nil, false},
		{"busy event", []byte{7, 0x10, 'b', 8}, []byte{7, 8}, []byte{'b'}, false},
		{"SUB is two DLE samples", []byte{0x10, 0x1a}, []byte{0x10, 0x10}, nil, false},
		{"ETX ends", []byte{1, 0x10, 0x03, 9, 9}, []byte{1}, nil, true},
		{"IS-101 DTMF", []byte{0x10, '/', 0x10, '5', 0x10, '5', 0x10, '~'}, nil, []byte{'/', '5', '5', '~'}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeAll(tt.in)
			if !bytes.Equal(r.audio, tt.audio) || !bytes.Equal(r.events, tt.evs) || r.end != tt.end {
				t.Fatalf("got audio %x events %q end %v", r.audio, r.events, r.end)
			}
			// Same result for every split into two reads.
			for i := 0; i <= len(tt.in); i++ {
				s := decodeAll(tt.in[:i], tt.in[i:])
				if !bytes.Equal(s.audio, r.audio) || !bytes.Equal(s.events, r.events) || s.end != r.end {
					t.Fatalf("split at %d: audio %x events %q end %v", i, s.audio, s.events, s.end)
				}
			}
		})
	}
}

func TestShieldDLE_RoundTrip(t *testing.T) {
	in := []byte{0, 0x10, 0x10, 0x03, 0xff, 0x10}
	sh := modem.ShieldDLE(nil, in)
	r := decodeAll(sh)
	if !bytes.Equal(r.audio, in) || len(r.events) != 0 || r.end {
		t.Fatalf("round trip %x -> %x -> %x", in, sh, r.audio)
	}
}

func TestParseVSM_Transcript(t *testing.T) {
	blocks := strings.Split(readTranscript(t, "vsm-query-responses.txt"), "\n\n")
	want := []struct {
		cml   int
		codec modem.Codec
	}{{131, modem.CodecULaw}, {1, modem.CodecUnsigned8}, {1, modem.CodecUnsigned8}}
	if len(blocks) != len(want) {
		t.Fatalf("%d blocks", len(blocks))
	}
	for i, b := range blocks {
		es := modem.ParseVSM(strings.Split(b, "\n"))
		if len(es) < 4 {
			t.Fatalf("block %d: %d entries", i, len(es))
		}
		cml, c, ok := modem.ChooseCodec(es)
		if !ok || cml != want[i].cml || c != want[i].codec {
			t.Errorf("block %d: chose %d %v %v, want %d %v", i, cml, c, ok, want[i].cml, want[i].codec)
		}
	}
	es := modem.ParseVSM([]string{`1,"UNSIGNED PCM",8,0,(7200,8000,11025),0,0`})
	if len(es) != 1 || fmt.Sprint(es[0].Rates) != "[7200 8000 11025]" || es[0].Bits != 8 {
		t.Errorf("rates: %+v", es)
	}
}

func TestParseVLS_Transcript(t *testing.T) {
	l, ok := modem.ParseVLS(strings.Split(readTranscript(t, "vls-query-response-conexant.txt"), "\n"))
	if !ok || l != 1 {
		t.Fatalf("label %d %v, want 1", l, ok)
	}
	if l, ok := modem.ParseVLS([]string{`0,"",0,0,0`, `2,"L",0,0,0`, `7,"T",0,0,0`}); !ok || l != 7 {
		t.Fatalf("label %d %v, want 7", l, ok)
	}
}

func ExampleDecodeCIDHex() {
	c, ok, err := modem.DecodeCIDHex("802001083035313131383532020A3430373535353030303007084A4F484E20444F4584")
	fmt.Println(ok, err, c.Date, c.Time, c.Number, c.Name, c.Presentation)
	// Output: true <nil> 0511 1852 4075550000 JOHN DOE available
}

func ExampleParseCIDBlock() {
	for _, c := range modem.ParseCIDBlock("DATE=1203\r\nTIME=1452\r\nNMBR=P\r\n") {
		fmt.Println(c.Date, c.Time, c.NumberAbsent, c.Presentation)
	}
	// Output: 1203 1452 P private
}

func ExampleDLEDecoder() {
	var d modem.DLEDecoder
	audio, _, _ := d.Decode([]byte{0x80, 0x10, 0x10, 0x10}, nil, func(c byte) { fmt.Printf("event %c\n", c) })
	audio, _, end := d.Decode([]byte{'5', 0x7f, 0x10, 0x03}, audio, func(c byte) { fmt.Printf("event %c\n", c) })
	fmt.Printf("% x end=%v\n", audio, end)
	// Output:
	// event 5
	// 80 10 7f end=true
}
