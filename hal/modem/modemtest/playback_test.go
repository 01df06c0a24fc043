package modemtest_test

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"secretary/hal/modem/modemtest"
)

// fakeTB records what a Playback reports, to test the Playback itself.
type fakeTB struct {
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) end() []string {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.errs
}

// command writes cmd and reads until the reply contains want.
func command(t *testing.T, c io.ReadWriter, cmd, want string) {
	t.Helper()
	if _, err := c.Write([]byte(cmd)); err != nil {
		t.Fatal(err)
	}
	var got []byte
	buf := make([]byte, 64)
	for !strings.Contains(string(got), want) {
		n, err := c.Read(buf)
		if err != nil {
			t.Fatalf("reading the reply to %q: %v (got %q)", cmd, err, got)
		}
		got = append(got, buf[:n]...)
	}
}

func TestPlayback_ScriptUsedUp(t *testing.T) {
	tb := &fakeTB{}
	p := modemtest.NewPlayback(tb,
		modemtest.Step{Expect: "AT\r", Reply: "\r\nOK\r\n"},
		modemtest.Step{Reply: "\r\nRING\r\n"}, // unsolicited, right after
		modemtest.Step{Expect: "ATH0\r", Reply: "\r\nOK\r\n"})
	c := p.Conn()
	// Written in two pieces: matched as the bytes arrive.
	if _, err := c.Write([]byte("A")); err != nil {
		t.Fatal(err)
	}
	command(t, c, "T\r", "RING")
	command(t, c, "ATH0\r", "OK")
	c.Close()
	if errs := tb.end(); len(errs) != 0 {
		t.Errorf("a script used up reported %q", errs)
	}
}

func TestPlayback_FailsWhenNotUsedUp(t *testing.T) {
	tb := &fakeTB{}
	p := modemtest.NewPlayback(tb,
		modemtest.Step{Expect: "AT\r", Reply: "\r\nOK\r\n"},
		modemtest.Step{Expect: "ATA\r", Reply: "\r\nVCON\r\n"})
	command(t, p.Conn(), "AT\r", "OK")
	p.Conn().Close()
	errs := tb.end()
	if len(errs) != 1 || !strings.Contains(errs[0], "not used up") || !strings.Contains(errs[0], "ATA") {
		t.Errorf("reported %q, want one 'not used up' naming ATA", errs)
	}
	if left := p.Left(); len(left) != 1 || left[0].Expect != "ATA\r" {
		t.Errorf("left %+v", left)
	}
}

func TestPlayback_FailsOnAnUnexpectedWrite(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []modemtest.Step
		write string
		want  string
	}{
		{"wrong command", []modemtest.Step{{Expect: "ATZ\r", Reply: "OK"}}, "ATH\r", `expects "ATZ\r"`},
		{"after the end", nil, "AT\r", "after the script ended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := &fakeTB{}
			p := modemtest.NewPlayback(tb, tc.steps...)
			if _, err := p.Conn().Write([]byte(tc.write)); err != nil {
				t.Fatal(err)
			}
			p.Conn().Close()
			errs := tb.end()
			if len(errs) != 1 || !strings.Contains(errs[0], tc.want) {
				t.Errorf("reported %q, want one containing %q", errs, tc.want)
			}
		})
	}
}
