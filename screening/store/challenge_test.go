package store_test

import (
	"errors"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

// A pass is kept per number, read back by the engine, forgotten after
// challenge-remember, and the file holding passes checks clean.
func TestStore_ChallengeRemembered(t *testing.T) {
	s := storetest.Open(t)
	if _, ok, err := s.ChallengePassed("+12015550123"); ok || err != nil {
		t.Fatalf("a new store remembers a pass: %v %v", ok, err)
	}
	if err := s.SetSetting("challenge-remember", "7d"); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberChallenge("+12015550123", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberChallenge("+12015550124", t0.Add(-6*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	at, ok, err := s.ChallengePassed("+12015550123")
	if err != nil || !ok || !at.Equal(t0) {
		t.Fatalf("ChallengePassed = %v %v %v, want %v", at, ok, err, t0)
	}
	// a pass two days later forgets the one older than 7 days before it
	if err := s.RememberChallenge("+12015550125", t0.Add(2*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ChallengePassed("+12015550124"); ok {
		t.Error("a pass 8 days old is still kept")
	}
	if _, ok, _ := s.ChallengePassed("+12015550123"); !ok {
		t.Error("a pass 2 days old was forgotten")
	}
	for _, bad := range []string{"", "2015550123", "+1201555012a", "+1"} {
		if err := s.RememberChallenge(bad, t0); err == nil {
			t.Errorf("RememberChallenge(%q) took a number that is not E.164", bad)
		}
	}
	if err := s.Check(); err != nil {
		t.Errorf("check with passes: %v", err)
	}
}

// The engine reads the passes through the store (screening.ChallengeMemory).
func TestStore_ChallengeDecide(t *testing.T) {
	s := storetest.Open(t)
	if err := s.SetSetting("challenge", "on"); err != nil {
		t.Fatal(err)
	}
	if err := s.RememberChallenge("+12015550123", t0); err != nil {
		t.Fatal(err)
	}
	e := screening.NewEngine(s)
	c := screening.Call{Number: "2015550123", Presentation: screening.PresentationAvailable}
	if d := e.Decide(c, t0.Add(time.Hour)); !d.ChallengePassed.Equal(t0) {
		t.Errorf("decision %+v, want the pass remembered", d)
	}
	if d := e.Decide(c, t0.Add(31*24*time.Hour)); !d.ChallengePassed.IsZero() {
		t.Errorf("decision %+v after 31 days, want the caller asked again", d)
	}
}

// A pass record that does not decode is damage, found at open.
func TestStore_ChallengeDamaged(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RememberChallenge("+12015550123", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	storetest.PutRaw(t, dir, "challenge", map[string]string{"+12015550123": "yesterday"})
	_, err = store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if !errors.Is(err, store.ErrDamaged) {
		t.Errorf("open with a bad pass record: %v, want damage", err)
	}
}
