package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"

	"secretary/screening"
)

// notifyBound is how long one Notify may take, at most, even when nobody
// reads the console: it only queues (microseconds; the bound leaves room
// for a loaded test machine's scheduling, and a Notify that waited for the
// line would not return at all while the test does not read it).
const notifyBound = time.Second

// notifyMany calls Notify n times, failing the test if the calls do not
// all return within 10 s; it returns the longest and the median call.
func notifyMany(t *testing.T, c *Console, n int, prefix string) (worst, median time.Duration) {
	t.Helper()
	took := make([]time.Duration, n)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range took {
			t0 := time.Now()
			c.Notify(fmt.Sprintf("%s %d: call from 2125550143 HUDSON DENTAL: screening", prefix, i))
			took[i] = time.Since(t0)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%d Notify calls did not return within 10 s: Notify waits for the line", n)
	}
	slices.Sort(took)
	worst, median = took[n-1], took[n/2]
	t.Logf("Notify x%d: median %v, longest %v", n, median, worst)
	if worst > notifyBound || median > time.Millisecond {
		t.Errorf("Notify took up to %v (median %v), want at most %v (median 1 ms)", worst, median, notifyBound)
	}
	return worst, median
}

var droppedLine = regexp.MustCompile(`\(([0-9]+) notices dropped\)`)

// countNotices counts "* PREFIX" notices and the dropped count in out.
func countNotices(out, prefix string) (shown, dropped int) {
	shown = strings.Count(out, "* "+prefix+" ")
	for _, m := range droppedLine.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		dropped += n
	}
	return shown, dropped
}

// A session whose writer is stuck (a pipe nobody reads) costs Notify
// nothing: it queues up to noticeQueue and counts the rest, and says how
// many were dropped once the line moves again.
func TestNotify_StuckWriterNeverBlocks(t *testing.T) {
	c := New(newMem(), nil, nil)
	pr, pw := io.Pipe()
	s := c.attach(pw)
	const n = 1000
	notifyMany(t, c, n, "stuck")
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { io.Copy(&out, pr); close(done) }()
	s.close() // writes what is queued, then stops
	pw.Close()
	<-done
	shown, dropped := countNotices(out.String(), "stuck")
	// (the writer may have taken a few before it blocked, then the queue filled)
	if shown+dropped != n || dropped < n-4*noticeQueue {
		t.Errorf("shown %d + dropped %d, want %d in all, most of them dropped:\n%s", shown, dropped, n, out.String())
	}
	if !strings.HasSuffix(out.String(), "notices dropped)\n") {
		t.Errorf("the dropped count does not follow the last notices:\n%s", out.String())
	}
}

// ptyConsole runs the console in Serial mode on the slave side of a pty
// (raw, as a terminal program makes it) and returns the master, the
// owner's side.
func ptyConsole(t *testing.T, c *Console) (master *os.File, stop func()) {
	t.Helper()
	m, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	if _, err := term.MakeRaw(int(tty.Fd())); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, tty, Serial) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			tty.Close() // unblocks the console's reads and writes
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Error("Run did not end after its line was closed")
			}
			m.Close()
		})
	}
	t.Cleanup(stop)
	return m, stop
}

// reader collects what the console writes, at a given rate (0: as fast as
// it comes).
type reader struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *reader) pump(f *os.File, bytesPerSec int) {
	b := make([]byte, 4096)
	const tick = 10 * time.Millisecond
	for {
		chunk := b
		if bytesPerSec > 0 {
			chunk = b[:bytesPerSec*int(tick)/int(time.Second)]
		}
		n, err := f.Read(chunk)
		r.mu.Lock()
		r.buf.Write(chunk[:n])
		r.mu.Unlock()
		if err != nil {
			return
		}
		if bytesPerSec > 0 {
			time.Sleep(tick)
		}
	}
}

func (r *reader) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

func (r *reader) waitFor(t *testing.T, want string, d time.Duration) string {
	t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if s := r.String(); strings.Contains(s, want) {
			return s
		}
	}
	t.Fatalf("%q not seen within %v:\n%q", want, d, r.String())
	return ""
}

// A serial console that nobody reads (a terminal unplugged, or paused):
// Notify still returns at once, and when the line is read again the
// notices that fitted come out with the count of those that did not.
func TestNotify_UndrainedPty(t *testing.T) {
	c := New(newMem(), nil, nil)
	m, _ := ptyConsole(t, c)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) { // the session is up
		c.mu.Lock()
		n := len(c.sessions)
		c.mu.Unlock()
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no session")
		}
	}
	const n = 20000 // far more than the pty holds
	notifyMany(t, c, n, "undrained")
	r := &reader{}
	go r.pump(m, 0)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		shown, dropped := countNotices(r.String(), "undrained")
		if shown+dropped == n && dropped > 0 {
			t.Logf("%d notices shown, %d dropped and counted", shown, dropped)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("shown %d + dropped %d, want %d, most of them dropped", shown, dropped, n)
		}
	}
	if _, err := m.Write([]byte("help\r")); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "leave the console", 5*time.Second)
}

// A long answer on a slow line (11,520 bytes/s: a 115200-baud serial
// console) is written by the console's own goroutine: Notify returns at
// once meanwhile, the notices wait for the answer's end, and Ctrl-C stops
// the answer within a chunk.
func TestConsole_LongAnswerSlowLineInterrupt(t *testing.T) {
	f := newMem()
	f.status.Board = "fake"
	for i := 0; i < 3000; i++ {
		f.log = append(f.log, screening.LogRecord{Time: time.Date(2026, 11, 23, 9, 0, i, 0, time.UTC), Number: "+12125550143",
			Name: "HUDSON DENTAL", Decision: screening.ActionScreen, Outcome: screening.OutcomeAccepted, Rule: "default"})
	}
	c := New(f, nil, nil)
	m, _ := ptyConsole(t, c)
	r := &reader{}
	go r.pump(m, 11520)
	r.waitFor(t, "secretary> ", 5*time.Second)
	if _, err := m.Write([]byte("log -n 3000 --json\r")); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, `"number": "+12125550143"`, 5*time.Second)
	notifyMany(t, c, 10, "during")
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(r.String(), "* during") {
		t.Error("a notice landed inside the answer")
	}
	t0, before := time.Now(), len(r.String())
	if _, err := m.Write([]byte{3}); err != nil {
		t.Fatal(err)
	}
	out := r.waitFor(t, "^C (stopped)", 20*time.Second)
	took := time.Since(t0)
	// What the line's buffers held when Ctrl-C was typed still drains at the
	// line's speed; the console itself stops within one chunk.
	backlog := strings.Index(out, "^C (stopped)") - before
	t.Logf("Ctrl-C: the answer stopped after %d more bytes (%v at 11,520 bytes/s); %d of about 1 MB written in all",
		backlog, took.Round(time.Millisecond), len(out))
	if backlog > 64<<10+answerChunk {
		t.Errorf("%d bytes came after Ctrl-C: more than the line's buffers and one chunk", backlog)
	}
	out = r.waitFor(t, "* during 9:", 3*time.Second)
	if i, j := strings.Index(out, "^C (stopped)"), strings.Index(out, "* during 0:"); j < i {
		t.Error("the notices were shown before the stopped answer ended")
	}
	if _, err := m.Write([]byte("status\r")); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "board fake", 5*time.Second)
}

// On a pipe: a line over MaxLine is an error answer and the next line
// works; the end of input ends the session with io.EOF; exit with nil.
func TestServeLines_LongLineAndEnd(t *testing.T) {
	c := New(newMem(), nil, nil)
	in := strings.NewReader("get mode\n" + strings.Repeat("x", 100000) + "\nget ring-gap\r\n")
	var out bytes.Buffer
	err := c.ServeLines(context.Background(), in, &out)
	if !errors.Is(err, io.EOF) {
		t.Errorf("end of input: %v, want io.EOF", err)
	}
	want := "mode = normal"
	if s := out.String(); !strings.Contains(s, want) || !strings.Contains(s, "error: line too long (over 4096 bytes)") ||
		!strings.Contains(s, "ring-gap = 8s") || strings.Count(s, "\n") != 5 {
		t.Errorf("answers:\n%s", s)
	}
	out.Reset()
	if err := c.ServeLines(context.Background(), strings.NewReader("exit\nget mode\n"), &out); err != nil || out.Len() != 0 {
		t.Errorf("exit: %v, output %q", err, out.String())
	}
}

// On the local terminal exit closes the session but not the box: Enter
// opens a new one, Ctrl-C then stops the box.
func TestRun_LocalExitWayBack(t *testing.T) {
	c := New(newMem(), nil, nil)
	in := strings.NewReader("exit\rxy\rget\rexit\r\x03")
	var out bytes.Buffer
	err := c.Run(context.Background(), struct {
		io.Reader
		io.Writer
	}{in, &out}, Local)
	if !errors.Is(err, ErrStop) {
		t.Errorf("Run = %v, want ErrStop", err)
	}
	s := out.String()
	if strings.Count(s, "The console is closed; the box keeps running.") != 2 || strings.Count(s, banner) != 2 ||
		!strings.Contains(s, "error: usage: get KEY") || !strings.Contains(s, "stopping the box") {
		t.Errorf("terminal:\n%s", s)
	}
}
