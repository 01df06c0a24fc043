package store

import (
	"encoding/binary"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/number"
)

// numIndex is what a decision needs of the numbers bucket, in memory, so
// that the common lookup opens no bbolt transaction: for every number its
// low bits and the first byte of its entry (action, treatment, and whether
// the entry carries more: a name, a note, an expiry, a schedule or a
// creation time). That is 4 bytes per number; a 1,000,000-number list
// takes about 5 MB instead of the 25 MB its entries take with names.
//
// A lookup that finds an entry with more reads the entry from bbolt (one
// read transaction, about 2 µs): the engine needs the name and note for
// the decision's reason, and the expiry and schedule to decide.
//
// It is loaded at Open and updated after each committed Update, in commit
// order.
type numIndex struct {
	mu     sync.RWMutex
	chunks map[uint64][]byte // chunk key -> compact table (owned, immutable)
	db     *bolt.DB          // for entries with more; set by load
	reads  atomic.Uint32     // bbolt reads, to drop mapped pages now and then
}

// A compact table: n x 3-byte low bits (ascending), then the n entries'
// first bytes.
func compactLen(t []byte) int { return len(t) / (lowBytes + 1) }

// compact makes the index table of a chunk value.
func compact(v []byte) ([]byte, error) {
	c, err := parseChunk(v)
	if err != nil {
		return nil, err
	}
	t := make([]byte, c.n*(lowBytes+1))
	copy(t, c.lows)
	heads := t[c.n*lowBytes:]
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

// findCompact returns the entry's first byte for low.
func findCompact(t []byte, low uint32) (byte, bool) {
	n := compactLen(t)
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
			return t[n*lowBytes+lo], true
		}
	}
	return 0, false
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
			c, err := compact(v)
			if err != nil {
				return err
			}
			m[binary.BigEndian.Uint64(k)] = c
			return nil
		})
		dropMapped(t.tx)
		if err != nil {
			return err
		}
	}
	x.mu.Lock()
	x.chunks = m
	x.db = t.tx.DB()
	x.mu.Unlock()
	return nil
}

// apply installs the tables of the chunks a commit changed (nil: the chunk
// is gone); replace means changes is the whole new index.
func (x *numIndex) apply(replace bool, changes map[uint64][]byte) {
	if !replace && len(changes) == 0 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if replace { // changes is the new index, handed over
		for k, v := range changes {
			if v == nil {
				delete(changes, k)
			}
		}
		x.chunks = changes
		return
	}
	if x.chunks == nil {
		x.chunks = make(map[uint64][]byte, len(changes))
	}
	for k, v := range changes {
		if v == nil {
			delete(x.chunks, k)
		} else {
			x.chunks[k] = v
		}
	}
}

// find returns the first byte of num's entry.
func (x *numIndex) find(num uint64) (byte, bool) {
	x.mu.RLock()
	t := x.chunks[num>>chunkShift]
	x.mu.RUnlock()
	if t == nil {
		return 0, false
	}
	return findCompact(t, uint32(num&lowMask))
}

// entryMore are the header bits of an entry that carries more than its
// action and treatment.
const entryMore = fName | fNote | fMore

// dropReads is how many bbolt reads lookup makes between drops of the
// mapped file, so pages touched by lookups do not pile up in the resident
// set over months of calls.
const dropReads = 1024

func (x *numIndex) lookup(e164 string) (screening.Rule, bool, error) {
	num, ok := number.Pack(e164)
	if !ok {
		return screening.Rule{}, false, nil
	}
	h, ok := x.find(num)
	if !ok {
		return screening.Rule{}, false, nil
	}
	if h&entryMore == 0 {
		return screening.Rule{Action: screening.Action(h & 3), Treatment: screening.Treatment(h >> 2 & 7),
			Match: screening.Match{Kind: screening.MatchExact, Text: e164}}, true, nil
	}
	x.mu.RLock()
	db := x.db
	x.mu.RUnlock()
	if db == nil { // not loaded: no entries either
		return screening.Rule{}, false, nil
	}
	var r screening.Rule
	err := db.View(func(tx *bolt.Tx) error {
		t := rtx{tx: tx}
		var err error
		r, ok, err = t.LookupNumber(e164)
		if x.reads.Add(1)%dropReads == 0 {
			dropMapped(tx)
		}
		return err
	})
	return r, ok, err
}
