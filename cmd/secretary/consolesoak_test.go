package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// serialLine is the owner's terminal on a USB-serial adapter: a pty whose
// slave the firmware opens by a stable name (a link, as /dev/serial/by-id
// gives), which the test can pull out and plug in again.
type serialLine struct {
	t      *testing.T
	link   string
	master *os.File
	slave  *os.File
	r      *ptyReader
}

func newSerialLine(t *testing.T) *serialLine {
	l := &serialLine{t: t, link: filepath.Join(t.TempDir(), "ttyUSB0")}
	l.plug()
	t.Cleanup(l.unplug)
	return l
}

// plug connects a terminal: a new pty behind the link.
func (l *serialLine) plug() {
	m, s, err := pty.Open()
	if err != nil {
		l.t.Skipf("no pty: %v", err)
	}
	if _, err := term.MakeRaw(int(s.Fd())); err != nil {
		l.t.Fatal(err)
	}
	os.Remove(l.link)
	if err := os.Symlink(s.Name(), l.link); err != nil {
		l.t.Fatal(err)
	}
	l.master, l.slave, l.r = m, s, &ptyReader{}
	go l.r.pump(m, 0)
}

// unplug pulls the cable: the terminal's side closes and the name goes.
func (l *serialLine) unplug() {
	if l.master == nil {
		return
	}
	os.Remove(l.link)
	l.master.Close()
	l.slave.Close()
	l.master = nil
}

func (l *serialLine) send(s string) {
	l.t.Helper()
	if _, err := l.master.Write([]byte(s)); err != nil {
		l.t.Fatalf("typing %q: %v", s, err)
	}
}

// The serial console unplugged and plugged in again while the box runs:
// a call in between is handled as usual, the console comes back on the
// new line, asks for the PIN set before, and shows the call.
func TestRun_ConsoleUnplugReplug(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	l := newSerialLine(t)
	x := startE2E(t, e2eOptions{short: true, console: l.link, rules: []string{"block +19005550000"}})
	mark := l.r.waitFor(t, 0, "secretary> ", 20*time.Second)
	l.send("passwd\r")
	mark = l.r.waitFor(t, mark, "new PIN (4-12 digits; empty for none): ", 10*time.Second)
	l.send("8642\r")
	mark = l.r.waitFor(t, mark, "new PIN again: ", 10*time.Second)
	l.send("8642\r")
	l.r.waitFor(t, mark, "ok: the console PIN is set", 10*time.Second)

	l.unplug()
	x.blockedWithin(stalledBlockBound, "9005550000 SPAM")
	x.waitLogs(1, 30*time.Second)

	l.plug()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(l.r.String(), "PIN: ") { // the firmware looks for the port every 2 s
		if time.Now().After(deadline) {
			t.Fatalf("no PIN prompt on the new line:\n%q", l.r.String())
		}
		l.send("\r")
		time.Sleep(500 * time.Millisecond)
	}
	l.send("8642\r")
	mark = l.r.waitFor(t, 0, "secretary> ", 10*time.Second)
	l.send("log -n 1\r")
	l.r.waitFor(t, mark, "+19005550000 SPAM  block -> blocked", 10*time.Second)
}

// Random bytes typed at the console for a bounded time (SOAK_SECONDS,
// default 12) while calls come in (two blocked, one allowed, again): every call is handled in its usual
// time and logged, and the console then answers status.
func TestRun_ConsoleSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	secs := 12
	if v, err := strconv.Atoi(os.Getenv("SOAK_SECONDS")); err == nil && v > 0 {
		secs = v
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("soak of %d s, seed %d", secs, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	l := newSerialLine(t)
	x := startE2E(t, e2eOptions{short: true, console: l.link, rules: []string{"block +19005550000", "allow +12015550123"}})
	l.r.waitFor(t, 0, "secretary> ", 20*time.Second)

	stop := make(chan struct{})
	typed := make(chan int)
	go func() { // the noise: bursts of random bytes, about 11 KB/s at most (115200 baud)
		n := 0
		defer func() { typed <- n }()
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(rng.IntN(20)) * time.Millisecond):
			}
			b := make([]byte, 1+rng.IntN(200))
			for i := range b {
				b[i] = byte(rng.UintN(256))
			}
			if _, err := l.master.Write(b); err != nil {
				return
			}
			n += len(b)
		}
	}()
	calls := 0
	for end := time.Now().Add(time.Duration(secs) * time.Second); time.Now().Before(end); calls++ {
		if calls%3 != 2 {
			x.blockedWithin(stalledBlockBound, "9005550000 SPAM")
		} else {
			x.passedWithin(stalledPassBound, "2015550123 ALICE")
		}
		x.waitLogs(calls+1, 30*time.Second)
	}
	close(stop)
	t.Logf("%d random bytes typed during %d calls", <-typed, calls)
	logs := x.waitLogs(calls, 30*time.Second)
	for i, r := range logs {
		want := "blocked"
		if i%3 == 2 {
			want = "passed"
		}
		if r.Outcome.String() != want {
			t.Errorf("call %d (%s) ended %s, want %s", i+1, r.Number, r.Outcome, want)
		}
	}
	// stop whatever the noise started, clear the line, ask for the status
	mark := len(l.r.String())
	l.send("\x03")
	time.Sleep(200 * time.Millisecond)
	l.send("\x03\x15\r")
	time.Sleep(200 * time.Millisecond)
	l.send("status\r")
	l.r.waitFor(t, mark, "calls   "+strconv.Itoa(calls)+" since start", 20*time.Second)
}
