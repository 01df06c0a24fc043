package control

import (
	"bufio"
	"bytes"
	"slices"
	"testing"
)

// FuzzParseRequest: any line is parsed without panic; an accepted argv is
// 1-256 words of plain text, and encodes back to a line that parses to
// the same argv; readRequest agrees with ParseRequest.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{
		`SECRETARY-CONTROL 1 ["import","block"]`,
		`SECRETARY-CONTROL 1 ["export","block","--vcard"]`,
		`SECRETARY-CONTROL 1 ["decide","+1 212 555 0143","--name","HUDSON \u00e9"]`,
		`SECRETARY-CONTROL 1 []`,
		`SECRETARY-CONTROL 1 ["a"] ["b"]`,
		`SECRETARY-CONTROL 2 ["x"]`,
		`SECRETARY-CONTROL 1 ["a\u0000b"]`,
		`SECRETARY-CONTROL 1 [1,2]`,
		`GET / HTTP/1.1`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		argv, err := ParseRequest(line)
		if err != nil {
			if argv != nil {
				t.Fatalf("argv %q with error %v", argv, err)
			}
		} else {
			if checkArgs(argv) != nil {
				t.Fatalf("accepted %q", argv)
			}
			enc, err := EncodeRequest(argv)
			if err != nil {
				t.Fatalf("accepted %q but cannot encode it: %v", argv, err)
			}
			again, err := ParseRequest(enc[:len(enc)-1])
			if err != nil || !slices.Equal(again, argv) {
				t.Fatalf("%q encoded as %q parses to %q, %v", argv, enc, again, err)
			}
		}
		if bytes.IndexByte(line, '\n') < 0 {
			got, rerr := readRequest(bufio.NewReaderSize(bytes.NewReader(append(bytes.Clone(line), '\n')), 16))
			if (rerr == nil) != (err == nil) || !slices.Equal(got, argv) {
				t.Fatalf("readRequest %q, %v; ParseRequest %q, %v", got, rerr, argv, err)
			}
		}
	})
}

// FuzzFrames: any byte stream read as frames gives at most 64 KiB a frame
// and never panics; frames written are read back the same.
func FuzzFrames(f *testing.F) {
	f.Add([]byte("I\x00\x00\x00\x03abcZ\x00\x00\x00\x00"), byte('O'), []byte("hello"))
	f.Add([]byte("X\x00\x01\x00\x01\x00"), byte('X'), []byte{3})
	f.Fuzz(func(t *testing.T, stream []byte, typ byte, payload []byte) {
		r := bytes.NewReader(stream)
		for {
			_, p, err := readFrame(r, nil)
			if err != nil {
				break
			}
			if len(p) > maxFrame {
				t.Fatalf("a frame of %d bytes", len(p))
			}
		}
		if len(payload) > maxFrame {
			return
		}
		var b bytes.Buffer
		if err := writeFrame(&b, typ, payload); err != nil {
			t.Fatal(err)
		}
		gt, gp, err := readFrame(&b, nil)
		if err != nil || gt != typ || !bytes.Equal(gp, payload) || b.Len() != 0 {
			t.Fatalf("frame %q %q read back as %q %q, %v", typ, payload, gt, gp, err)
		}
	})
}
