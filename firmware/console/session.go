package console

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// noticeQueue is how many notices wait for a session that is not taking
// them (a few calls' worth); more are dropped and counted.
const noticeQueue = 32

// session is one place notices go. Notify puts them in a bounded queue
// without waiting; the session's own goroutine (run) writes them out. While
// a command's answer is being written the notices wait (hold), so a notice
// never lands inside an answer (a --json one, say).
type session struct {
	c    *Console
	w    io.Writer
	done chan struct{} // closed when run returns

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []string
	dropped int
	hold    bool
	closed  bool
}

// attach starts a session writing notices to w.
func (c *Console) attach(w io.Writer) *session {
	s := &session{c: c, w: w, done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.run()
	c.mu.Lock()
	c.sessions[s] = struct{}{}
	c.mu.Unlock()
	return s
}

// push queues msg, or counts it dropped when the queue is full. It never
// waits for the line.
func (s *session) push(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if len(s.queue) >= noticeQueue {
		s.dropped++
		return
	}
	s.queue = append(s.queue, msg)
	s.cond.Signal()
}

// setHold holds notices back (a command is answering) or lets them go.
func (s *session) setHold(hold bool) {
	s.mu.Lock()
	s.hold = hold
	s.cond.Signal()
	s.mu.Unlock()
}

// run writes queued notices until the session closes, then what is still
// queued. A write error ends it (the line is gone).
func (s *session) run() {
	defer close(s.done)
	for {
		s.mu.Lock()
		for !s.closed && (s.hold || len(s.queue) == 0 && s.dropped == 0) {
			s.cond.Wait()
		}
		if s.closed && s.hold {
			s.mu.Unlock()
			return
		}
		batch, dropped := s.queue, s.dropped
		s.queue, s.dropped = nil, 0
		closed := s.closed
		s.mu.Unlock()
		var out []byte
		for _, m := range batch {
			out = fmt.Appendf(out, "* %s\n", m)
		}
		if dropped > 0 {
			out = fmt.Appendf(out, "* (%d notices dropped)\n", dropped)
		}
		if len(out) > 0 {
			if t, ok := s.w.(prompter); ok {
				t.SetPrompt(s.c.prompt()) // redrawn under the notice
			}
			if _, err := s.w.Write(out); err != nil {
				s.mu.Lock()
				s.closed = true
				s.mu.Unlock()
				return
			}
		}
		if closed {
			return
		}
	}
}

// prompter is a terminal whose prompt the session redraws after a notice
// (golang.org/x/term's Terminal).
type prompter interface{ SetPrompt(string) }

// close detaches the session: nothing more is queued; what is queued is
// written; close waits for the goroutine (so a line blocked for good must
// be closed by its owner first).
func (s *session) close() {
	s.c.mu.Lock()
	delete(s.c.sessions, s)
	s.c.mu.Unlock()
	s.mu.Lock()
	s.closed = true
	s.cond.Signal()
	s.mu.Unlock()
	<-s.done
}

// answerChunk is how much of an answer is written at a time; between
// chunks the command's context is checked, so Ctrl-C stops a long answer
// within one chunk (22 ms at 115200 baud).
const answerChunk = 256

// answer is where a command writes its answer: in chunks, stopping with
// ErrInterrupted once ctx is cancelled.
type answer struct {
	ctx context.Context
	w   io.Writer
}

func (a answer) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if a.ctx.Err() != nil {
			return n, ErrInterrupted
		}
		k := min(len(p), answerChunk)
		m, err := a.w.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		p = p[k:]
	}
	return n, nil
}

// lockedWriter serialises a stream's writers (answers and notices).
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
