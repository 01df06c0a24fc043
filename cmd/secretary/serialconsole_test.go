package main

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// ptyReader collects what the box writes to the console's serial line.
type ptyReader struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// pump reads f until it fails: as fast as the box writes (bytesPerSec 0)
// or at about bytesPerSec, as a terminal on a serial line.
func (r *ptyReader) pump(f *os.File, bytesPerSec int) {
	const tick = 10 * time.Millisecond
	b := make([]byte, 4096)
	if bytesPerSec > 0 {
		b = b[:bytesPerSec*int(tick)/int(time.Second)]
	}
	for {
		n, err := f.Read(b)
		r.mu.Lock()
		r.buf.Write(b[:n])
		r.mu.Unlock()
		if err != nil {
			return
		}
		if bytesPerSec > 0 {
			time.Sleep(tick)
		}
	}
}

func (r *ptyReader) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

// waitFor waits until the output since mark contains want; it returns
// the new mark.
func (r *ptyReader) waitFor(t *testing.T, mark int, want string, d time.Duration) int {
	t.Helper()
	for deadline := time.Now().Add(d); ; time.Sleep(10 * time.Millisecond) {
		r.mu.Lock()
		out := r.buf.String()
		r.mu.Unlock()
		if i := strings.Index(out[mark:], want); i >= 0 {
			return mark + i + len(want)
		}
		if time.Now().After(deadline) {
			t.Fatalf("console: %q not seen within %v; output since the last answer:\n%q\nall:\n%q", want, d, out[mark:], out)
		}
	}
}

// consolePty is a serial line for the box's console: tty is the device
// the box opens, master the terminal program's side (the caller reads it,
// or does not). Both close when the test ends.
func consolePty(t *testing.T) (master *os.File, tty string) {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	// the line is raw, as a terminal program makes it
	if _, err := term.MakeRaw(int(s.Fd())); err != nil {
		t.Fatal(err)
	}
	return m, s.Name()
}

// The owner's console on a serial line (a pty, opened by the firmware
// through go.bug.st/serial as a real serial port): line editing, commands,
// garbage that changes nothing, and call notices arriving between prompts.
func TestRun_SerialConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time call")
	}
	master, tty := consolePty(t)
	r := &ptyReader{}
	go r.pump(master, 0)
	x := startE2E(t, e2eOptions{console: tty})

	mark := r.waitFor(t, 0, "secretary> ", 20*time.Second)
	type step struct{ send, want string }
	for _, s := range []step{
		{"help\r", "callers who always ring through"},
		// garbage: NULs, high bytes, an unknown escape sequence, ^C; then a
		// command still works and nothing was added
		{"\x00\xff\xfe\x1b[99~\x1b[Zjunk\x03\r", "secretary> "},
		{"block add 900-555-0000 Robocaller\r", "ok: block +19005550000"},
		// editing: type a wrong word, erase it with backspaces, finish the line
		{"log -n 5 --jsox\x7f\x7f\x7f\x7fjson\r", "\"number\":"},
	} {
		if _, err := master.Write([]byte(s.send)); err != nil {
			t.Fatal(err)
		}
		if s.want == "\"number\":" {
			// no calls yet: the JSON is an empty array
			mark = r.waitFor(t, mark, "[]", 10*time.Second)
			continue
		}
		mark = r.waitFor(t, mark, s.want, 10*time.Second)
	}

	c := x.placeCall("9005550000 WIN A CRUISE")
	mark = r.waitFor(t, mark, "* call from 9005550000 WIN A CRUISE: blocked", 30*time.Second)
	mark = r.waitFor(t, mark, "* logged: call from +19005550000 WIN A CRUISE blocked", 30*time.Second)
	<-c.Done()
	if _, err := master.Write([]byte("log\r")); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, mark, "blocked", 10*time.Second)
}
