//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// dropMapped is a no-op where the firmware does not run.
func dropMapped(*bolt.Tx) {}

// populateMapped is a no-op where the firmware does not run.
func populateMapped(*bolt.Tx) {}
