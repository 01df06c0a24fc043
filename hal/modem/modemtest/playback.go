package modemtest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"sync"
)

// TB is the part of testing.TB a Playback needs (testing.TB has it; the
// package does not import testing, as simhw links it in production).
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Cleanup(func())
}

// Step is one exchange of a Playback script: the bytes the driver must
// write next, and the bytes the modem answers once they have been written.
// A step with an empty Expect is unsolicited: its Reply is sent as soon as
// the step before it is done.
type Step struct {
	Expect string
	Reply  string
}

// Playback is a scripted modem for byte-level driver tests, in the spirit
// of periph's conntest.Playback: the driver talks to Conn; every write must
// be the next step's Expect (checked as the bytes arrive, so a wrong
// command fails at once), and the test fails at its end if the script was
// not used up. Send injects unsolicited bytes (a RING, a flood) at a moment
// the test chooses. Conn is one end of a synchronous in-memory pipe: a
// write returns once the other side has read it.
type Playback struct {
	t    TB
	host net.Conn // the driver's end
	dev  net.Conn // the modem's end, served by run
	done chan struct{}

	mu    sync.Mutex
	steps []Step
	got   []byte // written by the driver, not yet matched
	bad   bool   // a mismatch was reported: stop checking
}

// NewPlayback starts a scripted modem; the check runs at t's cleanup.
func NewPlayback(t TB, steps ...Step) *Playback {
	t.Helper()
	host, dev := net.Pipe()
	p := &Playback{t: t, host: host, dev: dev, done: make(chan struct{}), steps: steps}
	go p.run()
	t.Cleanup(p.finish)
	return p
}

// Conn is the driver's side of the link (closing it is the driver's Close).
func (p *Playback) Conn() io.ReadWriteCloser { return p.host }

// Append adds steps to the end of the script.
func (p *Playback) Append(steps ...Step) {
	p.mu.Lock()
	p.steps = append(p.steps, steps...)
	out := p.advanceLocked()
	p.mu.Unlock()
	p.reply(out)
}

// Send writes unsolicited bytes to the driver; it returns once the driver's
// reader has taken them.
func (p *Playback) Send(s string) {
	if _, err := p.dev.Write([]byte(s)); err != nil {
		p.t.Errorf("modemtest: playback: send %q: %v", s, err)
	}
}

// Settle sends an empty line, which returns once the driver's reader has
// come back for more: everything sent before has been handled. (Text mode
// only; in a record stream the bytes would be audio.)
func (p *Playback) Settle() { p.Send("\r\n") }

// Left returns the steps not used yet.
func (p *Playback) Left() []Step {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Step(nil), p.steps...)
}

func (p *Playback) run() {
	defer close(p.done)
	buf := make([]byte, 512)
	for {
		n, err := p.dev.Read(buf)
		if n > 0 {
			p.mu.Lock()
			p.got = append(p.got, buf[:n]...)
			out := p.matchLocked()
			p.mu.Unlock()
			p.reply(out)
		}
		if err != nil {
			return
		}
	}
}

// matchLocked consumes what the driver wrote against the script and
// returns the replies due.
func (p *Playback) matchLocked() []byte {
	out := p.advanceLocked()
	for len(p.got) > 0 && !p.bad {
		if len(p.steps) == 0 {
			p.bad = true
			p.t.Errorf("modemtest: playback: the driver wrote %q after the script ended", p.got)
			return out
		}
		want := p.steps[0].Expect
		n := min(len(want), len(p.got))
		if !bytes.Equal(p.got[:n], []byte(want[:n])) {
			p.bad = true
			p.t.Errorf("modemtest: playback: the driver wrote %q, the script expects %q (%d steps left)", p.got, want, len(p.steps))
			return out
		}
		if n < len(want) {
			return out // the rest is still coming
		}
		p.got = p.got[n:]
		out = append(out, p.steps[0].Reply...)
		p.steps = p.steps[1:]
		out = append(out, p.advanceLocked()...)
	}
	return out
}

// advanceLocked takes the unsolicited steps at the head of the script.
func (p *Playback) advanceLocked() []byte {
	var out []byte
	for len(p.steps) > 0 && p.steps[0].Expect == "" && !p.bad {
		out = append(out, p.steps[0].Reply...)
		p.steps = p.steps[1:]
	}
	return out
}

func (p *Playback) reply(b []byte) {
	if len(b) == 0 {
		return
	}
	// A driver that closed the link (or a test that ended) takes no
	// reply; that is not the script's business.
	if _, err := p.dev.Write(b); err != nil && !errors.Is(err, io.ErrClosedPipe) && !errors.Is(err, io.EOF) {
		p.t.Errorf("modemtest: playback: reply %q: %v", b, err)
	}
}

// finish ends the modem's side and fails the test if steps are left.
func (p *Playback) finish() {
	p.dev.Close()
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.steps) > 0 && !p.bad {
		p.t.Errorf("modemtest: playback: script not used up: %d steps left, next expects %q", len(p.steps), p.steps[0].Expect)
	}
}
