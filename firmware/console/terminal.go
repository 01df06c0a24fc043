package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Kind is the kind of terminal a console runs on.
type Kind int

const (
	// Serial is a terminal on a serial line (a USB adapter, the UART): ^C
	// clears the line being typed (or stops a command's answer), ^D does
	// nothing, exit ends the session and the line's owner serves it again.
	Serial Kind = iota
	// Local is the terminal of "secretary run --console -" (make run): as
	// Serial, and after exit the terminal offers a way back: Enter opens
	// a new session, ^C stops the box (Run returns ErrStop).
	Local
)

// banner greets each session.
const banner = "secretary console; type help (exit leaves the console, the box keeps running; Ctrl-C stops a long answer)"

// Run serves the console on rw with a line editor until ctx ends, the line
// ends (a read error or end of input: nil), or the owner leaves with exit
// (nil; on a Local terminal only after the owner chose to stop the box:
// ErrStop). Run returns promptly when ctx ends, even if the line gives no
// input or takes no output: a read or write stuck in the operating system
// then ends when the line's owner closes it, and so do the goroutines
// doing them (which Run does not wait for): close rw after Run returns.
func (c *Console) Run(ctx context.Context, rw io.ReadWriter, kind Kind) error {
	in := newPump(ctx, rw)
	keys := &keyFilter{r: in}
	lw := newLineWriter(ctx, rw)
	defer lw.close()
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{keys, lw}, c.Prompt)
	for {
		err := c.serve(ctx, in, t)
		if !errors.Is(err, ErrExit) {
			return err
		}
		if kind != Local {
			return nil
		}
		if _, err := io.WriteString(t, "The console is closed; the box keeps running.\n"+
			"Press Enter for a new console session, or Ctrl-C to stop the box and end the program.\n"); err != nil {
			return nil
		}
		enter, err := keys.pause()
		if err != nil || ctx.Err() != nil {
			return nil
		}
		if !enter {
			io.WriteString(t, "stopping the box\n")
			return ErrStop
		}
	}
}

// errIdle ends a session nobody typed in for console-timeout.
var errIdle = errors.New("console: idle")

// serve is one session: the PIN asked for if one is set, then notices
// attached and commands read and run. It returns ErrExit after exit or an
// idle timeout, nil when ctx ends or the input ends.
func (c *Console) serve(ctx context.Context, in *pump, t *term.Terminal) error {
	if _, err := fmt.Fprintln(t, banner); err != nil {
		return nil
	}
	ts := &termSession{t: t, prompt: c.Prompt, in: in}
	if err := c.login(ts, t); err != nil {
		if errors.Is(err, io.EOF) || ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("console: %w", err)
	}
	if hash, err := c.b.PINHash(); err == nil && hash != "" {
		if set, err := c.b.Settings(); err == nil && set.ConsoleTimeout > 0 {
			in.setIdle(set.ConsoleTimeout)
			defer in.setIdle(0)
		}
	}
	s := c.attach(t)
	defer s.close()
	st := &sessionState{}
	t.AutoCompleteCallback = func(line string, pos int, key rune) (string, int, bool) {
		if key != '\t' {
			return "", 0, false
		}
		nl, np, show := c.complete(ctx, line, pos)
		if len(show) > 0 {
			fmt.Fprintf(t, "%s\n", strings.Join(show, "  "))
		}
		return nl, np, true
	}
	defer func() { t.AutoCompleteCallback = nil }()
	for {
		if ctx.Err() != nil {
			return nil
		}
		t.SetPrompt(c.prompt())
		line, err := t.ReadLine()
		switch {
		case errors.Is(err, errIdle):
			fmt.Fprintln(t, "\nthe console session ended after a while without a key; the box keeps running")
			return ErrExit
		case errors.Is(err, ErrInterrupted):
			continue
		case err != nil:
			if errors.Is(err, io.EOF) || ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("console: %w", err)
		}
		err = c.command(ctx, s, in, line, t, ts, st)
		if errors.Is(err, ErrExit) || errors.Is(err, errIdle) {
			return ErrExit
		}
	}
}

// termSession is the Term of a session on a terminal: questions are read
// with the line editor (kept out of the history), secrets without echo.
type termSession struct {
	t      *term.Terminal
	prompt string
	in     *pump
}

func (s *termSession) Ask(prompt string) (string, error) {
	h := s.t.History
	s.t.History = noHistory{}
	s.t.SetPrompt(prompt)
	defer func() {
		s.t.SetPrompt(s.prompt)
		s.t.History = h
	}()
	return s.t.ReadLine()
}

func (s *termSession) AskSecret(prompt string) (string, error) { return s.t.ReadPassword(prompt) }

func (s *termSession) Interactive() bool { return true }

// Pasted reads one line of pasted text without echo; until the command
// ends, the line's input waits in a larger buffer (a paste arrives faster
// than it is read).
func (s *termSession) Pasted() (string, error) {
	s.in.setAhead(pasteAhead)
	line, err := s.t.ReadPassword("")
	if err == nil && len(line) > MaxLine {
		return "", ErrLongLine
	}
	return line, err
}

// noHistory keeps nothing: answers to questions are not commands to recall.
type noHistory struct{}

func (noHistory) Add(string)    {}
func (noHistory) Len() int      { return 0 }
func (noHistory) At(int) string { panic("console: empty history") }

// command runs one line while the reader watches for ^C, notices waiting
// until the answer is written.
func (c *Console) command(ctx context.Context, s *session, in *pump, line string, t io.Writer, ts Term, st *sessionState) error {
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in.onInterrupt(cancel)
	s.setHold(true)
	err := c.exec(cctx, line, answer{ctx: cctx, w: t}, ts, st)
	in.onInterrupt(nil)
	in.setAhead(typeAhead)
	if cctx.Err() != nil && ctx.Err() == nil {
		fmt.Fprintln(t, "^C (stopped)")
	}
	s.setHold(false)
	return err
}

// typeAhead is how much input waits while a command answers (more is
// dropped); pasteAhead while a command reads pasted text (more waits in
// the line until the command has read some: a paste is never cut).
const (
	typeAhead  = 4096
	pasteAhead = 1 << 20
)

// pump reads the line in its own goroutine, so a ^C typed while a command
// is answering is seen at once (and stops it), whatever the answer's
// writes are doing. What else is typed meanwhile waits for the next
// prompt. Read serves the line editor.
type pump struct {
	mu        sync.Mutex
	cond      *sync.Cond
	buf       []byte
	err       error  // the line's read error
	stopped   error  // the context's error once it ended
	interrupt func() // set while a command runs
	// once is given to the next Read that finds no input, then forgotten:
	// ErrInterrupted after a ^C that stopped a command (a question it was
	// asking ends), errIdle when nobody typed for idle.
	once  error
	idle  time.Duration
	timer *time.Timer
	ahead int // typeAhead, or pasteAhead while a paste is read
}

// newPump starts reading r; once ctx ends, Read reports it.
func newPump(ctx context.Context, r io.Reader) *pump {
	p := &pump{ahead: typeAhead}
	p.cond = sync.NewCond(&p.mu)
	go p.loop(r)
	context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.stopped = ctx.Err()
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	return p
}

func (p *pump) loop(r io.Reader) {
	b := make([]byte, 256)
	for {
		n, err := r.Read(b)
		p.mu.Lock()
		data := b[:n]
		if p.interrupt != nil && bytes.IndexByte(data, 3) >= 0 {
			p.interrupt()
			p.interrupt = nil
			p.once = ErrInterrupted
			data = bytes.ReplaceAll(data, []byte{3}, nil)
		}
		if p.timer != nil && n > 0 {
			p.timer.Reset(p.idle)
			if p.once == errIdle {
				p.once = nil
			}
		}
		for p.ahead > typeAhead && len(p.buf)+len(data) > p.ahead && p.stopped == nil {
			p.cond.Wait() // a paste is being read: wait for room rather than drop it
		}
		p.buf = append(p.buf, data[:min(len(data), max(0, p.ahead-len(p.buf)))]...)
		if err != nil {
			p.err = err
		}
		p.cond.Broadcast()
		p.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (p *pump) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && p.err == nil && p.stopped == nil && p.once == nil {
		p.cond.Wait()
	}
	if p.stopped != nil {
		return 0, p.stopped
	}
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		p.cond.Broadcast() // room for a paste waiting in loop
		return n, nil
	}
	if p.once != nil {
		err := p.once
		p.once = nil
		return 0, err
	}
	return 0, p.err
}

// onInterrupt sets what a ^C does until the next call (nil: it is input,
// and a ^C that stopped the command is forgotten).
func (p *pump) onInterrupt(f func()) {
	p.mu.Lock()
	p.interrupt = f
	if f == nil && p.once == ErrInterrupted {
		p.once = nil
	}
	p.mu.Unlock()
}

// setAhead sets how much input may wait.
func (p *pump) setAhead(n int) {
	p.mu.Lock()
	p.ahead = n
	p.cond.Broadcast()
	p.mu.Unlock()
}

// setIdle makes a Read that waits d without input return errIdle (0: never).
func (p *pump) setIdle(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if p.once == errIdle {
		p.once = nil
	}
	p.idle = d
	if d > 0 {
		p.timer = time.AfterFunc(d, func() {
			p.mu.Lock()
			p.once = errIdle
			p.cond.Broadcast()
			p.mu.Unlock()
		})
	}
}

// lineWriter writes to the line in its own goroutine, so that a writer
// waiting for a line that takes nothing (a pty nobody reads, a paused
// terminal; a serial port's Close does not end a blocked write) is let go
// when ctx ends. Writes are copied: one abandoned in the goroutine cannot
// touch the caller's buffer.
type lineWriter struct {
	ctx  context.Context
	mu   sync.Mutex // one write at a time
	reqs chan []byte
	res  chan lineResult
	done chan struct{}
}

type lineResult struct {
	n   int
	err error
}

func newLineWriter(ctx context.Context, w io.Writer) *lineWriter {
	l := &lineWriter{ctx: ctx, reqs: make(chan []byte), res: make(chan lineResult, 1), done: make(chan struct{})}
	go func() {
		for {
			select {
			case p := <-l.reqs:
				n, err := w.Write(p)
				l.res <- lineResult{n, err}
			case <-l.done:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return l
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case l.reqs <- append([]byte(nil), p...):
	case <-l.ctx.Done():
		return 0, l.ctx.Err()
	case <-l.done:
		return 0, io.ErrClosedPipe
	}
	select {
	case r := <-l.res:
		return r.n, r.err
	case <-l.ctx.Done():
		return 0, l.ctx.Err()
	}
}

// close stops the goroutine once it is not writing.
func (l *lineWriter) close() { close(l.done) }
