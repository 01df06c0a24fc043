package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// dropMapped tells the kernel this process no longer needs the pages of
// the database file it has touched through bbolt's read-only shared
// mapping (madvise MADV_DONTNEED). The pages stay in the page cache and
// come back on the next read; only the resident set shrinks. Reading every
// chunk (loading the index, an import's merge, an export) would otherwise
// leave the whole file resident.
//
// It must run inside tx on the goroutine that owns tx, outside Commit: a
// read transaction holds bbolt's mmap lock and a write transaction remaps
// only while it allocates pages, so the mapping cannot move underneath.
func dropMapped(tx *bolt.Tx) {
	data, size := tx.DB().Info().Data, tx.Size()
	if data == 0 || size <= 0 {
		return
	}
	// Errors (an old kernel) only mean the pages stay resident.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), syscall.MADV_DONTNEED)
}

// madvPopulateRead is MADV_POPULATE_READ (Linux 5.14): fault the range in
// with one call instead of one page fault per page.
const madvPopulateRead = 22

// populateMapped maps the whole file in before a walk that reads all of
// it; on an older kernel it does nothing and the walk faults page by page.
// The same conditions as dropMapped apply.
func populateMapped(tx *bolt.Tx) {
	data, size := tx.DB().Info().Data, tx.Size()
	if data == 0 || size <= 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, data, uintptr(size), madvPopulateRead)
}
