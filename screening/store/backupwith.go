package store

import (
	"io"

	bolt "go.etcd.io/bbolt"
)

// BackupWith is Backup with a look at the same transaction first: prepare
// reads what goes with the copy (the voicemail metadata whose audio files
// a backup takes along) and may refuse (its error is returned and nothing
// is written to w). Calls and writers go on meanwhile, as for Backup.
func (s *Store) BackupWith(w io.Writer, prepare func(ReadTx) error) (int64, error) {
	var n int64
	err := s.read(func(_ *handle, tx *bolt.Tx) error {
		if err := prepare(&rtx{tx: tx}); err != nil {
			return err
		}
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}
