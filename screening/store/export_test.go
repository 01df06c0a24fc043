package store

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
