package store

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/number"
)

// numIndex is what a decision needs of the numbers bucket, in memory, so
// that a lookup opens no bbolt transaction. Per chunk it keeps either the
// chunk's value itself, when that is at most twice its compact table plus
// wholeSlack bytes, or the compact table: per number its low bits and the
// first byte of its entry (action, treatment, and whether the entry
// carries more: a name, a note, an expiry, a schedule or a creation time).
// So the index takes at most 8 bytes a number and 32 a chunk however long
// the names are: a 1,000,000-number list with a name and a note on every
// number takes about 4 MB instead of the 22 MB of its entries, one with a
// name on every tenth number keeps them all (6 MB), and so does a short
// list spread over many chunks.
//
// A lookup that finds an entry with more in a compact table reads the
// entry from bbolt (one read transaction, a few µs): the engine needs the
// name and note for the decision's reason, and the expiry and schedule to
// decide.
//
// It is loaded at Open and updated after each committed Update, in commit
// order.
type numIndex struct {
	mu      sync.RWMutex
	chunks  map[uint64][]byte // chunk key -> index table (owned, immutable)
	dropped atomic.Int64      // when a lookup last dropped the mapped file (Unix ns)
	cur     atomic.Uint32     // the current numbers bucket, as of the last commit
}

// wholeSlack lets a chunk of a few entries stay whole though its fixed
// header makes it more than twice its compact table.
const wholeSlack = 32

// An index table is a tag byte, then the chunk value (tagFull) or the
// compact table (tagCompact): n x 3-byte low bits (ascending), then the n
// entries' first bytes.
const (
	tagCompact = 0
	tagFull    = 1
)

// indexTable makes the index table of a chunk value.
func indexTable(v []byte) ([]byte, error) {
	c, err := parseChunk(v)
	if err != nil {
		return nil, err
	}
	if len(v) <= 2*c.n*(lowBytes+1)+wholeSlack {
		t := make([]byte, 1+len(v))
		t[0] = tagFull
		copy(t[1:], v)
		return t, c.each(func(uint32, []byte) error { return nil }) // every entry well formed
	}
	t := make([]byte, 1+c.n*(lowBytes+1))
	t[0] = tagCompact
	copy(t[1:], c.lows)
	heads := t[1+c.n*lowBytes:]
	off := 0
	for i := 0; i < c.n; i++ {
		n := entryLen(c.data[off:])
		if n <= 0 {
			return nil, errCorruptChunk
		}
		heads[i] = c.data[off]
		off += n
	}
	return t, nil
}

// tableEach calls fn with the first byte of every entry of an index table.
func tableEach(t []byte, fn func(h byte)) {
	if t[0] == tagCompact {
		n := (len(t) - 1) / (lowBytes + 1)
		for _, h := range t[1+n*lowBytes:] {
			fn(h)
		}
		return
	}
	c, _ := parseChunk(t[1:]) // checked by indexTable
	c.each(func(_ uint32, e []byte) error { fn(e[0]); return nil })
}

// findTable finds low in an index table: the entry's first byte, and the
// entry itself if the table holds it.
func findTable(t []byte, low uint32) (h byte, e []byte, ok bool) {
	if t[0] == tagFull {
		c, err := parseChunk(t[1:])
		if err != nil {
			return 0, nil, false
		}
		if e = c.find(low); e == nil {
			return 0, nil, false
		}
		return e[0], e, true
	}
	t = t[1:]
	n := len(t) / (lowBytes + 1)
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		b := t[lowBytes*m:]
		if uint32(b[0])<<16|uint32(b[1])<<8|uint32(b[2]) < low {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < n {
		b := t[lowBytes*lo:]
		if uint32(b[0])<<16|uint32(b[1])<<8|uint32(b[2]) == low {
			return t[n*lowBytes+lo], nil, true
		}
	}
	return 0, nil, false
}

// dropEvery is how many chunk bytes a walk of the list reads between drops
// of the mapped file (see dropMapped).
const dropEvery = 8 << 20

func (x *numIndex) load(t *rtx) error {
	m := map[uint64][]byte{}
	b := t.numbers()
	if b != nil {
		// The walk reads every page: fault them in at once (bbolt's
		// read-write open has touched them all already), and give them
		// back after.
		populateMapped(t.tx)
		err := b.ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return nil
			}
			t, err := indexTable(v)
			if err != nil {
				return err
			}
			m[binary.BigEndian.Uint64(k)] = t
			return nil
		})
		dropMapped(t.tx)
		if err != nil {
			return err
		}
	}
	x.mu.Lock()
	x.chunks = m
	x.mu.Unlock()
	x.cur.Store(uint32(t.numbersIndex()))
	return nil
}

// apply installs what a committed transaction changed: the tables of the
// chunks it wrote (a nil value: the chunk is gone), or after a switch the
// new list's tables with those on top.
func (x *numIndex) apply(w *wtx) {
	if !w.numSwitched && !w.numRebuilt && len(w.numChanges) == 0 {
		return
	}
	tables := make(map[uint64][]byte, len(w.numChanges))
	for k, v := range w.numChanges {
		if v == nil {
			tables[k] = nil
			continue
		}
		t, err := indexTable(v)
		if err != nil {
			continue // the value was just made from valid entries
		}
		tables[k] = t
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case w.numSwitched: // the new index, handed over
		x.chunks = w.numTables
		x.cur.Store(uint32(w.numCur))
	case w.numRebuilt || x.chunks == nil:
		x.chunks = make(map[uint64][]byte, len(tables))
	}
	for k, t := range tables {
		if t == nil {
			delete(x.chunks, k)
		} else {
			x.chunks[k] = t
		}
	}
}

// find returns the first byte of num's entry, and the entry if the index
// holds it.
func (x *numIndex) find(num uint64) (h byte, e []byte, ok bool) {
	x.mu.RLock()
	t := x.chunks[num>>chunkShift]
	x.mu.RUnlock()
	if t == nil {
		return 0, nil, false
	}
	return findTable(t, uint32(num&lowMask))
}

// entryMore are the header bits of an entry that carries more than its
// action and treatment.
const entryMore = fName | fNote | fMore

// dropAfter is how long after the last drop a lookup that read bbolt gives
// the file's pages back (dropMapped), so pages touched by lookups do not
// pile up in the resident set over months of calls.
const dropAfter = time.Minute

// lookup answers from the index; more means the entry must be read from
// the file (readEntry) for its name, note, expiry or schedule.
func (x *numIndex) lookup(e164 string) (r screening.Rule, ok, more bool, err error) {
	num, ok := number.Pack(e164)
	if !ok {
		return screening.Rule{}, false, false, nil
	}
	h, e, ok := x.find(num)
	switch {
	case !ok:
		return screening.Rule{}, false, false, nil
	case e != nil:
		r, err := decodeRule(num, e164, e)
		return r, err == nil, false, err
	case h&entryMore != 0:
		return screening.Rule{}, false, true, nil
	}
	return screening.Rule{Action: screening.Action(h & 3), Treatment: screening.Treatment(h >> 2 & 7),
		Match: screening.Match{Kind: screening.MatchExact, Text: e164}}, true, false, nil
}

// readEntry reads a number's entry in tx, from the bucket the index follows
// (which saves reading meta; a transaction begun before a switch committed
// still sees the old bucket, and meta says so).
func (x *numIndex) readEntry(tx *bolt.Tx, e164 string) (screening.Rule, bool, error) {
	num, ok := number.Pack(e164)
	if !ok {
		return screening.Rule{}, false, nil
	}
	b := tx.Bucket(bNumbers[x.cur.Load()&1])
	if b == nil {
		b = (&rtx{tx: tx}).numbers()
	}
	r, ok, err := lookupIn(b, num, e164)
	if now := time.Now().UnixNano(); now-x.dropped.Load() > int64(dropAfter) {
		x.dropped.Store(now)
		dropMapped(tx)
	}
	return r, ok, err
}
