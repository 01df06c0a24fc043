package modem

import (
	"log/slog"
	"sync"

	"secretary/hal"
)

// eventQueue decouples producers (the reader, timers) from a slow
// consumer: push never blocks; run delivers in order.
type eventQueue struct {
	log *slog.Logger
	out chan hal.LineEvent
	sig chan struct{}
	mu  sync.Mutex
	q   []hal.LineEvent
}

const maxQueued = 4096

func newEventQueue(log *slog.Logger) *eventQueue {
	return &eventQueue{log: log, out: make(chan hal.LineEvent, 16), sig: make(chan struct{}, 1)}
}

func (q *eventQueue) push(ev hal.LineEvent) {
	q.mu.Lock()
	if len(q.q) < maxQueued {
		q.q = append(q.q, ev)
	} else {
		q.log.Warn("modem: event queue full, dropping", "kind", ev.Kind)
	}
	q.mu.Unlock()
	select {
	case q.sig <- struct{}{}:
	default:
	}
}

// run owns delivering to out until done closes; it then closes out.
func (q *eventQueue) run(done <-chan struct{}) {
	defer close(q.out)
	for {
		q.mu.Lock()
		batch := q.q
		q.q = nil
		q.mu.Unlock()
		for _, ev := range batch {
			select {
			case q.out <- ev:
			case <-done:
				return
			}
		}
		select {
		case <-q.sig:
		case <-done:
			return
		}
	}
}
