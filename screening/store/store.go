package store

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"secretary/screening"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion uint32 = 1

// FileName is the database file inside the data directory.
const FileName = "secretary.db"

// Path is the database file for a data directory; the firmware and the CLI
// both use it.
func Path(dataDir string) string { return filepath.Join(dataDir, FileName) }

var (
	bMeta     = []byte("meta")
	bNumbers  = [2][]byte{[]byte("numbers.0"), []byte("numbers.1")} // the current one is named in meta
	kNumbers  = []byte("numbers")                                   // meta key: "0" or "1"
	bRules    = []byte("rules")
	bWindows  = []byte("windows")
	bSettings = []byte("settings")
	bLog      = []byte("log")
	bMessages = []byte("messages")
	kSchema   = []byte("schema")
	kLogCount = []byte("log.count")
	allBucket = [][]byte{bMeta, bRules, bWindows, bSettings, bLog, bMessages}
)

// Store is an open database. It is safe for concurrent use; bbolt allows
// one writer and many readers at a time.
type Store struct {
	path    string
	o       options
	log     *slog.Logger
	db      atomic.Pointer[handle] // nil while unavailable
	hs      atomic.Pointer[health]
	wmu     sync.Mutex // serialises Update so the number index follows commit order; Restore and Reset hold it
	idx     numIndex
	imu     sync.Mutex    // one large import at a time (numbers.go)
	imp     importState   // guarded by wmu
	gen     atomic.Uint64 // bumped after a commit that changed rules, windows or settings, and on damage or restore
	closed  atomic.Bool
	closing atomic.Bool // Close has begun
	snap    *snapshotter
}

// handle is one opened file: bbolt over it, and a read-only descriptor of
// the same file for checks and size watching (which never go through the
// memory map).
type handle struct {
	db *bolt.DB
	f  *os.File
}

func (h *handle) close() error {
	err := h.db.Close()
	if cerr := h.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Option configures Open.
type Option func(*options)

type options struct {
	timeout  time.Duration
	readOnly bool
	noSync   bool
	degraded bool
	mkdirErr error // OpenDir could not make the directory
	clock    clockwork.Clock
	log      *slog.Logger
	snap     SnapshotConfig
}

// WithLockTimeout sets how long Open waits for another process to release
// the file (default 1s) before failing with ErrLocked.
func WithLockTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithReadOnly opens the file read-only (shared lock); the file must exist.
// Health then reports ReadOnly with a nil error.
func WithReadOnly() Option { return func(o *options) { o.readOnly = true } }

// WithNoSync skips fsync on commit. Only for benchmarks and tests that do
// not care about durability.
func WithNoSync() Option { return func(o *options) { o.noSync = true } }

// WithDegraded is for the firmware, which must keep handling calls
// whatever state its data is in. Open then fails only when another
// process holds the file (ErrLocked); every other problem gives a Store
// whose Health says what is wrong:
//
//   - the data directory or file cannot be written (read-only file system,
//     wrong owner): the file is opened read-only, Health is ReadOnly with
//     a *ReadOnlyError, lookups work and writes return that error;
//   - the file is damaged, missing where one existed, written by newer
//     firmware or unreadable: Health is Unavailable with the error, every
//     read and write returns it, and Restore, RestoreSnapshot or Reset
//     (the owner's choice) make the store Healthy again.
//
// Without it Open returns those errors and no Store.
func WithDegraded() Option { return func(o *options) { o.degraded = true } }

// WithClock sets the clock of the snapshot timers (default: the real one).
func WithClock(c clockwork.Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger sets where the store logs damage and snapshot failures
// (default: nowhere).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// OpenDir creates dataDir if needed and opens Path(dataDir).
func OpenDir(dataDir string, opts ...Option) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		if _, serr := os.Stat(dataDir); serr != nil {
			// no directory and none can be made: Open reports it
			opts = append(opts, func(o *options) { o.mkdirErr = err })
		}
	}
	return Open(Path(dataDir), opts...)
}

// Open opens the database file at path: it checks the whole file first
// (see doc.go, "Damage"), creates a new one only where none existed before,
// and starts the snapshots and the watch of the file.
func Open(path string, opts ...Option) (*Store, error) {
	o := options{timeout: time.Second}
	for _, f := range opts {
		f(&o)
	}
	if o.clock == nil {
		o.clock = clockwork.NewRealClock()
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	o.snap = o.snap.withDefaults(path)
	s := &Store{path: path, o: o, log: o.log}
	s.setHealth(Healthy, nil)
	err := s.open()
	if err != nil {
		if !o.degraded || errors.Is(err, ErrLocked) {
			return nil, err
		}
		cond := Unavailable
		if s.db.Load() != nil {
			cond = ReadOnly
		}
		s.log.Error("store: opened degraded", "path", path, "condition", cond, "err", err)
		s.setHealth(cond, err)
	} else if o.readOnly {
		s.setHealth(ReadOnly, nil)
	}
	s.snap = newSnapshotter(s)
	return s, nil
}

// Path is the file this store has open.
func (s *Store) Path() string { return s.path }

// Close stops the snapshots (writing one last copy if changes are waiting
// for one) and closes the file. It is idempotent; later calls on the store
// return ErrClosed.
func (s *Store) Close() error {
	if s.closing.Swap(true) {
		return nil
	}
	s.snap.stop() // the last copy, while the store still works
	s.closed.Store(true)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if h := s.db.Swap(nil); h != nil {
		return h.close()
	}
	return nil
}

// reader returns the open file for a read, or the error reads get now.
func (s *Store) reader() (*handle, error) {
	if err := s.readable(); err != nil {
		return nil, err
	}
	h := s.db.Load()
	if h == nil {
		return nil, s.readable() // closed or replaced meanwhile
	}
	return h, nil
}

// intact checks that the file is still as long as the transaction's pages
// need: bbolt reads through a memory map, and pages cut off the end fault.
func (s *Store) intact(h *handle, tx *bolt.Tx) error {
	fi, err := h.f.Stat()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if fi.Size() < tx.Size() {
		return s.markDamaged(reasonShort, fmt.Sprintf("cut to %d bytes under the running store; it needs %d", fi.Size(), tx.Size()))
	}
	return nil
}

// View runs fn in a read transaction.
func (s *Store) View(fn func(ReadTx) error) error {
	return s.read(func(_ *handle, tx *bolt.Tx) error { return fn(&rtx{tx: tx}) })
}

// read runs fn in a bbolt read transaction with faults and bbolt panics
// turned into damage.
func (s *Store) read(fn func(*handle, *bolt.Tx) error) (err error) {
	h, err := s.reader()
	if err != nil {
		return err
	}
	defer s.catch(&err, faulting())
	err = h.db.View(func(tx *bolt.Tx) error {
		if err := s.intact(h, tx); err != nil {
			return err
		}
		return fn(h, tx)
	})
	return s.seen(s.closedErr(err))
}

// closedErr maps bbolt's "not open" (the file was closed by Close, Restore
// or Reset between reader and the transaction) to the store's state.
func (s *Store) closedErr(err error) error {
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		if e := s.readable(); e != nil {
			return e
		}
		return ErrClosed
	}
	return err
}

// Update runs fn in a write transaction; it is committed and synced to disk
// when fn returns nil, and rolled back otherwise.
func (s *Store) Update(fn func(WriteTx) error) (err error) {
	if err := s.writable(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.writable(); err != nil { // damage may have been found while waiting
		return err
	}
	h := s.db.Load()
	if h == nil {
		return s.readable()
	}
	defer s.catch(&err, faulting())
	w := &wtx{rtx: rtx{tx: nil}, imp: &s.imp}
	err = h.db.Update(func(tx *bolt.Tx) error {
		if err := s.intact(h, tx); err != nil {
			return err
		}
		w.tx = tx
		if err := fn(w); err != nil {
			return err
		}
		return w.seal(false)
	})
	if err == nil {
		s.idx.apply(w)
		lists := w.policyChanged || w.numRebuilt || w.numSwitched || len(w.numChanges) > 0
		if w.policyChanged {
			s.gen.Add(1)
		}
		s.snap.changed(lists)
	}
	return s.seen(s.closedErr(err))
}

// Check checks the whole file as Open does (every page, the schema, the
// number checksums, every record) and returns a *DamagedError if it is
// damaged, after which the store is Unavailable. Writers wait while it
// runs (about 0.1 s for a million numbers, see README); reads go on.
func (s *Store) Check() error {
	h, err := s.reader()
	if err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	fi, err := h.f.Stat()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	_, err = checkFile(h.f, fi.Size())
	return s.seen(err)
}

// Size is the database file size in bytes.
func (s *Store) Size() (int64, error) {
	var n int64
	err := s.read(func(_ *handle, tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n, err
}

// Generation implements screening.Source: it changes after every commit
// that changed rules, windows or settings.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Policy implements screening.Source.
func (s *Store) Policy() (screening.Policy, error) {
	var p screening.Policy
	err := s.View(func(tx ReadTx) error {
		var err error
		if p.Settings, err = tx.Settings(); err != nil {
			return err
		}
		if p.Rules, err = tx.PatternRules(); err != nil {
			return err
		}
		if p.People, err = tx.(*rtx).people(); err != nil {
			return err
		}
		if p.Routes, err = tx.(*rtx).routes(); err != nil {
			return err
		}
		p.Windows, err = tx.Windows()
		return err
	})
	return p, err
}

// LookupNumber implements screening.Source.
// It reads the in-memory index of the lists, which follows every committed
// Update; an entry the index does not hold whole (a name, a note, an
// expiry or a schedule in a chunk kept compact) is read from the file. So
// damage to the file under a running store is seen here once a read, a
// write, a snapshot or the watch found it (within SnapshotConfig.Watch);
// from then on it returns the *DamagedError.
func (s *Store) LookupNumber(e164 string) (r screening.Rule, ok bool, err error) {
	if err := s.readable(); err != nil {
		return screening.Rule{}, false, err
	}
	defer s.catch(&err, faulting())
	r, ok, more, err := s.idx.lookup(e164)
	if more {
		err = s.read(func(_ *handle, tx *bolt.Tx) error {
			var err error
			r, ok, err = s.idx.readEntry(tx, e164)
			return err
		})
	}
	return r, ok, s.seen(err)
}

// LastCall implements screening.Source.
func (s *Store) LastCall(e164 string, since time.Time) (t time.Time, ok bool, err error) {
	err = s.View(func(tx ReadTx) error {
		t, ok, err = tx.LastCall(e164, since)
		return err
	})
	return t, ok, err
}

var _ screening.Source = (*Store)(nil)

// Stats describes the numbers bucket, for tuning and the console's status.
type Stats struct {
	Chunks    int   // keys in the numbers bucket
	LeafPages int   // leaf pages
	LeafInuse int   // bytes used in leaf pages
	LeafAlloc int   // bytes allocated to leaf pages
	FileSize  int64 // database file size
	FreePages int   // pages on the freelist
	PageSize  int   //
}

// DebugStats reports how the numbers bucket is laid out.
func (s *Store) DebugStats() (Stats, error) {
	var st Stats
	err := s.read(func(h *handle, tx *bolt.Tx) error {
		bs := (&rtx{tx: tx}).numbers().Stats()
		st = Stats{Chunks: bs.KeyN, LeafPages: bs.LeafPageN + bs.LeafOverflowN, LeafInuse: bs.LeafInuse, LeafAlloc: bs.LeafAlloc, FileSize: tx.Size(), PageSize: h.db.Info().PageSize}
		st.FreePages = h.db.Stats().FreePageN
		return nil
	})
	return st, err
}
