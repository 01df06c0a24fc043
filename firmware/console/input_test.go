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

func filtered(t *testing.T, resident bool, parts ...string) string {
	t.Helper()
	c := &chunks{}
	for _, p := range parts {
		c.parts = append(c.parts, []byte(p))
	}
	out, err := io.ReadAll(&keyFilter{r: c, resident: resident})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestKeyFilter(t *testing.T) {
	tests := []struct {
		name     string
		resident bool
		parts    []string
		want     string
	}{
		{"plain", false, []string{"allow add 1\r"}, "allow add 1\r"},
		{"bad bytes dropped", false, []string{"st\xffat\xfe\x80us\r"}, "status\r"},
		{"character split across reads", false, []string{"caf\xc3", "\xa9\r"}, "café\r"},
		{"truncated character then ASCII", false, []string{"a\xe2\x82", "b\r"}, "ab\r"},
		{"^C clears the line on a resident console", true, []string{"blok\x03block\r"}, "blok\x05\x15\rblock\r"},
		{"^D dropped on a resident console", true, []string{"\x04help\r"}, "help\r"},
		{"^C and ^D kept on the terminal", false, []string{"\x03\x04"}, "\x03\x04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := filtered(t, tt.resident, tt.parts...); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Whatever arrives, the terminal gets valid UTF-8 in the same order, and a
// resident console never gets ^C or ^D.
func FuzzKeyFilter(f *testing.F) {
	f.Add([]byte("status\r"), true, uint8(3))
	f.Add([]byte("\xff\xfe\x03caf\xc3\xa9\x04"), true, uint8(4))
	f.Add([]byte("\xe2\x82\xac\x1b[A"), false, uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, resident bool, split uint8) {
		c := &chunks{}
		step := int(split%16) + 1
		for i := 0; i < len(data); i += step {
			c.parts = append(c.parts, append([]byte(nil), data[i:min(i+step, len(data))]...))
		}
		out, err := io.ReadAll(&keyFilter{r: c, resident: resident})
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", data, out)
		}
		if resident && bytes.ContainsAny(out, "\x03\x04") {
			t.Fatalf("^C or ^D passed on a resident console: %q", out)
		}
		if utf8.Valid(data) && !bytes.ContainsAny(data, "\x03\x04") && !bytes.Equal(out, data) {
			t.Fatalf("valid input changed: %q -> %q", data, out)
		}
	})
}
