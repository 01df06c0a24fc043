package store

import (
	"encoding/binary"
	"sync"

	"secretary/screening"
	"secretary/screening/number"
)

// numIndex is an in-memory copy of the numbers bucket (a few bytes per
// number) so that a decision does not open a bbolt transaction. It is
// loaded at Open and updated after each committed Update, in commit order.
type numIndex struct {
	mu     sync.RWMutex
	chunks map[uint64][]byte // chunk key -> chunk value (owned, immutable)
}

func (x *numIndex) load(t *rtx) error {
	m := map[uint64][]byte{}
	b := t.numbers()
	if b != nil {
		err := b.ForEach(func(k, v []byte) error {
			if len(k) == 8 {
				m[binary.BigEndian.Uint64(k)] = append([]byte(nil), v...)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	x.mu.Lock()
	x.chunks = m
	x.mu.Unlock()
	return nil
}

func (x *numIndex) apply(replace bool, changes map[uint64][]byte) {
	if !replace && len(changes) == 0 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if replace || x.chunks == nil {
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

func (x *numIndex) lookup(e164 string) (screening.Rule, bool, error) {
	num, ok := number.Pack(e164)
	if !ok {
		return screening.Rule{}, false, nil
	}
	x.mu.RLock()
	v := x.chunks[num>>chunkShift]
	x.mu.RUnlock()
	if v == nil {
		return screening.Rule{}, false, nil
	}
	c, err := parseChunk(v)
	if err != nil {
		return screening.Rule{}, false, err
	}
	e := c.find(uint32(num & lowMask))
	if e == nil {
		return screening.Rule{}, false, nil
	}
	r, err := decodeRule(num, e)
	return r, err == nil, err
}
