package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestStore_ImportLookupExport(t *testing.T) {
	s := storetest.Open(t)
	if err := s.SetSetting("area-code", "555"); err != nil {
		t.Fatal(err)
	}
	in := "number,extra,name,note\n" +
		"(555) 234-5678,x,Bob,friend\n" +
		"not a number,x,Bad,\n" +
		"234-9999,x,Local,\n" +
		"\"+44 20 7946 0958\",x,\"London, UK\",\n" +
		"0000000000,x,Zero,\n"
	res, err := s.ImportCSV(context.Background(), strings.NewReader(in), store.ImportOptions{List: screening.ActionBlock})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 5 || res.Stored != 3 || res.Bad != 2 {
		t.Errorf("result = %+v, want 5 rows, 3 stored, 2 bad", res)
	}
	if len(res.Errors) != 2 || res.Errors[0].Line != 3 || res.Errors[1].Line != 6 {
		t.Errorf("errors = %v, want lines 3 and 6", res.Errors)
	}
	if res.Commits != 1 || res.New != 3 || res.Numbers != 5 {
		t.Errorf("result = %+v, want 1 commit, 3 new of 5 numbers", res)
	}
	for _, n := range []string{"+15552345678", "+15552349999", "+442079460958"} {
		r, ok, err := s.LookupNumber(n)
		if err != nil || !ok || r.Action != screening.ActionBlock {
			t.Errorf("LookupNumber(%s) = %v %v %v", n, r, ok, err)
		}
	}
	r, _, _ := s.LookupNumber("+442079460958")
	if r.Name != "London, UK" {
		t.Errorf("name = %q", r.Name)
	}
	var out strings.Builder
	n, err := s.ExportCSV(context.Background(), &out, screening.ActionBlock)
	if err != nil || n != 3 {
		t.Fatalf("export: %d %v", n, err)
	}
	want := "number,name,note\n+15552345678,Bob,friend\n+15552349999,Local,\n+442079460958,\"London, UK\",\n"
	if out.String() != want {
		t.Errorf("export =\n%s\nwant\n%s", out.String(), want)
	}
	var cnt int
	s.View(func(tx store.ReadTx) error { cnt = tx.Count(screening.ActionBlock); return nil })
	if cnt != 3 {
		t.Errorf("count = %d", cnt)
	}
}

func TestStore_EngineEndToEnd(t *testing.T) {
	s := storetest.Open(t)
	if _, err := s.AddRule("block +1900*", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNumber(screening.ActionPass, "+1 900 555 1234", "Aunt", "", t0); err != nil {
		t.Fatal(err)
	}
	e := screening.NewEngine(s)
	d := e.Decide(screening.Call{Number: "19005551234", Presentation: screening.PresentationAvailable}, t0)
	if d.Action != screening.ActionPass || d.Rule != "allow +19005551234" {
		t.Errorf("decision = %+v", d)
	}
	d = e.Decide(screening.Call{Number: "19005550000", Presentation: screening.PresentationAvailable}, t0)
	if d.Action != screening.ActionBlock || d.Treatment != screening.TreatmentHangup {
		t.Errorf("decision = %+v", d)
	}
	// a write invalidates the engine's cache
	if _, err := s.DeleteRule("+1900*"); err != nil {
		t.Fatal(err)
	}
	d = e.Decide(screening.Call{Number: "19005550000", Presentation: screening.PresentationAvailable}, t0)
	if d.Action != screening.ActionScreen {
		t.Errorf("after delete: %+v", d)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Settings(); !errors.Is(err, store.ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}
