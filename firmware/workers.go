package firmware

import (
	"context"
	"sync"
)

// workers runs the call loop's helper goroutines (blocking device
// operations, the message save, timer expiries) and carries their results
// back: each helper sends at most a few items on results and ends. Run
// waits for all of them (wg) before it returns.
type workers struct {
	ctx     context.Context
	wg      sync.WaitGroup
	results chan item // read only by the call loop
}

// spawn runs f in a helper goroutine.
func (w *workers) spawn(f func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		f()
	}()
}

// send delivers it to the loop, unless the run is over.
func (w *workers) send(it item) {
	select {
	case w.results <- it:
	case <-w.ctx.Done():
	}
}

// slot runs one device operation at a time in a helper goroutine. Its
// fields belong to the call loop. Operations are numbered; a result
// carries its operation's number, so the loop ignores results of
// operations it has cancelled or replaced meanwhile.
type slot struct {
	id   uint64             // the operation in progress (0: none)
	seq  uint64             // the last number given
	stop context.CancelFunc // cancels the operation in progress
	done chan struct{}      // closed when its goroutine ends
}

// start cancels the operation in progress and runs f as the next one, in
// a helper goroutine, with a context that cancel ends.
func (s *slot) start(w *workers, f func(ctx context.Context, id uint64)) {
	s.cancel()
	ctx, stop := context.WithCancel(w.ctx)
	id := s.next()
	done := make(chan struct{})
	s.stop, s.done = stop, done
	w.spawn(func() {
		defer close(done)
		defer stop()
		f(ctx, id)
	})
}

// next numbers a new operation and makes it the one in progress.
func (s *slot) next() uint64 {
	s.seq++
	s.id = s.seq
	return s.id
}

// cancel abandons the operation in progress and waits for its goroutine,
// so it reports nothing the loop would take for current.
func (s *slot) cancel() {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	s.id, s.stop, s.done = 0, nil, nil
}

// finished reports whether a result numbered id is the operation in
// progress; if so that operation is over.
func (s *slot) finished(id uint64) bool {
	if id == 0 || id != s.id {
		return false
	}
	s.id, s.stop, s.done = 0, nil, nil
	return true
}
