package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"secretary/screening"
)

// The robocall challenge remembered: the bucket "challenge" holds, per
// E.164 number, when it last passed (8-byte big-endian Unix nanoseconds).
// The bucket is made by the first pass, so older files need no change;
// every write drops the passes older than the challenge-remember setting,
// so it holds only the callers of that time.

var bChallenge = []byte("challenge")

// ChallengePassed returns when e164 last passed the robocall challenge.
func (t *rtx) ChallengePassed(e164 string) (time.Time, bool, error) {
	b := t.b(bChallenge)
	if b == nil || e164 == "" {
		return time.Time{}, false, nil
	}
	v := b.Get([]byte(e164))
	if v == nil {
		return time.Time{}, false, nil
	}
	if len(v) != 8 {
		return time.Time{}, false, fmt.Errorf("store: challenge pass of %s: %d bytes", e164, len(v))
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(v))), true, nil
}

// RememberChallenge records that e164 passed the challenge at at, and
// forgets the passes older than keep before at.
func (t *wtx) RememberChallenge(e164 string, at time.Time, keep time.Duration) error {
	if !validE164(e164) {
		return fmt.Errorf("store: remember challenge: %q is not an E.164 number", e164)
	}
	b, err := t.tx.CreateBucketIfNotExists(bChallenge)
	if err != nil {
		return fmt.Errorf("store: challenge bucket: %w", err)
	}
	var old [][]byte
	cutoff := at.Add(-keep).UnixNano()
	err = b.ForEach(func(k, v []byte) error {
		if len(v) != 8 || int64(binary.BigEndian.Uint64(v)) < cutoff {
			old = append(old, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return b.Put([]byte(e164), binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano())))
}

// validE164 reports whether s is "+" and 2 to 15 digits.
func validE164(s string) bool {
	if len(s) < 3 || len(s) > 16 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ChallengePassed implements screening.ChallengeMemory: when e164 last
// passed the robocall challenge.
func (s *Store) ChallengePassed(e164 string) (t time.Time, ok bool, err error) {
	err = s.View(func(tx ReadTx) error {
		t, ok, err = tx.ChallengePassed(e164)
		return err
	})
	return t, ok, err
}

// RememberChallenge records that e164 passed the robocall challenge at at
// (the firmware's store writer calls it), keeping passes for the
// challenge-remember setting.
func (s *Store) RememberChallenge(e164 string, at time.Time) error {
	return s.Update(func(tx WriteTx) error {
		st, err := tx.Settings()
		if err != nil {
			return err
		}
		return tx.RememberChallenge(e164, at, st.Firmware.ChallengeRemember)
	})
}

var _ screening.ChallengeMemory = (*Store)(nil)
