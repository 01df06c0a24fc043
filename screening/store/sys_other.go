//go:build !unix

package store

import (
	"os"
	"time"
)

// lockFile: bbolt locks the file itself on these systems; the check at
// open runs unlocked.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error { return nil }

// freeBytes: unknown on these systems.
func freeBytes(dir string) (int64, bool) { return 0, false }
