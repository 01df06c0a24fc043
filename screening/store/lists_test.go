package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

// A list read page by page, in list order (numbers ascending across
// chunks, then the other rules by text), with a filter, never more than
// asked, each page its own transaction; walking the cursors reads each
// rule once.
func TestListPage_WalksEveryRuleOnce(t *testing.T) {
	s := storetest.Open(t)
	var csv strings.Builder
	csv.WriteString("number,name\n")
	var want []string
	for i := 0; i < 3000; i++ { // numbers far apart: many chunks
		n := fmt.Sprintf("+1%03d555%04d", 201+i%700, i)
		fmt.Fprintf(&csv, "%s,N%d\n", n, i)
		want = append(want, n)
	}
	if _, err := s.ImportCSV(context.Background(), strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"block +1900*", "block @private", "allow +1800*", "block name:*spam*"} {
		if _, err := s.AddRule(l, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddNumber(screening.ActionPass, "+12015550123", "ALICE", "", t0); err != nil {
		t.Fatal(err)
	}
	var got []string
	cursor, pages := "", 0
	for {
		rs, next, err := s.ListPage(screening.ActionBlock, false, cursor, 77, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) > 77 {
			t.Fatalf("page of %d, asked for 77", len(rs))
		}
		for _, r := range rs {
			got = append(got, r.Match.Text)
		}
		pages++
		if next == store.ListEnd {
			break
		}
		cursor = next
	}
	for i := 1; i < 3000; i++ { // numbers ascending
		a, b := got[i-1], got[i]
		if len(a) == len(b) && a >= b {
			t.Fatalf("out of order: %s before %s", a, b)
		}
	}
	tail := strings.Join(got[3000:], " ")
	if len(got) != 3003 || tail != "+1900* @private name:*spam*" {
		t.Errorf("%d rules in %d pages, ending %q", len(got), pages, tail)
	}
	// a filter across pages; every list at once
	keep := func(r screening.Rule) bool {
		return strings.HasSuffix(r.Match.Text, "0007") || r.Match.Kind != screening.MatchExact
	}
	var found []string
	cursor = ""
	for {
		rs, next, err := s.ListPage(0, true, cursor, 10, keep)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			found = append(found, r.Short())
		}
		if next == store.ListEnd {
			break
		}
		cursor = next
	}
	if strings.Join(found, ",") != "block +1208555"+"0007,allow +1800*,block +1900*,block @private,block name:*spam*" {
		t.Errorf("filtered every list: %v", found)
	}
	if n, o, err := s.ListSize(screening.ActionBlock); n != 3000 || o != 3 || err != nil {
		t.Errorf("ListSize = %d, %d, %v", n, o, err)
	}
}

// Adding an entry that is on another list moves it and says from where;
// deleting from a list that does not hold it keeps it.
func TestAddListedDeleteListed(t *testing.T) {
	s := storetest.Open(t)
	m, _ := screening.ParseMatch("+12125550143", screening.DefaultSettings().Number)
	if _, had, err := s.AddListed(screening.Rule{Action: screening.ActionPass, Match: m, Name: "HUDSON"}); had || err != nil {
		t.Fatal(had, err)
	}
	old, had, err := s.AddListed(screening.Rule{Action: screening.ActionBlock, Match: m})
	if err != nil || !had || old.Action != screening.ActionPass || old.Name != "HUDSON" {
		t.Errorf("move: %+v %v %v", old, had, err)
	}
	r, found, err := s.DeleteListed(screening.ActionPass, "(212) 555-0143")
	if err != nil || !found || r.Action != screening.ActionBlock {
		t.Errorf("allow delete of a blocked number: %+v %v %v", r, found, err)
	}
	if r, ok, _ := s.FindRule("+12125550143"); !ok || r.Action != screening.ActionBlock {
		t.Fatalf("the block entry is gone: %+v %v", r, ok)
	}
	if _, found, err := s.DeleteListed(screening.ActionBlock, "2125550143"); !found || err != nil {
		t.Errorf("block delete: %v %v", found, err)
	}
	if _, ok, _ := s.FindRule("+12125550143"); ok {
		t.Error("not deleted")
	}
	cls, _ := screening.ParseMatch("@private", screening.DefaultSettings().Number)
	if _, _, err := s.AddListed(screening.Rule{Action: screening.ActionBlock, Match: cls, Schedule: "!office"}); !errors.Is(err, store.ErrNoWindow) {
		t.Errorf("a rule with a schedule that does not exist: %v", err)
	}
}

// dnd-schedule must name a schedule; the schedule it names cannot be
// deleted; the console PIN hash is kept and removed.
func TestSchedulesSettingsPIN(t *testing.T) {
	s := storetest.Open(t)
	if err := s.SetSetting("dnd-schedule", "nights"); !errors.Is(err, store.ErrNoWindow) {
		t.Errorf("dnd-schedule without the schedule: %v", err)
	}
	if _, err := s.PutWindow("nights mon-fri 22:00-07:00"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSettings([2]string{"dnd-schedule", "nights"}, [2]string{"mode", "vacation"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteSchedule("nights"); !errors.Is(err, store.ErrWindowInUse) {
		t.Errorf("deleting the dnd-schedule: %v", err)
	}
	if err := s.SetSettings([2]string{"mode", "party"}, [2]string{"dnd-schedule", ""}); err == nil {
		t.Error("a bad setting in a batch was accepted")
	}
	if st, _ := s.Settings(); st.DNDSchedule != "nights" || st.Mode.String() != "vacation" {
		t.Errorf("a refused batch changed something: %+v", st)
	}
	if err := s.SetSetting("dnd-schedule", ""); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.DeleteSchedule("nights"); !ok || err != nil {
		t.Errorf("delete: %v %v", ok, err)
	}
	if h, err := s.ConsolePIN(); h != "" || err != nil {
		t.Errorf("no PIN: %q %v", h, err)
	}
	if err := s.SetConsolePIN("pbkdf2-sha256$1$c2FsdA$aGFzaA"); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.ConsolePIN(); h != "pbkdf2-sha256$1$c2FsdA$aGFzaA" {
		t.Errorf("PIN hash %q", h)
	}
	if err := s.SetConsolePIN(""); err != nil {
		t.Fatal(err)
	}
	if h, _ := s.ConsolePIN(); h != "" {
		t.Errorf("PIN not removed: %q", h)
	}
}

// LogSince reads back to the first record before since.
func TestLogSince(t *testing.T) {
	s := storetest.Open(t)
	for i := 0; i < 10; i++ {
		if err := s.AppendLog(screening.LogRecord{Time: t0.Add(time.Duration(i) * time.Hour), Number: fmt.Sprintf("+1212555%04d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := s.LogSince(t0.Add(7*time.Hour), 0)
	if err != nil || len(recs) != 3 || recs[0].Number != "+12125550009" {
		t.Errorf("since 7h: %v %v", recs, err)
	}
	if recs, _ := s.LogSince(time.Time{}, 4); len(recs) != 4 {
		t.Errorf("n 4: %d", len(recs))
	}
}

// A search of a long list reads it in several short transactions: a page
// looks at about 50,000 entries at most, so it may come back empty with
// more to read, and the walk goes on to the end.
func TestListPage_BoundedPerPage(t *testing.T) {
	s := storetest.Open(t)
	var csv strings.Builder
	const n = 120_000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&csv, "+1%03d555%04d\n", 320+i/10000, i%10000)
	}
	if _, err := s.ImportCSV(context.Background(), strings.NewReader(csv.String()), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		t.Fatal(err)
	}
	last := fmt.Sprintf("+1%03d555%04d", 320+(n-1)/10000, (n-1)%10000)
	keep := func(r screening.Rule) bool { return r.Match.Text == last }
	cursor, pages, empty := "", 0, 0
	var found []screening.Rule
	for {
		rs, next, err := s.ListPage(screening.ActionBlock, false, cursor, 20, keep)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(rs) == 0 && next != store.ListEnd {
			empty++
		}
		found = append(found, rs...)
		if next == store.ListEnd {
			break
		}
		cursor = next
	}
	if len(found) != 1 || empty < 2 || pages > 4 {
		t.Errorf("found %d in %d pages (%d empty ones with more to read)", len(found), pages, empty)
	}
}
