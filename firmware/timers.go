package firmware

import (
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
)

// timers are the machine's armed timers. Their fields belong to the call
// loop; an expiry runs in the clock's goroutine and only sends EvTimer,
// numbered with its arming so a timer re-armed or cancelled meanwhile is
// not taken for the current one.
type timers struct {
	w     *workers
	clock clockwork.Clock
	armed map[call.Timer]armed
	seq   uint64
}

type armed struct {
	id uint64
	t  clockwork.Timer
}

// arm (re)arms t to fire after d.
func (ts *timers) arm(t call.Timer, d time.Duration) {
	ts.cancel(t)
	ts.seq++
	id := ts.seq
	ts.armed[t] = armed{id: id, t: ts.clock.AfterFunc(d, func() {
		ts.w.send(item{ev: call.Event{Kind: call.EvTimer, At: ts.clock.Now(), Timer: t}, op: id})
	})}
}

// cancel disarms t.
func (ts *timers) cancel(t call.Timer) {
	if old, ok := ts.armed[t]; ok {
		old.t.Stop()
		delete(ts.armed, t)
	}
}

// fired reports whether an expiry of t numbered id is the current arming;
// if so t is no longer armed.
func (ts *timers) fired(t call.Timer, id uint64) bool {
	a, ok := ts.armed[t]
	if !ok || a.id != id {
		return false
	}
	delete(ts.armed, t)
	return true
}

// stopAll disarms every timer.
func (ts *timers) stopAll() {
	for t := range ts.armed {
		ts.cancel(t)
	}
}
