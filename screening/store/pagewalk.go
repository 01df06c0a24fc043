package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
)

// The page walker checks a bbolt file without bbolt: it reads pages with
// ReadAt (never through a memory map, so a file cut short is a short read,
// not SIGBUS), checks every bound before it slices, and returns an error
// instead of panicking. bbolt itself trusts the file: a bad page makes it
// index out of range, sometimes in a goroutine of its own that nobody can
// recover (the free-list rebuild at open), and a file shorter than its
// header says faults on the memory map. So a file goes to bbolt only after
// this walk found every page it can reach sound.
//
// File format facts (bbolt v1.5.0, internal/common; bbolt writes its
// structs in the machine's byte order):
//
//	page header  id u64, flags u16, count u16, overflow u32 (16 bytes)
//	meta         after the header of pages 0 and 1: magic u32, version u32,
//	             pageSize u32, flags u32, root bucket {root u64, sequence u64},
//	             freelist u64, pgid u64 (high water mark), txid u64,
//	             checksum u64 (FNV-64a of the 56 bytes before it)
//	branch elem  pos u32, ksize u32, pgid u64; key at elem+pos
//	leaf elem    flags u32, pos u32, ksize u32, vsize u32; key, value at elem+pos
//	bucket value root u64, sequence u64; root 0: an inline leaf page follows
//	freelist     count u16 in the header (0xFFFF: the first u64 is the count),
//	             then count page ids u64
const (
	pageHeaderSize   = 16
	elemSize         = 16
	bucketHeaderSize = 16
	metaChecksummed  = 56
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	flagBranch       = 0x01
	flagLeaf         = 0x02
	flagMeta         = 0x04
	flagFreelist     = 0x10
	leafBucketFlag   = 0x01
	noFreelist       = ^uint64(0)
	maxTreeDepth     = 64 // bbolt trees are a handful of levels deep
)

var ne = binary.NativeEndian

// fileMeta is one meta page.
type fileMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	hwm      uint64 // pages in use: 0 .. hwm-1
	txid     uint64
}

// damage is what the walk found wrong, in plain words for the owner.
type damage struct {
	reason string // "the file is cut short"
	detail string // for the log: page numbers and offsets
}

func (d *damage) Error() string {
	if d.detail == "" {
		return d.reason
	}
	return d.reason + " (" + d.detail + ")"
}

func damaged(reason, format string, args ...any) *damage {
	return &damage{reason: reason, detail: fmt.Sprintf(format, args...)}
}

const (
	reasonShort   = "the file is cut short"
	reasonHeader  = "its header pages are damaged"
	reasonPages   = "some of its pages are damaged"
	reasonNotOurs = "it is not a database of this box"
)

// parseMeta reads the meta in page bytes p (at least one header + meta).
func parseMeta(p []byte, slot int) (fileMeta, error) {
	if len(p) < pageHeaderSize+metaChecksummed+8 {
		return fileMeta{}, damaged(reasonShort, "meta page %d is incomplete", slot)
	}
	m := p[pageHeaderSize:]
	if ne.Uint16(p[8:]) != flagMeta {
		return fileMeta{}, damaged(reasonHeader, "meta page %d: flags %#x", slot, ne.Uint16(p[8:]))
	}
	if ne.Uint32(m[0:]) != boltMagic {
		return fileMeta{}, damaged(reasonHeader, "meta page %d: bad magic", slot)
	}
	if ne.Uint32(m[4:]) != boltVersion {
		return fileMeta{}, damaged(reasonHeader, "meta page %d: file format version %d", slot, ne.Uint32(m[4:]))
	}
	h := fnv.New64a()
	h.Write(m[:metaChecksummed])
	if h.Sum64() != ne.Uint64(m[metaChecksummed:]) {
		return fileMeta{}, damaged(reasonHeader, "meta page %d: checksum mismatch", slot)
	}
	fm := fileMeta{pageSize: ne.Uint32(m[8:]), root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]),
		hwm: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:])}
	if fm.pageSize < 512 || fm.pageSize > 1<<20 || fm.pageSize&(fm.pageSize-1) != 0 {
		return fileMeta{}, damaged(reasonHeader, "meta page %d: page size %d", slot, fm.pageSize)
	}
	return fm, nil
}

// readMetas reads and checks both meta pages and returns the current one
// (the higher transaction ID). Both must be valid: bbolt writes them in
// turn, each inside one disk sector, so an invalid one is damage, not a
// torn write, and bbolt's silent fallback to the older one may hand out
// pages a later commit reused.
func readMetas(r io.ReaderAt, size int64) (fileMeta, error) {
	if size == 0 {
		return fileMeta{}, &damage{reason: "the file is empty"}
	}
	buf := make([]byte, pageHeaderSize+metaChecksummed+8)
	if _, err := r.ReadAt(buf, 0); err != nil {
		return fileMeta{}, readErr(err, "meta page 0")
	}
	m0, err := parseMeta(buf, 0)
	if err != nil {
		return fileMeta{}, err
	}
	if _, err := r.ReadAt(buf, int64(m0.pageSize)); err != nil {
		return fileMeta{}, readErr(err, "meta page 1")
	}
	m1, err := parseMeta(buf, 1)
	if err != nil {
		return fileMeta{}, err
	}
	cur, old := m0, m1
	if m1.txid > m0.txid {
		cur, old = m1, m0
	}
	if cur.pageSize != old.pageSize || cur.txid != old.txid+1 {
		return fileMeta{}, damaged(reasonHeader, "meta pages disagree: tx %d and %d", m0.txid, m1.txid)
	}
	if cur.hwm < 3 || cur.hwm > uint64(size)/uint64(cur.pageSize) {
		if cur.hwm >= 3 && cur.hwm <= 1<<40 {
			return fileMeta{}, damaged(reasonShort, "%d bytes, the header needs %d", size, cur.hwm*uint64(cur.pageSize))
		}
		return fileMeta{}, damaged(reasonHeader, "high water mark %d", cur.hwm)
	}
	if cur.root < 2 || cur.root >= cur.hwm {
		return fileMeta{}, damaged(reasonHeader, "root page %d", cur.root)
	}
	if cur.freelist != noFreelist && (cur.freelist < 2 || cur.freelist >= cur.hwm) {
		return fileMeta{}, damaged(reasonHeader, "free-list page %d", cur.freelist)
	}
	return cur, nil
}

func readErr(err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return damaged(reasonShort, "%s is past the end", what)
	}
	return fmt.Errorf("store: read %s: %w", what, err)
}

// A walker visits every page reachable from one meta page.
type walker struct {
	r      io.ReaderAt
	m      fileMeta
	ps     int64
	seen   bitset
	value  func(bucket, k, v []byte) error           // each key/value of a top-level bucket; slices valid during the call
	start  func(bucket []byte) error                 // each top-level bucket, before its keys
	onPage func(bucket []byte, id uint64, leaf bool) // each tree page (tests find pages to damage)
	depth  int                                       // buckets nested now
}

type bitset []uint64

func newBitset(n uint64) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) has(i uint64) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) set(i uint64)      { b[i/64] |= 1 << (i % 64) }
func pageErr(id uint64, f string, a ...any) error {
	return damaged(reasonPages, "page %d: %s", id, fmt.Sprintf(f, a...))
}

// walk checks the whole tree and the free list.
func (w *walker) walk() error {
	w.ps = int64(w.m.pageSize)
	w.seen = newBitset(w.m.hwm)
	w.seen.set(0)
	w.seen.set(1)
	var free bitset
	if w.m.freelist != noFreelist {
		var err error
		if free, err = w.freelist(); err != nil {
			return err
		}
	}
	if err := w.tree(w.m.root, nil, 0, nil, nil); err != nil {
		return err
	}
	if free == nil {
		return nil // without a stored free list every unreached page is free
	}
	for id := uint64(2); id < w.m.hwm; id++ {
		switch reached, isFree := w.seen.has(id), free.has(id); {
		case reached && isFree:
			return pageErr(id, "in use and on the free list")
		case !reached && !isFree:
			return pageErr(id, "neither in use nor free")
		}
	}
	return nil
}

// page reads page id with its overflow pages and checks its header: one
// read for the usual page, a second one for the rest of an overflowing one.
func (w *walker) page(id uint64) ([]byte, error) {
	if id < 2 || id >= w.m.hwm {
		return nil, pageErr(id, "outside the file's %d pages", w.m.hwm)
	}
	if w.seen.has(id) {
		return nil, pageErr(id, "reached twice")
	}
	p := make([]byte, w.ps)
	if _, err := w.r.ReadAt(p, int64(id)*w.ps); err != nil {
		return nil, readErr(err, fmt.Sprintf("page %d", id))
	}
	if got := ne.Uint64(p); got != id {
		return nil, pageErr(id, "header says page %d", got)
	}
	over := uint64(ne.Uint32(p[12:]))
	if over >= w.m.hwm-id {
		return nil, pageErr(id, "%d overflow pages run past the end", over)
	}
	for i := id; i <= id+over; i++ {
		if w.seen.has(i) {
			return nil, pageErr(i, "reached twice")
		}
		w.seen.set(i)
	}
	if over > 0 {
		p = append(p, make([]byte, int64(over)*w.ps)...)
		if _, err := w.r.ReadAt(p[w.ps:], (int64(id)+1)*w.ps); err != nil {
			return nil, readErr(err, fmt.Sprintf("page %d", id))
		}
	}
	return p, nil
}

// freelist reads the stored free list into a bitset.
func (w *walker) freelist() (bitset, error) {
	id := w.m.freelist
	p, err := w.page(id)
	if err != nil {
		return nil, err
	}
	if f := ne.Uint16(p[8:]); f != flagFreelist {
		return nil, pageErr(id, "free list has flags %#x", f)
	}
	idx, n := uint64(0), uint64(ne.Uint16(p[10:]))
	if n == 0xFFFF {
		if len(p) < pageHeaderSize+8 {
			return nil, pageErr(id, "free list count missing")
		}
		idx, n = 1, ne.Uint64(p[pageHeaderSize:])
	}
	if n > uint64(len(p)-pageHeaderSize)/8-idx {
		return nil, pageErr(id, "free list of %d pages does not fit", n)
	}
	free := newBitset(w.m.hwm)
	for i := range n {
		f := ne.Uint64(p[pageHeaderSize+8*(idx+i):])
		if f < 2 || f >= w.m.hwm || free.has(f) {
			return nil, pageErr(id, "free list names page %d", f)
		}
		free.set(f)
	}
	return free, nil
}

// elem returns the key and (for leaves) the value and flags of element i
// of page p (or of an inline page), with every bound checked.
func elem(p []byte, i int, leaf bool) (k, v []byte, flags uint32, child uint64, ok bool) {
	off := pageHeaderSize + i*elemSize
	if off+elemSize > len(p) {
		return nil, nil, 0, 0, false
	}
	e := p[off : off+elemSize]
	var pos, ksize, vsize uint64
	if leaf {
		flags, pos, ksize, vsize = ne.Uint32(e), uint64(ne.Uint32(e[4:])), uint64(ne.Uint32(e[8:])), uint64(ne.Uint32(e[12:]))
	} else {
		pos, ksize, child = uint64(ne.Uint32(e)), uint64(ne.Uint32(e[4:])), ne.Uint64(e[8:])
	}
	start := uint64(off) + pos
	if ksize == 0 || start+ksize+vsize > uint64(len(p)) {
		return nil, nil, 0, 0, false
	}
	return p[start : start+ksize], p[start+ksize : start+ksize+vsize], flags, child, true
}

// tree checks the subtree at page id: keys in [lo, hi), and at depth 0 of
// the root tree (bucket == nil) only bucket entries.
func (w *walker) tree(id uint64, bucket []byte, depth int, lo, hi []byte) error {
	if depth > maxTreeDepth {
		return pageErr(id, "tree deeper than %d levels", maxTreeDepth)
	}
	p, err := w.page(id)
	if err != nil {
		return err
	}
	f := ne.Uint16(p[8:])
	if w.onPage != nil {
		w.onPage(bucket, id, f == flagLeaf)
	}
	switch f {
	case flagBranch:
		return w.branch(id, p, bucket, depth, lo, hi)
	case flagLeaf:
		return w.leaf(id, p, bucket, lo, hi)
	default:
		return pageErr(id, "flags %#x where a tree page belongs", f)
	}
}

func (w *walker) branch(id uint64, p, bucket []byte, depth int, lo, hi []byte) error {
	n := int(ne.Uint16(p[10:]))
	if n == 0 {
		return pageErr(id, "empty branch")
	}
	var prev []byte
	for i := range n {
		k, _, _, child, ok := elem(p, i, false)
		if !ok {
			return pageErr(id, "element %d out of bounds", i)
		}
		if err := order(id, i, k, prev, lo, hi); err != nil {
			return err
		}
		prev = k
		next := hi
		if i+1 < n {
			nk, _, _, _, ok := elem(p, i+1, false)
			if !ok {
				return pageErr(id, "element %d out of bounds", i+1)
			}
			next = nk
		}
		if err := w.tree(child, bucket, depth+1, k, next); err != nil {
			return err
		}
	}
	return nil
}

func order(id uint64, i int, k, prev, lo, hi []byte) error {
	if (prev != nil && bytes.Compare(prev, k) >= 0) || (lo != nil && bytes.Compare(k, lo) < 0) || (hi != nil && bytes.Compare(k, hi) >= 0) {
		return pageErr(id, "key %d out of order", i)
	}
	return nil
}

func (w *walker) leaf(id uint64, p, bucket, lo, hi []byte) error {
	n := int(ne.Uint16(p[10:]))
	var prev []byte
	for i := range n {
		k, v, flags, _, ok := elem(p, i, true)
		if !ok {
			return pageErr(id, "element %d out of bounds", i)
		}
		if err := order(id, i, k, prev, lo, hi); err != nil {
			return err
		}
		prev = k
		switch {
		case flags&^leafBucketFlag != 0:
			return pageErr(id, "element %d has flags %#x", i, flags)
		case bucket == nil && flags != leafBucketFlag:
			return damaged(reasonNotOurs, "page %d: a value at the top level", id)
		case bucket == nil || flags == leafBucketFlag:
			if err := w.bucket(id, bucket, k, v); err != nil {
				return err
			}
		case w.value != nil:
			if err := w.value(bucket, k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// bucket checks one bucket, inline or not: a top-level one (parent nil)
// or one nested in a top-level bucket (this store nests none, but a newer
// firmware may; its keys are checked, not visited).
func (w *walker) bucket(id uint64, parent, name, v []byte) error {
	if len(v) < bucketHeaderSize {
		return pageErr(id, "bucket %q header cut short", name)
	}
	if parent == nil && w.start != nil {
		if err := w.start(name); err != nil {
			return err
		}
	}
	if parent != nil {
		if w.depth++; w.depth > maxTreeDepth {
			return pageErr(id, "buckets nested deeper than %d levels", maxTreeDepth)
		}
		defer func() { w.depth-- }()
		name = append(bytes.Clone(parent), append([]byte{0}, name...)...) // values under "parent\x00child": no bucket of the store
	}
	if root := ne.Uint64(v); root != 0 {
		return w.tree(root, name, 0, nil, nil)
	}
	inline := v[bucketHeaderSize:]
	if len(inline) < pageHeaderSize || ne.Uint16(inline[8:]) != flagLeaf {
		return pageErr(id, "inline bucket %q is not a leaf", name)
	}
	return w.leaf(id, inline, name, nil, nil)
}
