package store

import (
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	"secretary/screening"
	"secretary/screening/number"
)

// An entry is one exact-number rule inside a chunk.
type entry struct {
	num  uint64 // E.164 as integer
	data []byte // encodeRule output; nil means delete
}

const chunkShift = 16

func chunkKey(num uint64) [8]byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], num>>chunkShift)
	return k
}

const (
	fName   = 1 << 5
	fNote   = 1 << 6
	fMore   = 1 << 7
	fExpire = 1 << 0 // in the second flag byte
	fSched  = 1 << 1
	fCreate = 1 << 2
)

// encodeRule appends the compact form of an exact rule (without its number).
func encodeRule(b []byte, r *screening.Rule) []byte {
	h := byte(r.Action)&3 | byte(r.Treatment&7)<<2
	var f2 byte
	if r.Name != "" {
		h |= fName
	}
	if r.Note != "" {
		h |= fNote
	}
	if !r.Expires.IsZero() {
		f2 |= fExpire
	}
	if r.Schedule != "" {
		f2 |= fSched
	}
	if !r.Created.IsZero() {
		f2 |= fCreate
	}
	if f2 != 0 {
		h |= fMore
	}
	b = append(b, h)
	if f2 != 0 {
		b = append(b, f2)
	}
	if r.Name != "" {
		b = binary.AppendUvarint(b, uint64(len(r.Name)))
		b = append(b, r.Name...)
	}
	if r.Note != "" {
		b = binary.AppendUvarint(b, uint64(len(r.Note)))
		b = append(b, r.Note...)
	}
	if f2&fExpire != 0 {
		b = binary.AppendVarint(b, r.Expires.UnixNano())
	}
	if f2&fSched != 0 {
		b = binary.AppendUvarint(b, uint64(len(r.Schedule)))
		b = append(b, r.Schedule...)
	}
	if f2&fCreate != 0 {
		b = binary.AppendVarint(b, r.Created.UnixNano())
	}
	return b
}

func decodeRule(num uint64, b []byte) (screening.Rule, error) {
	var r screening.Rule
	bad := func() (screening.Rule, error) {
		return screening.Rule{}, fmt.Errorf("%w: number entry %s", ErrCorrupt, number.Unpack(num))
	}
	if len(b) == 0 {
		return bad()
	}
	h := b[0]
	b = b[1:]
	r.Action = screening.Action(h & 3)
	r.Treatment = screening.Treatment(h >> 2 & 7)
	r.Match = screening.Match{Kind: screening.MatchExact, Text: number.Unpack(num)}
	var f2 byte
	if h&fMore != 0 {
		if len(b) == 0 {
			return bad()
		}
		f2, b = b[0], b[1:]
	}
	str := func() (string, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return "", false
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s, true
	}
	tm := func() (time.Time, bool) {
		v, k := binary.Varint(b)
		if k <= 0 {
			return time.Time{}, false
		}
		b = b[k:]
		return time.Unix(0, v), true
	}
	ok := true
	if h&fName != 0 && ok {
		r.Name, ok = str()
	}
	if h&fNote != 0 && ok {
		r.Note, ok = str()
	}
	if f2&fExpire != 0 && ok {
		r.Expires, ok = tm()
	}
	if f2&fSched != 0 && ok {
		r.Schedule, ok = str()
	}
	if f2&fCreate != 0 && ok {
		r.Created, ok = tm()
	}
	if !ok {
		return bad()
	}
	return r, nil
}

// A chunk value: uvarint n | n x uint16 low bits (ascending) | n x uint32 end
// offsets into data | data.
type chunk struct {
	n    int
	lows []byte
	ends []byte
	data []byte
}

func parseChunk(v []byte) (chunk, error) {
	n, k := binary.Uvarint(v)
	if k <= 0 || n > 1<<chunkShift || uint64(len(v)-k) < n*6 {
		return chunk{}, fmt.Errorf("%w: number chunk header", ErrCorrupt)
	}
	c := chunk{n: int(n)}
	v = v[k:]
	c.lows, c.ends, c.data = v[:2*n], v[2*n:6*n], v[6*n:]
	if n > 0 && int(binary.BigEndian.Uint32(c.ends[4*(n-1):])) != len(c.data) {
		return chunk{}, fmt.Errorf("%w: number chunk length", ErrCorrupt)
	}
	return c, nil
}

func (c chunk) low(i int) uint16 { return binary.BigEndian.Uint16(c.lows[2*i:]) }

func (c chunk) entry(i int) []byte {
	start := 0
	if i > 0 {
		start = int(binary.BigEndian.Uint32(c.ends[4*(i-1):]))
	}
	end := int(binary.BigEndian.Uint32(c.ends[4*i:]))
	if start > end || end > len(c.data) {
		return nil
	}
	return c.data[start:end]
}

// find returns the entry for low, or nil.
func (c chunk) find(low uint16) []byte {
	i := sort.Search(c.n, func(i int) bool { return c.low(i) >= low })
	if i < c.n && c.low(i) == low {
		return c.entry(i)
	}
	return nil
}

// mergeChunk applies upd (sorted by num, unique, all in this chunk) to the
// existing chunk value old (nil if none). It returns the new value (nil if
// empty) and, per action, how many entries were added (+) or removed (-).
func mergeChunk(dst []byte, old []byte, upd []entry, delta *[4]int) ([]byte, error) {
	var c chunk
	if old != nil {
		var err error
		if c, err = parseChunk(old); err != nil {
			return nil, err
		}
	}
	// First pass: count the result.
	type item struct {
		low  uint16
		data []byte
	}
	items := make([]item, 0, c.n+len(upd))
	i, j := 0, 0
	for i < c.n || j < len(upd) {
		switch {
		case j >= len(upd) || (i < c.n && c.low(i) < uint16(upd[j].num)):
			items = append(items, item{c.low(i), c.entry(i)})
			i++
		default:
			u := upd[j]
			if i < c.n && c.low(i) == uint16(u.num) {
				if e := c.entry(i); len(e) > 0 {
					delta[e[0]&3]--
				}
				i++
			}
			if u.data != nil {
				items = append(items, item{uint16(u.num), u.data})
				delta[u.data[0]&3]++
			}
			j++
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	size := 0
	for _, it := range items {
		size += len(it.data)
	}
	dst = binary.AppendUvarint(dst[:0], uint64(len(items)))
	for _, it := range items {
		dst = binary.BigEndian.AppendUint16(dst, it.low)
	}
	end := 0
	for _, it := range items {
		end += len(it.data)
		dst = binary.BigEndian.AppendUint32(dst, uint32(end))
	}
	for _, it := range items {
		dst = append(dst, it.data...)
	}
	return dst, nil
}
