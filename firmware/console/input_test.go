package console

import (
	"bytes"
	"io"
	"testing"
	"unicode/utf8"
)

// chunks is a reader that returns its parts one read at a time.
type chunks struct{ parts [][]byte }

func (c *chunks) Read(b []byte) (int, error) {
	if len(c.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(b, c.parts[0])
	c.parts[0] = c.parts[0][n:]
	if len(c.parts[0]) == 0 {
		c.parts = c.parts[1:]
	}
	return n, nil
}

func filtered(t *testing.T, parts ...string) string {
	t.Helper()
	c := &chunks{}
	for _, p := range parts {
		c.parts = append(c.parts, []byte(p))
	}
	out, err := io.ReadAll(&keyFilter{r: c})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestKeyFilter(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		want  string
	}{
		{"plain", []string{"allow add 1\r"}, "allow add 1\r"},
		{"bad bytes dropped", []string{"st\xffat\xfe\x80us\r"}, "status\r"},
		{"character split across reads", []string{"caf\xc3", "\xa9\r"}, "café\r"},
		{"truncated character then ASCII", []string{"a\xe2\x82", "b\r"}, "ab\r"},
		{"^C clears the line", []string{"blok\x03block\r"}, "blok\x05\x15\rblock\r"},
		{"^D dropped", []string{"\x04help\r"}, "help\r"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := filtered(t, tt.parts...); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Each read ends at the first Enter, so the line editor never holds keys
// typed after a line; the way-back prompt reads the rest raw.
func TestKeyFilter_OneLineAtATimeAndPause(t *testing.T) {
	f := &keyFilter{r: &chunks{parts: [][]byte{[]byte("exit\r\nxy\n\x03\rhelp\r")}}}
	b := make([]byte, 256)
	n, _ := f.Read(b)
	if got := string(b[:n]); got != "exit\r" {
		t.Fatalf("first read %q, want exit and its Enter only", got)
	}
	if enter, err := f.pause(); !enter || err != nil { // the LF after CR is the same Enter; x, y ignored; LF is Enter
		t.Fatalf("pause: %v %v, want Enter", enter, err)
	}
	if enter, err := f.pause(); enter || err != nil {
		t.Fatalf("pause: %v %v, want ^C", enter, err)
	}
	n, _ = f.Read(b)
	if got := string(b[:n]); got != "\r" {
		t.Fatalf("read %q", got)
	}
	n, _ = f.Read(b)
	if got := string(b[:n]); got != "help\r" {
		t.Fatalf("read %q", got)
	}
	if _, err := f.pause(); err != io.EOF {
		t.Fatalf("pause at the end: %v", err)
	}
}

// Whatever arrives, the terminal gets valid UTF-8 in the same order and
// never ^C or ^D.
func FuzzKeyFilter(f *testing.F) {
	f.Add([]byte("status\r"), uint8(3))
	f.Add([]byte("\xff\xfe\x03caf\xc3\xa9\x04"), uint8(4))
	f.Add([]byte("\xe2\x82\xac\x1b[A"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		c := &chunks{}
		step := int(split%16) + 1
		for i := 0; i < len(data); i += step {
			c.parts = append(c.parts, append([]byte(nil), data[i:min(i+step, len(data))]...))
		}
		out, err := io.ReadAll(&keyFilter{r: c})
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", data, out)
		}
		if bytes.ContainsAny(out, "\x03\x04") {
			t.Fatalf("^C or ^D passed: %q", out)
		}
		if utf8.Valid(data) && !bytes.ContainsAny(data, "\x03\x04") && !bytes.Equal(out, data) {
			t.Fatalf("valid input changed: %q -> %q", data, out)
		}
	})
}
