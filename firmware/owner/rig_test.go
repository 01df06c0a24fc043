package owner_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/firmware/console"
	"secretary/firmware/owner"
	"secretary/firmware/voicemail"
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

// fakeApp is the running appliance as the owner sees it.
type fakeApp struct {
	mu     sync.Mutex
	st     firmware.Status
	played []string
}

func (a *fakeApp) Status() firmware.Status { a.mu.Lock(); defer a.mu.Unlock(); return a.st }
func (a *fakeApp) PlayMessage(id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.played = append(a.played, id)
	return nil
}

// clock is the console's clock, moved by the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// rig is a box as the console reaches it (the real store, engine and
// mailbox, a fake appliance) with its console served on a pty as on a
// serial port, and an expect-style driver on the other side: the owner's
// terminal.
type rig struct {
	t     testing.TB
	st    *store.Store
	mb    *voicemail.Box
	app   *fakeApp
	own   *owner.Owner
	con   *console.Console
	clock *clock

	mu   sync.Mutex
	out  bytes.Buffer // everything the terminal received
	mark int          // where the next expect starts

	master *os.File
	tty    string
	stop   func()
}

// start is Monday 2026-11-23 09:00 UTC, the rigs' "now" (in UTC, so that
// what the console shows does not depend on the machine's zone).
var start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func newRig(t testing.TB) *rig {
	t.Helper()
	st := storetest.Open(t)
	eng := screening.NewEngine(st)
	mb := voicemail.New(st, voicemail.Config{Dir: t.TempDir(), MaxMessages: 5})
	if err := mb.Open(); err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, st: st, mb: mb, app: &fakeApp{st: firmware.Status{Phase: call.PhaseIdle, Relay: hal.RelayIsolated, LineUp: true}},
		clock: &clock{t: start}}
	r.own = owner.New(owner.Config{Store: st, Engine: eng, Mailbox: mb, Box: r.app, Board: "test", Caps: hal.CapLine,
		Version: "v-test", Started: start.Add(-time.Hour), Now: r.clock.now, Reboot: func() (string, error) { return "would restart", nil }})
	r.con = console.New(r.own, nil, r.clock.now)
	r.plug()
	return r
}

// plug connects a new terminal: a pty whose slave the console serves as a
// serial port, reopened after each session as the firmware does, until
// unplug.
func (r *rig) plug() {
	t := r.t
	m, keep, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	if _, err := term.MakeRaw(int(keep.Fd())); err != nil {
		t.Fatal(err)
	}
	r.master, r.tty = m, keep.Name()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan struct{})
	go func() { // the serial console: open, serve, close, again
		defer close(served)
		for ctx.Err() == nil {
			f, err := os.OpenFile(r.tty, os.O_RDWR|syscall.O_NOCTTY, 0)
			if err != nil {
				return // unplugged
			}
			stop := context.AfterFunc(ctx, func() { f.Close() })
			_ = r.con.Run(ctx, f, console.Serial)
			stop()
			f.Close()
		}
	}()
	read := make(chan struct{})
	go func() { // the terminal's screen
		defer close(read)
		b := make([]byte, 4096)
		for {
			n, err := m.Read(b)
			r.mu.Lock()
			r.out.Write(b[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cancel()
			m.Close() // the terminal is gone
			keep.Close()
			<-read
			select {
			case <-served:
			case <-time.After(5 * time.Second):
				t.Error("the console did not let go of an unplugged port")
			}
		})
	}
	t.Cleanup(r.stop)
}

// unplug pulls the terminal's cable: the pty goes away.
func (r *rig) unplug() { r.stop() }

// send types keys.
func (r *rig) send(keys string) {
	r.t.Helper()
	if _, err := r.master.Write([]byte(keys)); err != nil {
		r.t.Fatalf("typing %q: %v", keys, err)
	}
}

// expect waits until the screen shows want after the mark, moves the mark
// past it and returns what came before it.
func (r *rig) expect(want string) string {
	r.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		r.mu.Lock()
		out := r.out.String()
		r.mu.Unlock()
		if i := strings.Index(out[r.mark:], want); i >= 0 {
			got := out[r.mark : r.mark+i]
			r.mark += i + len(want)
			return got
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the console did not show %q; since the last step:\n%s", want, out[r.mark:])
		}
	}
}

// do types a command and returns its answer up to the next prompt.
func (r *rig) do(line string) string {
	r.t.Helper()
	r.send(line + "\r")
	r.expect(line) // the echo
	return r.expect("secretary> ")
}

// screen is everything shown so far.
func (r *rig) screen() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}
