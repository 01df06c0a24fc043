package store

import (
	"bytes"
	"errors"
	"hash/fnv"
	"os"
)

// PageMap says where the pages of a database file are, for tests that
// damage chosen pages.
type PageMap struct {
	PageSize int
	HWM      uint64              // pages in use: 0 .. HWM-1
	Freelist uint64              // the stored free-list page, 0 if none
	Branches map[string][]uint64 // top-level bucket ("" for the root tree) -> branch pages
	Leaves   map[string][]uint64 // top-level bucket ("" for the root tree) -> leaf pages
}

// Pages walks a sound database file and maps its pages.
func Pages(path string) (PageMap, error) {
	f, err := os.Open(path)
	if err != nil {
		return PageMap{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return PageMap{}, err
	}
	m, err := readMetas(f, fi.Size())
	if err != nil {
		return PageMap{}, err
	}
	pm := PageMap{PageSize: int(m.pageSize), HWM: m.hwm, Branches: map[string][]uint64{}, Leaves: map[string][]uint64{}}
	if m.freelist != noFreelist {
		pm.Freelist = m.freelist
	}
	w := &walker{r: f, m: m, onPage: func(b []byte, id uint64, leaf bool) {
		if leaf {
			pm.Leaves[string(b)] = append(pm.Leaves[string(b)], id)
		} else {
			pm.Branches[string(b)] = append(pm.Branches[string(b)], id)
		}
	}}
	return pm, w.walk()
}

// CheckFile runs the open-time check on a file without opening it.
func CheckFile(path string) error {
	_, err := checkPath(path)
	return err
}

// CheckBytes runs the open-time check on file contents in memory; it
// returns nil, a damage (errors.Is ErrDamaged) or a *SchemaError.
func CheckBytes(b []byte) error {
	_, err := checkFile(bytes.NewReader(b), int64(len(b)))
	var d *damage
	if errors.As(err, &d) {
		return &DamagedError{Path: "(bytes)", Reason: d.reason, Detail: d.detail}
	}
	return err
}

// FixMetaChecksums recomputes the checksums of both meta pages of file
// contents b (pages of the size meta 0 names), so that a fuzzer's changes
// to the rest of a meta page reach the checks behind the checksum.
func FixMetaChecksums(b []byte) []byte {
	if len(b) < pageHeaderSize+metaChecksummed+8 {
		return b
	}
	ps := int(ne.Uint32(b[pageHeaderSize+8:]))
	for _, off := range []int{0, ps} {
		if off < 0 || off+pageHeaderSize+metaChecksummed+8 > len(b) {
			continue
		}
		m := b[off+pageHeaderSize:]
		h := fnv.New64a()
		h.Write(m[:metaChecksummed])
		ne.PutUint64(m[metaChecksummed:], h.Sum64())
	}
	return b
}

// SetSnapshotHook calls fn after every snapshot the store's goroutine takes.
func SetSnapshotHook(s *Store, fn func(Snapshot, error)) { s.snap.hook.Store(&fn) }

// Watch runs the file watch once, as the goroutine does every Watch.
func Watch(s *Store) { s.watch() }

// SetStageTxBytes sets how many chunk bytes one staging transaction of a
// large import writes, so tests see several; it returns the old value.
func SetStageTxBytes(n int) int {
	old := stageTxBytes
	stageTxBytes = n
	return old
}

// IndexChunks counts the chunks the index keeps whole and compact.
func (s *Store) IndexChunks() (whole, compact int) {
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, t := range s.idx.chunks {
		if t[0] == tagFull {
			whole++
		} else {
			compact++
		}
	}
	return whole, compact
}
