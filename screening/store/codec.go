package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"secretary/screening"
	"secretary/screening/number"
)

var errCorruptChunk = fmt.Errorf("%w: number chunk entry", ErrCorrupt)

// An entry is one exact-number rule inside a chunk.
type entry struct {
	num  uint64 // E.164 as integer
	data []byte // encodeRule output; nil means delete
}

// chunkShift: one chunk holds numbers that differ only in their low 18
// bits (about 262,000 consecutive numbers).
const chunkShift = 18

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

// decodeRule decodes the entry b of num; text is num's E.164 text if the
// caller has it at hand, "" to make it.
func decodeRule(num uint64, text string, b []byte) (screening.Rule, error) {
	var r screening.Rule
	bad := func() (screening.Rule, error) {
		return screening.Rule{}, fmt.Errorf("%w: number entry %s", ErrCorrupt, number.Unpack(num))
	}
	if len(b) == 0 {
		return bad()
	}
	h := b[0]
	b = b[1:]
	if text == "" {
		text = number.Unpack(num)
	}
	r.Action = screening.Action(h & 3)
	r.Treatment = screening.Treatment(h >> 2 & 7)
	r.Match = screening.Match{Kind: screening.MatchExact, Text: text}
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

// A chunk value:
//
//	uvarint n | n x 3-byte big-endian low bits (ascending)
//	| ceil(n/sparse) x uint32 big-endian offset of entry k*sparse in data | data
//
// Entries are self-delimiting (see entryLen); a lookup binary-searches the
// low bits, jumps to the nearest sparse offset and skips at most sparse-1
// entries.
type chunk struct {
	n    int
	lows []byte
	offs []byte
	data []byte
}

const (
	lowBytes = 3
	sparse   = 32
	lowMask  = 1<<chunkShift - 1
)

func parseChunk(v []byte) (chunk, error) {
	n, k := binary.Uvarint(v)
	if k <= 0 || n > 1<<chunkShift {
		return chunk{}, fmt.Errorf("%w: number chunk header", ErrCorrupt)
	}
	no := (n + sparse - 1) / sparse
	if uint64(len(v)-k) < n*lowBytes+no*4+n {
		return chunk{}, fmt.Errorf("%w: number chunk length", ErrCorrupt)
	}
	c := chunk{n: int(n)}
	v = v[k:]
	c.lows, c.offs, c.data = v[:lowBytes*n], v[lowBytes*n:lowBytes*n+4*no], v[lowBytes*n+4*no:]
	return c, nil
}

func (c chunk) low(i int) uint32 {
	b := c.lows[lowBytes*i : lowBytes*i+lowBytes]
	return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
}

func appendLow(b []byte, v uint32) []byte { return append(b, byte(v>>16), byte(v>>8), byte(v)) }

// entry returns the encoded rule of entry i, or nil if the chunk is corrupt.
func (c chunk) entry(i int) []byte {
	off := int(binary.BigEndian.Uint32(c.offs[4*(i/sparse):]))
	for k := i - i%sparse; ; k++ {
		if off > len(c.data) {
			return nil
		}
		n := entryLen(c.data[off:])
		if n <= 0 {
			return nil
		}
		if k == i {
			return c.data[off : off+n]
		}
		off += n
	}
}

// entryLen is the length of the encoded rule at the start of b, or 0 if it
// is malformed.
func entryLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	h := b[0]
	p := 1
	var f2 byte
	if h&fMore != 0 {
		if len(b) < 2 {
			return 0
		}
		f2 = b[1]
		p = 2
	}
	skipStr := func() bool {
		n, k := binary.Uvarint(b[p:])
		if k <= 0 || uint64(len(b)-p-k) < n {
			return false
		}
		p += k + int(n)
		return true
	}
	skipVar := func() bool {
		_, k := binary.Varint(b[p:])
		p += k
		return k > 0
	}
	if h&fName != 0 && !skipStr() {
		return 0
	}
	if h&fNote != 0 && !skipStr() {
		return 0
	}
	if f2&fExpire != 0 && !skipVar() {
		return 0
	}
	if f2&fSched != 0 && !skipStr() {
		return 0
	}
	if f2&fCreate != 0 && !skipVar() {
		return 0
	}
	return p
}

// find returns the entry for low, or nil.
func (c chunk) find(low uint32) []byte {
	lo, hi := 0, c.n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.low(m) < low {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < c.n && c.low(lo) == low {
		return c.entry(lo)
	}
	return nil
}

// each calls fn for every entry in order; it stops at a malformed entry.
func (c chunk) each(fn func(low uint32, data []byte) error) error {
	off := 0
	for i := 0; i < c.n; i++ {
		n := entryLen(c.data[off:])
		if n <= 0 {
			return errCorruptChunk
		}
		if err := fn(c.low(i), c.data[off:off+n]); err != nil {
			return err
		}
		off += n
	}
	return nil
}

type item struct {
	low  uint32
	data []byte
}

// mergeChunk applies upd (sorted by num, unique, all in this chunk) to the
// existing chunk value old (nil if none). It returns a new value (nil if
// empty) and adds to delta, per action, the entries added (+) or removed
// (-). scratch is reused between calls.
func mergeChunk(old []byte, upd []entry, delta *[4]int, scratch *[]item) ([]byte, error) {
	items := (*scratch)[:0]
	if old != nil {
		c, err := parseChunk(old)
		if err != nil {
			return nil, err
		}
		if err := c.each(func(low uint32, d []byte) error { items = append(items, item{low, d}); return nil }); err != nil {
			return nil, err
		}
	}
	oldItems := items
	out := items[len(items):]
	i, j := 0, 0
	for i < len(oldItems) || j < len(upd) {
		if j >= len(upd) || (i < len(oldItems) && oldItems[i].low < uint32(upd[j].num&lowMask)) {
			out = append(out, oldItems[i])
			i++
			continue
		}
		u := upd[j]
		if i < len(oldItems) && oldItems[i].low == uint32(u.num&lowMask) {
			delta[oldItems[i].data[0]&3]--
			i++
		}
		if u.data != nil {
			out = append(out, item{uint32(u.num & lowMask), u.data})
			delta[u.data[0]&3]++
		}
		j++
	}
	*scratch = out[:0]
	if len(out) == 0 {
		return nil, nil
	}
	size := 0
	for _, it := range out {
		size += len(it.data)
	}
	n := len(out)
	dst := make([]byte, 0, binary.MaxVarintLen64+n*lowBytes+4*((n+sparse-1)/sparse)+size)
	dst = binary.AppendUvarint(dst, uint64(n))
	for _, it := range out {
		dst = appendLow(dst, it.low)
	}
	off := 0
	for k, it := range out {
		if k%sparse == 0 {
			dst = binary.BigEndian.AppendUint32(dst, uint32(off))
		}
		off += len(it.data)
	}
	for _, it := range out {
		dst = append(dst, it.data...)
	}
	return dst, nil
}

// logJSON is a call log record as the store keeps it.
type logJSON struct {
	Time         time.Time     `json:"time"`
	Number       string        `json:"number,omitempty"`
	Raw          string        `json:"raw,omitempty"`
	Name         string        `json:"name,omitempty"`
	Presentation int           `json:"presentation"`
	Decision     int           `json:"decision"`
	Rule         string        `json:"rule,omitempty"`
	Reason       string        `json:"reason,omitempty"`
	Outcome      int           `json:"outcome"`
	Duration     time.Duration `json:"duration"`
	Message      string        `json:"message,omitempty"`
	Person       string        `json:"person,omitempty"`
	CallBack     string        `json:"callback,omitempty"`
	Urgent       bool          `json:"urgent,omitempty"`
}

func decodeLog(v []byte) (screening.LogRecord, error) {
	var j logJSON
	if err := json.Unmarshal(v, &j); err != nil {
		return screening.LogRecord{}, fmt.Errorf("%w: call log: %v", ErrCorrupt, err)
	}
	return screening.LogRecord{Time: j.Time, Number: j.Number, Raw: j.Raw, Name: j.Name,
		Presentation: screening.Presentation(j.Presentation), Decision: screening.Action(j.Decision),
		Rule: j.Rule, Reason: j.Reason, Outcome: screening.Outcome(j.Outcome), Duration: j.Duration, Message: j.Message,
		CallBack: j.CallBack, Urgent: j.Urgent, Person: j.Person}, nil
}

func encodeLog(rec screening.LogRecord) ([]byte, error) {
	return json.Marshal(logJSON{Time: rec.Time, Number: rec.Number, Raw: rec.Raw, Name: rec.Name,
		Presentation: int(rec.Presentation), Decision: int(rec.Decision), Rule: rec.Rule, Reason: rec.Reason,
		Outcome: int(rec.Outcome), Duration: rec.Duration, Message: rec.Message,
		CallBack: rec.CallBack, Urgent: rec.Urgent, Person: rec.Person})
}
