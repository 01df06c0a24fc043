package store

// SetStageTxBytes sets how many chunk bytes one staging transaction of a
// large import writes, so tests see several; it returns the old value.
func SetStageTxBytes(n int) int {
	old := stageTxBytes
	stageTxBytes = n
	return old
}
