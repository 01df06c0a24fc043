package haltest

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Recorder is an append-only log of actions shared by several fakes, in
// the order they happened. The zero value is ready to use.
type Recorder struct {
	mu      sync.Mutex
	lines   []string
	changed chan struct{}
}

// Add appends "dev: action".
func (r *Recorder) Add(dev, format string, args ...any) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.lines = append(r.lines, dev+": "+fmt.Sprintf(format, args...))
	if r.changed != nil {
		close(r.changed)
		r.changed = nil
	}
	r.mu.Unlock()
}

// Lines returns a copy of everything recorded.
func (r *Recorder) Lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines...)
}

// String is the log, one action per line.
func (r *Recorder) String() string { return strings.Join(r.Lines(), "\n") }

// Wait blocks until a recorded line contains sub (from index from on) and
// returns its index, or ctx.Err().
func (r *Recorder) Wait(ctx context.Context, from int, sub string) (int, error) {
	for {
		r.mu.Lock()
		for i := from; i < len(r.lines); i++ {
			if strings.Contains(r.lines[i], sub) {
				r.mu.Unlock()
				return i, nil
			}
		}
		if r.changed == nil {
			r.changed = make(chan struct{})
		}
		ch := r.changed
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			return -1, fmt.Errorf("haltest: waiting for %q: %w", sub, ctx.Err())
		case <-ch:
		}
	}
}
