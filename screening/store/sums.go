package store

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
)

// Number chunks carry a CRC-32C each, in the sums bucket (chunk key ->
// 4-byte big-endian checksum), so that a byte changed inside a list is
// found at open instead of deciding "screen" for an allowed number. bbolt
// checks no data, only its own page structure.
//
// meta "sums.tx" names the transaction that last brought the sums up to
// date; every Update of this store writes it. When it is not the file's
// current transaction, something else wrote last (an older firmware, a
// bbolt tool, a restored file from elsewhere): the sums are then rebuilt
// from the data at the next writable open instead of being taken as damage.
var (
	bSums   = []byte("sums")
	kSumsTx = []byte("sums.tx")
)

// seal runs at the end of every write transaction, before its commit: it
// updates the checksums of the chunks this transaction changed (all of them
// when full, or when the numbers bucket was rebuilt) and stamps sums.tx.
func (t *wtx) seal(full bool) error {
	b := t.b(bSums)
	switch {
	case full || b == nil:
		if err := t.rebuildSums(); err != nil {
			return err
		}
	case t.numRebuilt:
		if err := t.tx.DeleteBucket(bSums); err != nil {
			return err
		}
		nb, err := t.tx.CreateBucket(bSums)
		if err != nil {
			return err
		}
		nb.FillPercent = 1.0
		b = nb
		fallthrough
	default:
		// in key order: bbolt inserts into in-memory nodes, and appending
		// at the end is what keeps a rebuild of 40,000 chunks linear
		for _, k := range slices.Sorted(maps.Keys(t.numChanges)) {
			var err error
			if v := t.numChanges[k]; v == nil {
				err = b.Delete(binary.BigEndian.AppendUint64(nil, k))
			} else {
				err = putSum(b, k, v)
			}
			if err != nil {
				return err
			}
		}
	}
	return t.b(bMeta).Put(kSumsTx, binary.BigEndian.AppendUint64(nil, uint64(t.tx.ID())))
}

type putter interface{ Put(k, v []byte) error }

func putSum(b putter, k uint64, v []byte) error {
	return b.Put(binary.BigEndian.AppendUint64(nil, k), binary.BigEndian.AppendUint32(nil, chunkCRC(v)))
}

// rebuildSums recomputes every checksum from the current numbers bucket.
func (t *wtx) rebuildSums() error {
	if t.b(bSums) != nil {
		if err := t.tx.DeleteBucket(bSums); err != nil {
			return err
		}
	}
	nb, err := t.tx.CreateBucket(bSums)
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bSums, err)
	}
	nb.FillPercent = 1.0
	num := t.numbers()
	if num == nil {
		return nil
	}
	c := num.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 {
			continue
		}
		if err := putSum(nb, binary.BigEndian.Uint64(k), v); err != nil {
			return err
		}
	}
	return nil
}
