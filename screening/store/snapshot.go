package store

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SnapshotConfig says when the store copies itself. Zero fields take the
// defaults in brackets.
type SnapshotConfig struct {
	Dir         string        // where copies go [the database path + ".snapshots"]
	Delay       time.Duration // quiet time after the last change before a copy [30 s]
	MaxDelay    time.Duration // but a copy at the latest this long after the first change not yet copied [10 min]
	MinInterval time.Duration // and at least this long between copies after changes to lists, rules or settings [5 min]
	LogInterval time.Duration // ... or when only the call log or messages changed [1 h]
	Keep        int           // copies kept, the newest [3]
	Watch       time.Duration // how often the file is checked for being cut short, removed or replaced [10 s]
	Disabled    bool          // no copies (the watch still runs)
}

// WithSnapshots configures the store's own copies (see SnapshotConfig).
func WithSnapshots(c SnapshotConfig) Option { return func(o *options) { o.snap = c } }

func (c SnapshotConfig) withDefaults(path string) SnapshotConfig {
	if c.Dir == "" {
		c.Dir = path + ".snapshots"
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Delay, 30*time.Second)
	def(&c.MaxDelay, 10*time.Minute)
	def(&c.MinInterval, 5*time.Minute)
	def(&c.LogInterval, time.Hour)
	def(&c.Watch, 10*time.Second)
	if c.Keep <= 0 {
		c.Keep = 3
	}
	return c
}

// Snapshot is one kept copy of the database.
type Snapshot struct {
	Path string    // the file
	Seq  uint64    // order of taking: the highest is the newest
	Tx   uint64    // the database transaction it holds
	Time time.Time // when it was taken, by the box's clock then
	Size int64     // bytes
}

const snapTime = "20060102T150405Z"

func snapshotName(seq, tx uint64, t time.Time) string {
	return fmt.Sprintf("%010d-tx%d-%s.db", seq, tx, t.UTC().Format(snapTime))
}

// listSnapshots returns the copies in dir, newest first.
func listSnapshots(dir string) ([]Snapshot, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: snapshots: %w", err)
	}
	var out []Snapshot
	for _, e := range ents {
		f := strings.Split(strings.TrimSuffix(e.Name(), ".db"), "-")
		if len(f) != 3 || !strings.HasSuffix(e.Name(), ".db") || !strings.HasPrefix(f[1], "tx") {
			continue
		}
		seq, err1 := strconv.ParseUint(f[0], 10, 64)
		tx, err2 := strconv.ParseUint(f[1][2:], 10, 64)
		t, err3 := time.Parse(snapTime, f[2])
		fi, err4 := e.Info()
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || !fi.Mode().IsRegular() {
			continue
		}
		out = append(out, Snapshot{Path: filepath.Join(dir, e.Name()), Seq: seq, Tx: tx, Time: t, Size: fi.Size()})
	}
	slices.SortFunc(out, func(a, b Snapshot) int { return -cmpUint(a.Seq, b.Seq) })
	return out, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Snapshots lists the kept copies, newest first.
func (s *Store) Snapshots() ([]Snapshot, error) { return listSnapshots(s.o.snap.Dir) }

// Snapshot takes a copy now (whether or not anything changed) and returns
// it. The copy is checked like a file at Open before it is kept; if the
// check fails, the running store's file is damaged: the store becomes
// Unavailable and the error is the *DamagedError.
func (s *Store) Snapshot() (Snapshot, error) { return s.snap.take() }

// snapshotter owns the goroutine that takes copies a while after changes
// and watches the file.
type snapshotter struct {
	s           *Store
	cfg         SnapshotConfig
	kick        chan struct{} // a change was committed; buffered, never blocks Update
	done        chan struct{}
	finished    chan struct{}
	stopOnce    sync.Once
	dirtyLists  atomic.Bool                           // lists, rules or settings changed since the last copy
	dirtyLog    atomic.Bool                           // the call log or messages changed since the last copy
	own         atomic.Bool                           // a change made through this store waits for a copy (Close takes it)
	lastChange  atomic.Int64                          // clock time of the last change, unix ns
	firstChange atomic.Int64                          // clock time of the first change not yet copied, unix ns (0: none)
	hook        atomic.Pointer[func(Snapshot, error)] // tests: called after each timed copy
	mu          sync.Mutex                            // one copy at a time; guards last
	last        time.Time                             // when the last copy was taken
}

func newSnapshotter(s *Store) *snapshotter {
	p := &snapshotter{s: s, cfg: s.o.snap, kick: make(chan struct{}, 1), done: make(chan struct{}), finished: make(chan struct{})}
	p.last = s.o.clock.Now()
	if c, _ := s.Health(); c == Healthy && !p.cfg.Disabled {
		p.cleanTemp()
		// copy a file whose newest copy is older (changed by another
		// program, or a crash before the last copy)
		snaps, _ := listSnapshots(p.cfg.Dir)
		var tx uint64
		_ = s.read(func(_ *handle, t *bolt.Tx) error { tx = uint64(t.ID()); return nil })
		if len(snaps) == 0 || snaps[0].Tx != tx {
			p.last = time.Time{}
			p.changed(true)
			p.own.Store(false)
		}
	}
	go p.run()
	return p
}

// changed records a committed change; called by Update, never blocks.
func (p *snapshotter) changed(lists bool) {
	if p.cfg.Disabled {
		return
	}
	if lists {
		p.dirtyLists.Store(true)
	} else {
		p.dirtyLog.Store(true)
	}
	p.own.Store(true)
	now := p.s.o.clock.Now().UnixNano()
	p.lastChange.Store(now)
	p.firstChange.CompareAndSwap(0, now)
	select {
	case p.kick <- struct{}{}:
	default:
	}
}

// due is when the next copy should be taken, and whether one is wanted.
func (p *snapshotter) due() (time.Time, bool) {
	lists, log := p.dirtyLists.Load(), p.dirtyLog.Load()
	if p.cfg.Disabled || (!lists && !log) {
		return time.Time{}, false
	}
	t := time.Unix(0, p.lastChange.Load()).Add(p.cfg.Delay)
	if first := p.firstChange.Load(); first != 0 {
		if latest := time.Unix(0, first).Add(p.cfg.MaxDelay); latest.Before(t) {
			t = latest
		}
	}
	gap := p.cfg.LogInterval
	if lists {
		gap = p.cfg.MinInterval
	}
	p.mu.Lock()
	last := p.last
	p.mu.Unlock()
	if earliest := last.Add(gap); !last.IsZero() && earliest.After(t) {
		t = earliest
	}
	return t, true
}

func (p *snapshotter) run() {
	defer close(p.finished)
	clk := p.s.o.clock
	watch := clk.NewTicker(p.cfg.Watch)
	defer watch.Stop()
	var timer interface{ Stop() bool }
	var fire <-chan time.Time
	arm := func() {
		if timer != nil {
			timer.Stop()
			timer, fire = nil, nil
		}
		if at, ok := p.due(); ok {
			t := clk.NewTimer(max(at.Sub(clk.Now()), 0))
			timer, fire = t, t.Chan()
		}
	}
	arm()
	for {
		select {
		case <-p.done:
			if timer != nil {
				timer.Stop()
			}
			return
		case <-p.kick:
			arm()
		case <-fire:
			timer, fire = nil, nil
			if at, ok := p.due(); ok && !clk.Now().Before(at) {
				snap, err := p.take()
				if err != nil {
					p.s.log.Warn("store: snapshot failed", "err", err)
				}
				if f := p.hook.Load(); f != nil {
					(*f)(snap, err)
				}
			}
			arm()
		case <-watch.Chan():
			p.s.watch()
		}
	}
}

// stop ends the goroutine, then takes a last copy if changes made through
// this store wait for one.
func (p *snapshotter) stop() {
	p.stopOnce.Do(func() { close(p.done) })
	<-p.finished
	if p.own.Load() {
		if _, err := p.take(); err != nil && !errors.Is(err, ErrReadOnly) {
			p.s.log.Warn("store: last snapshot at close failed", "err", err)
		}
	}
}

// take writes one copy: a read transaction streams the pages to a
// temporary file (bbolt's WriteTo: readers and writers go on), which is
// synced, checked like a file at Open, renamed into place and the
// directory synced; then copies beyond Keep are removed.
func (p *snapshotter) take() (Snapshot, error) {
	s := p.s
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cfg.Disabled {
		return Snapshot{}, fmt.Errorf("store: snapshots are disabled")
	}
	if h := s.db.Load(); h == nil {
		if err := s.readable(); err != nil {
			return Snapshot{}, err
		}
		return Snapshot{}, ErrClosed
	}
	if c, err := s.Health(); c != Healthy {
		return Snapshot{}, fmt.Errorf("store: no snapshot of a %s store: %w", c, err)
	}
	lists, log, own := p.dirtyLists.Swap(false), p.dirtyLog.Swap(false), p.own.Swap(false)
	first := p.firstChange.Swap(0)
	snap, err := p.write()
	p.last = s.o.clock.Now() // a failed attempt waits its interval too (a full disk is no reason to spin)
	if err != nil {
		p.firstChange.CompareAndSwap(0, first)
		if own {
			p.own.Store(true)
		}
		if lists {
			p.dirtyLists.Store(true)
		}
		if log {
			p.dirtyLog.Store(true)
		}
		return snap, err
	}
	p.prune()
	return snap, nil
}

// snapshotReserve is the free space a copy must leave on the disk, on top
// of as much again as the database holds (room for it to grow).
const snapshotReserve = 8 << 20

func (p *snapshotter) write() (Snapshot, error) {
	s := p.s
	if err := os.MkdirAll(p.cfg.Dir, 0o750); err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	if size, err := s.Size(); err == nil {
		if free, ok := freeBytes(p.cfg.Dir); ok && free < 2*size+snapshotReserve {
			return Snapshot{}, fmt.Errorf("store: snapshot: skipped, %d bytes free leave too little room for a copy of %d bytes", free, size)
		}
	}
	f, err := os.CreateTemp(p.cfg.Dir, ".tmp-*")
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	tmp := f.Name()
	var tx uint64
	err = s.read(func(_ *handle, t *bolt.Tx) error {
		tx = uint64(t.ID())
		w := bufio.NewWriterSize(f, 1<<20)
		if _, err := t.WriteTo(w); err != nil {
			return err
		}
		return w.Flush()
	})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		// the copy holds the same pages as the running file: a damaged
		// copy means a damaged file
		if _, cerr := checkPath(tmp); cerr != nil {
			err = s.seen(cerr)
		}
	}
	if err != nil {
		_ = os.Remove(tmp)
		return Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	seq := uint64(1)
	if old, _ := listSnapshots(p.cfg.Dir); len(old) > 0 {
		seq = old[0].Seq + 1
	}
	now := s.o.clock.Now()
	final := filepath.Join(p.cfg.Dir, snapshotName(seq, tx, now))
	if err := os.Rename(tmp, final); err != nil {
		_ = os.Remove(tmp)
		return Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	if err := syncDir(p.cfg.Dir); err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	fi, _ := os.Stat(final)
	snap := Snapshot{Path: final, Seq: seq, Tx: tx, Time: now.UTC().Truncate(time.Second)}
	if fi != nil {
		snap.Size = fi.Size()
	}
	return snap, nil
}

// prune removes the copies beyond Keep, oldest first.
func (p *snapshotter) prune() {
	snaps, err := listSnapshots(p.cfg.Dir)
	if err != nil {
		return
	}
	for _, old := range snaps[min(len(snaps), p.cfg.Keep):] {
		if err := os.Remove(old.Path); err != nil {
			p.s.log.Warn("store: removing an old snapshot", "err", err)
		}
	}
}

// cleanTemp removes copies a crash left half written.
func (p *snapshotter) cleanTemp() {
	ents, _ := os.ReadDir(p.cfg.Dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			_ = os.Remove(filepath.Join(p.cfg.Dir, e.Name()))
		}
	}
}

// watch checks that the file is still whole and still the one at the
// path. A file cut short is damage. A file removed or replaced under the
// running store is still readable through the open descriptor: one last
// copy is taken, then the store stops (the owner restores that copy). It
// skips a round while a write, Restore or Reset holds the write lock.
func (s *Store) watch() {
	if s.readable() != nil || !s.wmu.TryLock() {
		return
	}
	defer s.wmu.Unlock()
	h := s.db.Load()
	if h == nil {
		return
	}
	if err := s.read(func(*handle, *bolt.Tx) error { return nil }); err != nil {
		return // read marked any damage
	}
	fi, err := h.f.Stat()
	if err != nil {
		return
	}
	if pfi, err := os.Stat(s.path); err == nil && os.SameFile(fi, pfi) {
		return
	}
	detail := "the newest snapshot was taken before stopping"
	if _, err := s.snap.take(); err != nil {
		detail = "no last snapshot: " + err.Error()
	}
	s.markDamaged("the file was removed or replaced while the box was running", detail)
}
