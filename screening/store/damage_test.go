package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"secretary/screening"
	"secretary/screening/store"
)

// TestDamage_Table damages copies of one fixture file in every way listed
// in damageKinds (several seeds each) and checks, for each: Open never
// panics and either reports the damage in one line or (only for damage
// that may have hit nothing in use) hands out a store that holds every
// fact of the fixture; the read-only open reports it too; the degraded
// open gives a store whose lookups, policy, export, import and writes all
// return the damage (and a decision passes the call); the file is still on
// disk byte for byte; Reset gives a fresh store and keeps the damaged file
// aside, byte for byte.
func TestDamage_Table(t *testing.T) {
	fx := buildDamageFixture(t)
	pm, err := store.Pages(fx.path)
	if err != nil {
		t.Fatal(err)
	}
	if len(numberLeaves(pm)) < 10 || len(pm.Leaves["log"]) == 0 {
		t.Fatalf("fixture too small to damage: %+v", pm)
	}
	for _, k := range damageKinds {
		for seed := range k.seeds {
			t.Run(fmt.Sprintf("%s/%d", k.name, seed), func(t *testing.T) {
				path := fx.copyTo(t)
				k.do(t, path, pm, rand.New(rand.NewPCG(uint64(seed), 99)))
				checkDamagedFile(t, fx, path, k.certain)
			})
		}
	}
}

func checkDamagedFile(t *testing.T, fx damageFixture, path string, certain bool) {
	sum := fileSum(t, path)
	s, err := store.Open(path, noSnapshots)
	if err == nil {
		defer s.Close()
		if certain {
			t.Fatal("Open accepted a damaged file")
		}
		if ferr := fx.facts(s); ferr != nil {
			t.Fatalf("Open accepted a damaged file that does not hold its data: %v", ferr)
		}
		t.Log("the damage hit only unused space; the store opened with all its data")
		return
	}
	oneLine(t, "Open", err)
	if _, err := store.Open(path, store.WithReadOnly()); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("read-only Open = %v, want the damage", err)
	}
	if got := fileSum(t, path); got != sum {
		t.Fatalf("the damaged file changed on open")
	}
	s, err = store.Open(path, noSnapshots, store.WithDegraded())
	if err != nil {
		t.Fatalf("degraded Open = %v", err)
	}
	defer s.Close()
	if c, err := s.Health(); c != store.Unavailable || !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("Health = %v, %v", c, err)
	}
	degradedOps(t, s, fx)
	if got := fileSum(t, path); got != sum {
		t.Fatalf("the damaged file changed while the store was degraded")
	}
	if err := s.Reset(); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if c, err := s.Health(); c != store.Healthy || err != nil {
		t.Fatalf("after Reset: %v %v", c, err)
	}
	if _, ok, err := s.LookupNumber(fx.allowed[0]); ok || err != nil {
		t.Errorf("after Reset the store is not empty: %v %v", ok, err)
	}
	aside := asideFiles(t, path)
	switch {
	case sum == "missing" && len(aside) != 0:
		t.Errorf("nothing to keep aside, but found %v", aside)
	case sum != "missing" && (len(aside) != 1 || !strings.Contains(aside[0], ".damaged-")):
		t.Fatalf("files kept aside: %v", aside)
	case sum != "missing" && fileSum(t, aside[0]) != sum:
		t.Errorf("the damaged file kept aside is not byte for byte the damaged file")
	}
	if _, err := s.AddNumber(screening.ActionPass, fx.allowed[0], "again", "", t0); err != nil {
		t.Errorf("write after Reset: %v", err)
	}
}

// oneLine checks an error is the damage, told in one line.
func oneLine(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("%s = %v, want a *DamagedError", what, err)
	}
	var de *store.DamagedError
	if !errors.As(err, &de) || de.Reason == "" {
		t.Errorf("%s: %#v has no reason", what, err)
	}
	sentence := store.Sentence(err)
	if strings.Contains(err.Error(), "\n") || strings.Contains(sentence, "\n") || strings.HasPrefix(sentence, "store:") || !strings.Contains(sentence, de.Reason) {
		t.Errorf("%s: not one plain line: %q / %q", what, err, sentence)
	}
}

// degradedOps checks every operation of a damaged store returns the damage.
func degradedOps(t *testing.T, s *store.Store, fx damageFixture) {
	t.Helper()
	ctx := context.Background()
	if _, _, err := s.LookupNumber(fx.allowed[0]); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("LookupNumber = %v", err)
	}
	if _, err := s.Policy(); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Policy = %v", err)
	}
	if _, err := s.ExportCSV(ctx, io.Discard, screening.ActionPass); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("ExportCSV = %v", err)
	}
	if _, err := s.ImportCSV(ctx, strings.NewReader("number\n+12125550100\n"), store.ImportOptions{List: screening.ActionBlock}); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("ImportCSV = %v", err)
	}
	if _, err := s.AddNumber(screening.ActionBlock, "+12125550100", "", "", t0); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("AddNumber = %v", err)
	}
	if err := s.Check(); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Check = %v", err)
	}
	if _, err := s.Snapshot(); err == nil {
		t.Errorf("a damaged store took a snapshot")
	}
	d := screening.NewEngine(s).Decide(screening.Call{Number: strings.TrimPrefix(fx.allowed[0], "+"), Presentation: screening.PresentationAvailable}, t0)
	if d.Action != screening.ActionPass {
		t.Errorf("decision on a damaged store = %+v, want the call passed", d)
	}
}
