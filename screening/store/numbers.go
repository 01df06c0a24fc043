package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
)

// Writes to the numbers bucket.
//
// A small change (an edit, a small import, PurgeExpired) merges its entries
// into the touched chunks in place, in one transaction.
//
// A large import writes the merge of the current list and the imported
// numbers, in key order, into the other numbers bucket (staging), in
// several transactions of at most stageTxBytes of chunks each, so memory
// stays bounded whatever the list's size. A last transaction applies the
// number edits other transactions made meanwhile (recorded in importState),
// switches meta to the new bucket and drops the old one: the list changes
// in that one commit. A crash or a cancelled import before it leaves the
// list as it was; the next large import deletes the abandoned staging
// bucket first.

// stageTxBytes bounds the chunk bytes one staging transaction writes (bbolt
// keeps a transaction's dirty pages in memory until its commit).
var stageTxBytes = 4 << 20

// importState records, while a large import stages, the number entries
// other transactions write, so the switch can apply them to the new list.
// Guarded by Store.wmu; one staging import at a time (Store.imu).
type importState struct {
	active  bool
	pending []entry // in commit order; data owned
}

// noteChunk records a chunk's new value (owned, not in the file's mapping)
// for the index and the checksums.
func (t *wtx) noteChunk(k uint64, v []byte) error {
	if t.numChanges == nil {
		t.numChanges = map[uint64][]byte{}
	}
	t.numChanges[k] = v
	return nil
}

func (t *wtx) addCounts(delta *[4]int) error {
	m := t.b(bMeta)
	for a, d := range delta {
		if d == 0 {
			continue
		}
		n := t.Count(screening.Action(a)) + d
		if n < 0 {
			n = 0
		}
		if err := m.Put(countKey(screening.Action(a)), binary.BigEndian.AppendUint64(nil, uint64(n))); err != nil {
			return err
		}
	}
	return nil
}

// putNumbers merges entries (sorted by num, unique) into the current list
// in place.
func (t *wtx) putNumbers(es []entry) error {
	if t.imp != nil && t.imp.active {
		for _, e := range es {
			t.imp.pending = append(t.imp.pending, entry{num: e.num, data: bytes.Clone(e.data)})
		}
	}
	var delta [4]int
	if err := t.updateNumbers(t.numbers(), es, &delta); err != nil {
		return fmt.Errorf("store: write numbers: %w", err)
	}
	return t.addCounts(&delta)
}

// updateNumbers rewrites the chunks of b that es touches.
func (t *wtx) updateNumbers(b *bolt.Bucket, es []entry, delta *[4]int) error {
	b.FillPercent = 0.9
	var scratch []item
	for i := 0; i < len(es); {
		j := i + 1
		hi := es[i].num >> chunkShift
		for j < len(es) && es[j].num>>chunkShift == hi {
			j++
		}
		k := chunkKey(es[i].num)
		nv, err := mergeChunk(b.Get(k[:]), es[i:j], delta, &scratch)
		if err != nil {
			return err
		}
		if nv == nil {
			err = b.Delete(k[:])
		} else {
			err = b.Put(k[:], nv)
		}
		if err != nil {
			return err
		}
		if err := t.noteChunk(hi, nv); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// entrySource yields entries in ascending number order, each number once.
// data is valid until the next call.
type entrySource interface {
	next() (num uint64, data []byte, ok bool, err error)
}

// stager writes the merge of the current list and an entry source into
// the staging bucket.
type stager struct {
	s        *Store
	src      entrySource
	progress func(written int)
	cur      int    // the current bucket (0 or 1)
	after    []byte // last chunk key written; nil before the first
	look     entry  // the source's next entry, if haveLook
	haveLook bool
	srcDone  bool
	upd      []entry // the source's entries of one chunk; data in arena
	arena    []byte
	scratch  []item
	tally    [4]int            // entries per action in the new list
	index    map[uint64][]byte // index tables of the new list
	sums     []chunkSum        // checksums of the new list's chunks, in key order
	written  int
	commits  int
}

// stageList replaces the list with the merge of the current list and src
// (see the comment at the top of this file). It returns the commits made.
func (s *Store) stageList(ctx context.Context, src entrySource, progress func(written int)) (int, error) {
	s.imu.Lock()
	defer s.imu.Unlock()
	s.wmu.Lock()
	s.imp = importState{active: true}
	s.wmu.Unlock()
	defer func() {
		s.wmu.Lock()
		s.imp = importState{}
		s.wmu.Unlock()
	}()
	st := &stager{s: s, src: src, progress: progress, index: map[uint64][]byte{}}
	done := false
	for first := true; !done; first = false {
		if err := ctx.Err(); err != nil {
			st.abandon()
			return st.commits, err
		}
		err := s.Update(func(tx WriteTx) error {
			var err error
			done, err = st.step(tx.(*wtx), first)
			return err
		})
		if err != nil {
			st.abandon()
			return st.commits, err
		}
		st.commits++
		if st.progress != nil {
			st.progress(st.written)
		}
	}
	if err := s.Update(func(tx WriteTx) error { return st.finish(tx.(*wtx)) }); err != nil {
		st.abandon()
		return st.commits, err
	}
	st.commits++
	return st.commits, nil
}

// abandon deletes the staging bucket, best effort (the next large import
// deletes it anyway).
func (st *stager) abandon() {
	_ = st.s.Update(func(tx WriteTx) error {
		t := tx.(*wtx)
		if t.numbersIndex() == st.cur && t.b(bNumbers[1-st.cur]) != nil {
			return deleteBucketDropping(t.tx, bNumbers[1-st.cur])
		}
		return nil
	})
}

// step writes up to stageTxBytes of new chunks; done when the list is complete.
func (st *stager) step(t *wtx, first bool) (done bool, err error) {
	cur := t.numbersIndex()
	if first {
		st.cur = cur
		if t.b(bNumbers[1-cur]) != nil { // abandoned by a crash
			if err := deleteBucketDropping(t.tx, bNumbers[1-cur]); err != nil {
				return false, err
			}
		}
		if _, err := t.tx.CreateBucket(bNumbers[1-cur]); err != nil {
			return false, err
		}
	} else if cur != st.cur {
		return false, fmt.Errorf("store: import: the list was replaced during the import")
	}
	nb := t.b(bNumbers[1-cur])
	nb.FillPercent = 1.0
	c := t.b(bNumbers[cur]).Cursor()
	var ok, ov []byte
	if st.after == nil {
		ok, ov = c.First()
	} else if ok, ov = c.Seek(st.after); ok != nil && bytes.Equal(ok, st.after) {
		ok, ov = c.Next()
	}
	defer dropMapped(t.tx) // the old chunks read through the mapping
	size := 0
	for size < stageTxBytes {
		if err := st.fill(); err != nil {
			return false, err
		}
		var ek [8]byte
		if len(st.upd) > 0 {
			ek = chunkKey(st.upd[0].num)
		}
		var nv []byte
		switch {
		case ok == nil && len(st.upd) == 0:
			return true, nil
		case len(st.upd) == 0 || (ok != nil && bytes.Compare(ok, ek[:]) < 0):
			if len(ok) != 8 { // not a chunk: not carried over
				ok, ov = c.Next()
				continue
			}
			// untouched: copy, as bbolt keeps the value until the commit and
			// a commit may remap the file
			nv, ek = bytes.Clone(ov), [8]byte(ok)
			ok, ov = c.Next()
		case ok != nil && bytes.Equal(ok, ek[:]):
			var d [4]int
			if nv, err = mergeChunk(ov, st.upd, &d, &st.scratch); err != nil {
				return false, err
			}
			st.upd = st.upd[:0]
			ok, ov = c.Next()
		default:
			var d [4]int
			if nv, err = mergeChunk(nil, st.upd, &d, &st.scratch); err != nil {
				return false, err
			}
			st.upd = st.upd[:0]
		}
		if nv == nil { // every entry deleted
			continue
		}
		if err := st.put(nb, ek, nv); err != nil {
			return false, err
		}
		size += len(nv)
	}
	return false, nil
}

// put writes one new chunk and notes it in the new index and the tally.
func (st *stager) put(nb *bolt.Bucket, k [8]byte, v []byte) error {
	tab, err := indexTable(v)
	if err != nil {
		return err
	}
	tableEach(tab, func(h byte) {
		st.tally[h&3]++
		st.written++
	})
	key := binary.BigEndian.Uint64(k[:])
	st.index[key] = tab
	st.sums = append(st.sums, chunkSum{key, chunkCRC(v)})
	st.after = append(st.after[:0], k[:]...)
	return nb.Put(k[:], v)
}

// fill reads the source's entries of its next chunk into st.upd, unless
// it already holds them.
func (st *stager) fill() error {
	if len(st.upd) > 0 || st.srcDone {
		return nil
	}
	st.arena = st.arena[:0]
	for {
		if !st.haveLook {
			num, data, ok, err := st.src.next()
			if err != nil {
				return err
			}
			if !ok {
				st.srcDone = true
				break
			}
			st.look = entry{num: num, data: data}
			st.haveLook = true
		}
		if len(st.upd) > 0 && st.look.num>>chunkShift != st.upd[0].num>>chunkShift {
			break
		}
		off := len(st.arena)
		st.arena = append(st.arena, st.look.data...)
		st.upd = append(st.upd, entry{num: st.look.num, data: st.arena[off:len(st.arena):len(st.arena)]})
		st.haveLook = false
	}
	// the arena may have moved while it grew: point the entries at its final copy
	off := 0
	for i := range st.upd {
		n := len(st.upd[i].data)
		st.upd[i].data = st.arena[off : off+n : off+n]
		off += n
	}
	return nil
}

// finish applies the edits made meanwhile to the new list, switches to it
// and drops the old one, in one transaction.
func (st *stager) finish(t *wtx) error {
	cur := t.numbersIndex()
	if cur != st.cur {
		return fmt.Errorf("store: import: the list was replaced during the import")
	}
	nb := t.b(bNumbers[1-cur])
	t.numSwitched, t.numTables, t.numCur = true, st.index, 1-cur
	if p := t.imp.pending; len(p) > 0 {
		// a later edit of the same number wins
		slices.SortStableFunc(p, func(a, b entry) int { return cmp.Compare(a.num, b.num) })
		es := p[:0]
		for i, e := range p {
			if i+1 < len(p) && p[i+1].num == e.num {
				continue
			}
			es = append(es, e)
		}
		if err := t.updateNumbers(nb, es, &st.tally); err != nil {
			return err
		}
	}
	m := t.b(bMeta)
	for a, n := range st.tally {
		if err := m.Put(countKey(screening.Action(a)), binary.BigEndian.AppendUint64(nil, uint64(max(n, 0)))); err != nil {
			return err
		}
	}
	if err := deleteBucketDropping(t.tx, bNumbers[cur]); err != nil {
		return err
	}
	if err := m.Put(kNumbers, []byte{byte('0' + 1 - cur)}); err != nil {
		return err
	}
	return st.putSums(t)
}

// putSums replaces the checksums with the new list's, taken as its chunks
// were written; seal then updates those of the chunks the replay changed.
func (st *stager) putSums(t *wtx) error {
	if t.b(bSums) != nil {
		if err := t.tx.DeleteBucket(bSums); err != nil {
			return err
		}
	}
	b, err := t.tx.CreateBucket(bSums)
	if err != nil {
		return err
	}
	b.FillPercent = 1.0
	for _, c := range st.sums {
		if err := b.Put(binary.BigEndian.AppendUint64(nil, c.key), binary.BigEndian.AppendUint32(nil, c.sum)); err != nil {
			return err
		}
	}
	return nil
}

// deleteBucketDropping deletes a bucket. bbolt reads every page of it to
// do so; a helper goroutine meanwhile drops those pages from the resident
// set (dropMapped) every few milliseconds, so deleting a large old list
// does not add the whole list to the import's peak memory. That is safe
// because bbolt allocates no page while it deletes a bucket, so the file
// is not remapped, and dropped pages come back from the page cache on the
// next read.
func deleteBucketDropping(tx *bolt.Tx, name []byte) error {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				dropMapped(tx)
			}
		}
	}()
	err := tx.DeleteBucket(name)
	close(stop)
	<-done
	dropMapped(tx)
	return err
}
