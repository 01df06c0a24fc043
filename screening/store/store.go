package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

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
	db     *bolt.DB
	path   string
	wmu    sync.Mutex // serialises Update so the number index follows commit order
	idx    numIndex
	imu    sync.Mutex    // one large import at a time (numbers.go)
	imp    importState   // guarded by wmu
	gen    atomic.Uint64 // bumped after a commit that changed rules, windows or settings
	closed atomic.Bool
}

// Option configures Open.
type Option func(*options)

type options struct {
	timeout  time.Duration
	readOnly bool
	noSync   bool
}

// WithLockTimeout sets how long Open waits for another process to release
// the file (default 1s) before failing with ErrLocked.
func WithLockTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// WithReadOnly opens the file read-only (shared lock); the file must exist.
func WithReadOnly() Option { return func(o *options) { o.readOnly = true } }

// WithNoSync skips fsync on commit. Only for benchmarks and tests that do
// not care about durability.
func WithNoSync() Option { return func(o *options) { o.noSync = true } }

// OpenDir creates dataDir if needed and opens Path(dataDir).
func OpenDir(dataDir string, opts ...Option) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return Open(Path(dataDir), opts...)
}

// Open opens or creates the database file at path, creating missing
// buckets and checking the schema version.
func Open(path string, opts ...Option) (*Store, error) {
	o := options{timeout: time.Second}
	for _, f := range opts {
		f(&o)
	}
	if o.readOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:        o.timeout,
		ReadOnly:       o.readOnly,
		NoSync:         o.noSync,
		NoFreelistSync: true, // rebuilt at open; keeps commits small
		FreelistType:   bolt.FreelistMapType,
	})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(o.readOnly); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.db.View(func(tx *bolt.Tx) error { return s.idx.load(&rtx{tx: tx}) }); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) init(readOnly bool) error {
	check := func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		if m == nil {
			return nil
		}
		v := m.Get(kSchema)
		if len(v) != 4 {
			return fmt.Errorf("%w: %s: schema version key", ErrCorrupt, s.path)
		}
		if found := binary.BigEndian.Uint32(v); found > SchemaVersion {
			return &SchemaError{Path: s.path, Found: found, Known: SchemaVersion}
		}
		return nil
	}
	if readOnly {
		return s.db.View(check)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := check(tx); err != nil {
			return err
		}
		for _, b := range allBucket {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("store: create bucket %s: %w", b, err)
			}
		}
		m := tx.Bucket(bMeta)
		if m.Get(kNumbers) == nil {
			if _, err := tx.CreateBucketIfNotExists(bNumbers[0]); err != nil {
				return err
			}
			if err := m.Put(kNumbers, []byte("0")); err != nil {
				return err
			}
		}
		if m.Get(kSchema) == nil {
			return m.Put(kSchema, binary.BigEndian.AppendUint32(nil, SchemaVersion))
		}
		return nil
	})
}

// Path is the file this store has open.
func (s *Store) Path() string { return s.path }

// Close closes the file. It is idempotent; later calls on the store return
// ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.db.Close()
}

// View runs fn in a read transaction.
func (s *Store) View(fn func(ReadTx) error) error {
	if s.closed.Load() {
		return ErrClosed
	}
	return s.db.View(func(tx *bolt.Tx) error { return fn(&rtx{tx: tx}) })
}

// Update runs fn in a write transaction; it is committed and synced to disk
// when fn returns nil, and rolled back otherwise.
func (s *Store) Update(fn func(WriteTx) error) error {
	if s.closed.Load() {
		return ErrClosed
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	w := &wtx{rtx: rtx{tx: nil}, imp: &s.imp}
	err := s.db.Update(func(tx *bolt.Tx) error {
		w.tx = tx
		return fn(w)
	})
	if err == nil {
		s.idx.apply(w)
		if w.policyChanged {
			s.gen.Add(1)
		}
	}
	return err
}

// Check runs bbolt's consistency check over the whole file.
func (s *Store) Check() error {
	if s.closed.Load() {
		return ErrClosed
	}
	return s.db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return fmt.Errorf("%w: consistency check: %w", ErrCorrupt, errors.Join(errs...))
		}
		return nil
	})
}

// Size is the database file size in bytes.
func (s *Store) Size() (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
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
		p.Windows, err = tx.Windows()
		return err
	})
	return p, err
}

// LookupNumber implements screening.Source.
// It reads the in-memory copy of the number chunks, which follows every
// committed Update.
func (s *Store) LookupNumber(e164 string) (screening.Rule, bool, error) {
	if s.closed.Load() {
		return screening.Rule{}, false, ErrClosed
	}
	return s.idx.lookup(e164)
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
	err := s.db.View(func(tx *bolt.Tx) error {
		bs := (&rtx{tx: tx}).numbers().Stats()
		st = Stats{Chunks: bs.KeyN, LeafPages: bs.LeafPageN + bs.LeafOverflowN, LeafInuse: bs.LeafInuse, LeafAlloc: bs.LeafAlloc, FileSize: tx.Size(), PageSize: s.db.Info().PageSize}
		st.FreePages = s.db.Stats().FreePageN
		return nil
	})
	return st, err
}
