package modem

import (
	"log/slog"
	"sync"

	"secretary/hal"
)

// queueCap bounds the events waiting for a consumer. A line produces a few
// events a second; 256 is minutes of a normal call and still small.
const queueCap = 256

// eventQueue is the one queue between the producers (the reader goroutine,
// the caller-ID timer, command paths, the supervisor) and the consumer of
// Events. push never blocks: when the consumer has fallen queueCap events
// behind, the oldest waiting event is dropped (and counted) so that the
// newest, which say what the line is doing now, get through. The channel
// is the queue: there is no goroutine between producer and consumer.
type eventQueue struct {
	log *slog.Logger
	ch  chan hal.LineEvent

	mu      sync.Mutex // serialises push and close
	closed  bool
	dropped int
}

func newEventQueue(log *slog.Logger) *eventQueue {
	return &eventQueue{log: log, ch: make(chan hal.LineEvent, queueCap)}
}

// push queues ev; it reports false once the queue is closed.
func (q *eventQueue) push(ev hal.LineEvent) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	for {
		select {
		case q.ch <- ev:
			return true
		default:
		}
		// Full: make room by dropping the oldest. Only the consumer
		// receives concurrently, so after this there is a free slot.
		select {
		case old := <-q.ch:
			q.dropped++
			if q.dropped == 1 || q.dropped%100 == 0 {
				q.log.Warn("modem: events not read; dropping the oldest", "dropped", q.dropped, "kind", old.Kind)
			}
		default:
		}
	}
}

// close closes the channel after the events already queued (idempotent).
func (q *eventQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.closed = true
		close(q.ch)
	}
}

// Dropped is how many events were dropped because nobody read them.
func (q *eventQueue) Dropped() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.dropped
}
