package firmware

import (
	"log/slog"
	"sync/atomic"
	"time"

	"secretary/screening"
)

// storeWriter writes call-log records and list additions to the store in
// its own goroutine, in the order the call loop queued them, so the loop
// never waits on the disk (bbolt writes fsync). The queue is bounded: while
// it has room nothing is lost; when it is full the write is dropped,
// counted and logged. OnLog runs here too, after each record's write.
type storeWriter struct {
	store   Store // nil: nothing stored (OnLog still runs)
	log     *slog.Logger
	onLog   func(screening.LogRecord)
	jobs    chan storeJob // the call loop sends and, at the end, closes
	done    chan struct{} // closed when the writer has written everything queued
	dropped atomic.Int64
	// failed, if set, is called after a write the store refused (a full
	// disk, a failing card); it must not block for long.
	failed func()
}

// storeJob is one write: a log record, a list addition or a caller who
// passed the robocall challenge.
type storeJob struct {
	rec  *screening.LogRecord
	add  *listAdd
	pass *challengePass
}

type challengePass struct {
	number string // E.164
	at     time.Time
}

type listAdd struct {
	action             screening.Action
	number, name, note string
	at                 time.Time
}

func newStoreWriter(st Store, size int, log *slog.Logger, onLog func(screening.LogRecord), failed func()) *storeWriter {
	w := &storeWriter{store: st, log: log, onLog: onLog, failed: failed, jobs: make(chan storeJob, size), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *storeWriter) run() {
	defer close(w.done)
	for j := range w.jobs {
		w.write(j)
	}
}

func (w *storeWriter) write(j storeJob) {
	switch {
	case j.rec != nil:
		if w.store != nil {
			if err := w.store.AppendLog(*j.rec); err != nil {
				w.log.Error("call log write failed", "err", err)
				w.fail()
			}
		}
		if w.onLog != nil {
			w.onLog(*j.rec)
		}
	case j.add != nil && w.store != nil:
		a := j.add
		if _, err := w.store.AddNumber(a.action, a.number, a.name, a.note, a.at); err != nil {
			w.log.Error("list update failed", "list", screening.ActionWord(a.action), "number", a.number, "by", a.note, "err", err)
			w.fail()
		}
	case j.pass != nil && w.store != nil:
		if err := w.store.RememberChallenge(j.pass.number, j.pass.at); err != nil {
			w.log.Error("challenge pass not remembered", "number", j.pass.number, "err", err)
		}
	}
}

func (w *storeWriter) fail() {
	if w.failed != nil {
		w.failed()
	}
}

// put queues j without waiting; it reports false when the queue was full
// and j was dropped.
func (w *storeWriter) put(j storeJob) bool {
	select {
	case w.jobs <- j:
		return true
	default:
	}
	n := w.dropped.Add(1)
	switch {
	case j.rec != nil:
		w.log.Error("call log write dropped: the store is too slow", "number", j.rec.Number, "dropped", n)
	case j.add != nil:
		w.log.Error("list update dropped: the store is too slow", "number", j.add.number, "dropped", n)
	default:
		w.log.Error("challenge pass dropped: the store is too slow", "number", j.pass.number, "dropped", n)
	}
	return false
}

// close takes no more jobs and waits, at most wait (real time: this runs
// at shutdown, after the relay is released), for the queued ones to be
// written. A store that takes longer is left to finish on its own.
func (w *storeWriter) close(wait time.Duration) {
	close(w.jobs)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-w.done:
	case <-t.C:
		w.log.Error("store writes still pending at shutdown; not waited for", "queued", len(w.jobs))
	}
}
