package store

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Condition is what a Store can do now.
type Condition int

const (
	// Healthy: the data is readable and changes are saved.
	Healthy Condition = iota
	// ReadOnly: the data is readable, changes cannot be saved (Health's
	// error says why: a *ReadOnlyError, or nil when opened WithReadOnly).
	ReadOnly
	// Unavailable: nothing can be read: the file is damaged (*DamagedError),
	// written by newer firmware (*SchemaError) or unreadable. Every read
	// and write returns Health's error; Restore, RestoreSnapshot and Reset
	// make the store Healthy again.
	Unavailable
)

func (c Condition) String() string {
	switch c {
	case Healthy:
		return "healthy"
	case ReadOnly:
		return "read-only"
	case Unavailable:
		return "unavailable"
	}
	return fmt.Sprintf("Condition(%d)", int(c))
}

type health struct {
	cond Condition
	err  error
}

// Health reports what the store can do and, when it is not Healthy, why:
// a *DamagedError, *ReadOnlyError, *SchemaError or another error with a
// plain message (see Sentence). It changes when damage is found at run time
// (the store then stops writing) and after Restore, RestoreSnapshot, Reset.
func (s *Store) Health() (Condition, error) {
	h := s.hs.Load()
	return h.cond, h.err
}

func (s *Store) setHealth(c Condition, err error) { s.hs.Store(&health{cond: c, err: err}) }

// readable returns the error every read gets now, or nil.
func (s *Store) readable() error {
	if s.closed.Load() {
		return ErrClosed
	}
	if h := s.hs.Load(); h.cond == Unavailable {
		return h.err
	}
	return nil
}

// writable returns the error every write gets now, or nil.
func (s *Store) writable() error {
	if err := s.readable(); err != nil {
		return err
	}
	if h := s.hs.Load(); h.cond == ReadOnly {
		if h.err != nil {
			return h.err
		}
		return fmt.Errorf("%w: %s was opened read-only", ErrReadOnly, s.path)
	}
	return nil
}

// markDamaged records damage found at run time: from now on reads and
// writes return it, the snapshotter stops, and Generation changes so that
// the screening engine reads the policy again (and gets the error). The
// first damage seen is kept.
func (s *Store) markDamaged(reason, detail string) error {
	e := &DamagedError{Path: s.path, Reason: reason, Detail: detail}
	for {
		old := s.hs.Load()
		if old.cond == Unavailable {
			return old.err
		}
		if s.hs.CompareAndSwap(old, &health{cond: Unavailable, err: e}) {
			break
		}
	}
	s.gen.Add(1)
	s.log.Error("store: damage found; no more writes until restored or reset", "path", s.path, "reason", reason, "detail", detail)
	return e
}

// asDamage turns a *damage from a check into the store's error.
func (s *Store) asDamage(err error) error {
	var d *damage
	if errors.As(err, &d) {
		return &DamagedError{Path: s.path, Reason: d.reason, Detail: d.detail}
	}
	var se *SchemaError
	if errors.As(err, &se) {
		se.Path = s.path
	}
	return err
}

// seen looks at the error of a read or write: a corrupt record or a
// damage found by a check marks the store damaged.
func (s *Store) seen(err error) error {
	if err == nil {
		return nil
	}
	var d *damage
	switch {
	case errors.As(err, &d):
		return s.markDamaged(d.reason, d.detail)
	case errors.Is(err, ErrCorrupt):
		return s.markDamaged(reasonRecords, err.Error())
	}
	return err
}

// faulting turns memory faults of this goroutine into panics (a file cut
// short under bbolt's memory map raises SIGBUS, which otherwise kills the
// process) and returns the previous setting for catch.
func faulting() bool { return debug.SetPanicOnFault(true) }

// catch, deferred right after faulting, restores the fault setting and
// turns a panic caused by the file (a memory fault, or a panic raised
// inside bbolt, which trusts the file) into damage. Other panics, bugs of
// the caller, go on.
//
//	defer s.catch(&err, faulting())
func (s *Store) catch(err *error, prev bool) {
	debug.SetPanicOnFault(prev)
	r := recover()
	if r == nil {
		return
	}
	if !fromFile(r) {
		panic(r)
	}
	*err = s.markDamaged(reasonPages, fmt.Sprint(r))
}

// fromFile reports whether a recovered panic came from the database file:
// a memory fault (runtime.Error with the faulting address), or a panic
// whose first frame outside the runtime is in bbolt. It is called from the
// deferred function, so the panicking frames are still on the stack.
func fromFile(r any) bool {
	if _, ok := r.(interface{ Addr() uintptr }); ok {
		return true
	}
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	inPanic := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			inPanic = true
		case inPanic && !strings.HasPrefix(f.Function, "runtime."):
			return strings.HasPrefix(f.Function, "go.etcd.io/bbolt")
		}
		if !more {
			return false
		}
	}
}
