package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"secretary/screening"
)

// An import sorts its entries by number before writing them (the list is
// written in key order). Entries are gathered in memory up to a budget;
// a full buffer is sorted and spilled as a run to a temporary file (one
// file, unlinked at once, so nothing is left behind by a crash), and the
// runs and the last buffer are merged. A later entry for the same number
// wins, within a run and across runs.

// DefaultRunBytes is the memory an import sorts in before spilling a run.
const DefaultRunBytes = 8 << 20

// rec is one buffered entry: its number and its encoded rule in the arena.
type rec struct {
	num      uint64
	off, end uint32
}

const recSize = 2 * 16 // bytes of a rec and its sort buffer, for the budget

type sorter struct {
	budget int
	dir    string // for the run file
	recs   []rec
	tmp    []rec // the radix sort's other buffer
	arena  []byte
	file   *os.File
	wbuf   []byte
	size   int64      // bytes in the run file
	runs   [][2]int64 // offset, length of each run
}

func newSorter(budget int, dir string) *sorter {
	if budget <= 0 {
		budget = DefaultRunBytes
	}
	return &sorter{budget: budget, dir: dir}
}

// add buffers one entry.
func (s *sorter) add(num uint64, r *screening.Rule) error {
	if len(s.recs) == cap(s.recs) && len(s.recs) >= 4096 && cap(s.recs) < s.budget/(recSize+16) {
		// a large import: grow the buffers to the budget at once (sized for
		// entries of about 16 bytes, a short name and note) rather than
		// copying them as they double
		s.recs = append(make([]rec, 0, s.budget/(recSize+16)), s.recs...)
		s.arena = append(make([]byte, 0, max(cap(s.arena), s.budget-cap(s.recs)*recSize)), s.arena...)
	}
	off := len(s.arena)
	s.arena = encodeRule(s.arena, r)
	s.recs = append(s.recs, rec{num: num, off: uint32(off), end: uint32(len(s.arena))})
	if len(s.recs)*recSize+len(s.arena) >= s.budget {
		return s.spill()
	}
	return nil
}

// sortBuffer sorts the buffer by number and keeps the last entry of each.
// The sort is a least-significant-digit radix sort: linear, and stable, so
// the entries of one number stay in input order.
func (s *sorter) sortBuffer() {
	recs := s.recs
	if len(recs) == 0 {
		return
	}
	var hi uint64
	for _, r := range recs {
		hi |= r.num
	}
	const bits = 11
	tmp := s.tmp[:0]
	tmp = slices.Grow(tmp, len(recs))[:len(recs)]
	var count [1 << bits]int
	for shift := uint(0); shift < 64 && hi>>shift != 0; shift += bits {
		clear(count[:])
		for _, r := range recs {
			count[r.num>>shift&(1<<bits-1)]++
		}
		if count[recs[0].num>>shift&(1<<bits-1)] == len(recs) {
			continue // one digit value: the pass changes nothing
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, r := range recs {
			d := r.num >> shift & (1<<bits - 1)
			tmp[count[d]] = r
			count[d]++
		}
		recs, tmp = tmp, recs
	}
	out := recs[:0]
	for i, r := range recs {
		if i+1 < len(recs) && recs[i+1].num == r.num {
			continue
		}
		out = append(out, r)
	}
	s.recs, s.tmp = out, tmp[:0]
}

func (s *sorter) spill() error {
	if s.file == nil {
		f, err := os.CreateTemp(s.dir, ".import-*.tmp")
		if err != nil {
			return fmt.Errorf("store: import: temporary file for sorting: %w", err)
		}
		// Unlinked at once: the space returns when the file is closed, even
		// after a crash. (Where unlinking an open file is refused, close
		// removes it.)
		_ = os.Remove(f.Name())
		s.file = f
	}
	s.sortBuffer()
	start := s.size
	var prev uint64
	b := s.wbuf[:0]
	for i, r := range s.recs {
		b = binary.AppendUvarint(b, r.num-prev)
		b = binary.AppendUvarint(b, uint64(r.end-r.off))
		b = append(b, s.arena[r.off:r.end]...)
		prev = r.num
		if len(b) >= 64<<10 || i == len(s.recs)-1 {
			if _, err := s.file.Write(b); err != nil {
				return fmt.Errorf("store: import: temporary file: %w", err)
			}
			s.size += int64(len(b))
			b = b[:0]
		}
	}
	s.wbuf = b
	s.runs = append(s.runs, [2]int64{start, s.size - start})
	s.recs, s.arena = s.recs[:0], s.arena[:0]
	return nil
}

// close releases the run file.
func (s *sorter) close() {
	if s.file != nil {
		name := s.file.Name()
		s.file.Close()
		os.Remove(name) // where it could not be unlinked while open
		s.file = nil
	}
}

// merged returns the sorted, unique entries of every run and the buffer.
// The buffer is sorted in place; add must not be called after.
func (s *sorter) merged() (entrySource, error) {
	if len(s.runs) == 0 {
		if len(s.recs) > 0 {
			s.sortBuffer()
		}
		s.tmp = nil
		return &memRun{s: s}, nil
	}
	// The last buffer goes to the file too, so its memory is free while
	// the list is written.
	if len(s.recs) > 0 {
		if err := s.spill(); err != nil {
			return nil, err
		}
	}
	s.recs, s.tmp, s.arena, s.wbuf = nil, nil, nil, nil
	m := &mergeRuns{}
	for _, r := range s.runs {
		fr := &fileRun{r: bufio.NewReaderSize(io.NewSectionReader(s.file, r[0], r[1]), 32<<10)}
		m.srcs = append(m.srcs, fr) // a later run wins ties
	}
	return m, nil
}

// memRun yields the sorted buffer.
type memRun struct {
	s *sorter
	i int
}

func (m *memRun) next() (uint64, []byte, bool, error) {
	if m.i >= len(m.s.recs) {
		return 0, nil, false, nil
	}
	r := m.s.recs[m.i]
	m.i++
	return r.num, m.s.arena[r.off:r.end], true, nil
}

// fileRun yields one spilled run.
type fileRun struct {
	r    *bufio.Reader
	prev uint64
	buf  []byte
}

func (f *fileRun) next() (uint64, []byte, bool, error) {
	d, err := binary.ReadUvarint(f.r)
	if err == io.EOF {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("store: import: temporary file: %w", err)
	}
	n, err := binary.ReadUvarint(f.r)
	if err != nil || n > 1<<20 {
		return 0, nil, false, fmt.Errorf("store: import: temporary file: bad run (%v)", err)
	}
	f.buf = slices.Grow(f.buf[:0], int(n))[:n]
	if _, err := io.ReadFull(f.r, f.buf); err != nil {
		return 0, nil, false, fmt.Errorf("store: import: temporary file: %w", errors.Join(err, io.ErrUnexpectedEOF))
	}
	f.prev += d
	return f.prev, f.buf, true, nil
}

// mergeRuns merges sorted sources; for equal numbers the source listed
// last wins.
type mergeRuns struct {
	srcs  []entrySource
	heads []head // a min-heap by (num, -source)
	init  bool
	out   []byte
}

type head struct {
	num  uint64
	data []byte
	src  int
}

func (m *mergeRuns) less(a, b head) bool {
	if a.num != b.num {
		return a.num < b.num
	}
	return a.src > b.src
}

func (m *mergeRuns) push(h head) {
	m.heads = append(m.heads, h)
	for i := len(m.heads) - 1; i > 0; {
		p := (i - 1) / 2
		if !m.less(m.heads[i], m.heads[p]) {
			break
		}
		m.heads[i], m.heads[p] = m.heads[p], m.heads[i]
		i = p
	}
}

func (m *mergeRuns) pop() head {
	h := m.heads[0]
	last := len(m.heads) - 1
	m.heads[0] = m.heads[last]
	m.heads = m.heads[:last]
	for i := 0; ; {
		l, r, min := 2*i+1, 2*i+2, i
		if l < len(m.heads) && m.less(m.heads[l], m.heads[min]) {
			min = l
		}
		if r < len(m.heads) && m.less(m.heads[r], m.heads[min]) {
			min = r
		}
		if min == i {
			break
		}
		m.heads[i], m.heads[min] = m.heads[min], m.heads[i]
		i = min
	}
	return h
}

// advance reads source i's next entry onto the heap.
func (m *mergeRuns) advance(i int) error {
	num, data, ok, err := m.srcs[i].next()
	if err != nil {
		return err
	}
	if ok {
		m.push(head{num: num, data: data, src: i})
	}
	return nil
}

func (m *mergeRuns) next() (uint64, []byte, bool, error) {
	if !m.init {
		m.init = true
		for i := range m.srcs {
			if err := m.advance(i); err != nil {
				return 0, nil, false, err
			}
		}
	}
	if len(m.heads) == 0 {
		return 0, nil, false, nil
	}
	h := m.pop()
	// the winner's data belongs to its source, which moves on below
	m.out = append(m.out[:0], h.data...)
	if err := m.advance(h.src); err != nil {
		return 0, nil, false, err
	}
	for len(m.heads) > 0 && m.heads[0].num == h.num { // older entries for the same number
		o := m.pop()
		if err := m.advance(o.src); err != nil {
			return 0, nil, false, err
		}
	}
	return h.num, m.out, true, nil
}
