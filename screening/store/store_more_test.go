package store_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/number"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

func TestOpen_RefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Pretend a newer firmware wrote the file.
	db, err := bolt.Open(store.Path(dir), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint32(nil, store.SchemaVersion+1))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = store.OpenDir(dir)
	var se *store.SchemaError
	if !errors.Is(err, store.ErrSchemaNewer) || !errors.As(err, &se) || se.Found != store.SchemaVersion+1 {
		t.Fatalf("Open = %v, want a SchemaError", err)
	}
	if !strings.Contains(err.Error(), "refusing") {
		t.Errorf("message %q is not clear", err)
	}
	// and it was not rewritten
	db, _ = bolt.Open(store.Path(dir), 0o600, &bolt.Options{ReadOnly: true})
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if v := binary.BigEndian.Uint32(tx.Bucket([]byte("meta")).Get([]byte("schema"))); v != store.SchemaVersion+1 {
			t.Errorf("schema rewritten to %d", v)
		}
		return nil
	})
}

func TestOpen_LockedAndReadOnly(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := store.OpenDir(dir, store.WithLockTimeout(50*time.Millisecond)); !errors.Is(err, store.ErrLocked) {
		t.Errorf("second open = %v, want ErrLocked", err)
	}
	if _, err := store.Open(filepath.Join(t.TempDir(), "none.db"), store.WithReadOnly()); err == nil {
		t.Error("read-only open of a missing file succeeded")
	}
}

// A store written by an older firmware: its fw.* keys are read under the
// current names, setting or resetting a key removes its older name, and a
// value or key this firmware cannot use is a reported problem with the
// default in force, never a store that cannot be read.
func TestStore_OlderSettingNames(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	storetest.PutRaw(t, dir, "settings", map[string]string{"fw.ring-gap": "3s", "fw.name-limit": "2s", "fw.reject-sit": "on",
		"fw.colour": "blue", "fw.announce-timeout": "soon"})
	s, err = store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Settings()
	if err != nil {
		t.Fatalf("a store with bad settings cannot be read: %v", err)
	}
	f := st.Firmware
	if f.RingGap != 3*time.Second || f.NameLimit != 2*time.Second || !f.RejectSIT || f.AnnounceTimeout != 24*time.Second {
		t.Errorf("older names not read: %+v", f)
	}
	if len(st.Problems) != 2 || !strings.Contains(fmt.Sprint(st.Problems), "fw.colour") || !strings.Contains(fmt.Sprint(st.Problems), "fw.announce-timeout") {
		t.Errorf("problems %v", st.Problems)
	}
	if err := s.SetSetting("ring-gap", "4s"); err != nil { // the new name replaces the old
		t.Fatal(err)
	}
	if err := s.SetSetting("name-limit", ""); err != nil { // reset removes the old name too
		t.Fatal(err)
	}
	if err := s.SetSetting("fw.reject-sit", "off"); err != nil { // an older name given is stored under the new
		t.Fatal(err)
	}
	st, _ = s.Settings()
	if f := st.Firmware; f.RingGap != 4*time.Second || f.NameLimit != 6*time.Second || f.RejectSIT {
		t.Errorf("after set/reset: %+v", f)
	}
	s.Close()
	db, err := bolt.Open(store.Path(dir), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var keys []string
	_ = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("settings")).ForEach(func(k, _ []byte) error { keys = append(keys, string(k)); return nil })
	})
	if got := strings.Join(keys, " "); got != "fw.announce-timeout fw.colour reject-sit ring-gap" {
		t.Errorf("stored keys %q", got)
	}
}

func TestStore_SettingsPersist(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// in order: an area code is checked against the country already set
	for _, kv := range [][2]string{{"country", "44"}, {"area-code", "20"}, {"mode", "dnd"}, {"ring-gap", "3s"}} {
		if err := s.SetSetting(kv[0], kv[1]); err != nil {
			t.Fatalf("%s: %v", kv[0], err)
		}
	}
	if err := s.SetSetting("mode", "party"); !errors.Is(err, screening.ErrSyntax) {
		t.Errorf("bad value: %v", err)
	}
	if err := s.SetSetting("colour", "red"); !errors.Is(err, screening.ErrUnknownSetting) {
		t.Errorf("bad key: %v", err)
	}
	s.Close()
	s, err = store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if st.Number.CountryCode != "44" || st.Number.AreaCode != "20" || st.Mode.String() != "dnd" || st.Firmware.RingGap != 3*time.Second {
		t.Errorf("settings after reopen: %+v", st)
	}
	if err := s.SetSetting("mode", ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Settings(); st.Mode.String() != "normal" {
		t.Errorf("reset mode = %v", st.Mode)
	}
	// UK numbers now normalise with the stored settings
	r, err := s.AddNumber(screening.ActionBlock, "020 7946 0958", "", "", t0)
	if err != nil || r.Match.Text != "+442079460958" {
		t.Errorf("AddNumber = %v, %v", r.Match.Text, err)
	}
}

func TestStore_Rules(t *testing.T) {
	s := storetest.Open(t)
	if _, err := s.AddRule("block +1900* --treatment sit --note premium", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRule("allow 212-555-0199 --name Mom --for 2h", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRule("frobnicate +1900*", t0); !errors.Is(err, screening.ErrSyntax) {
		t.Errorf("bad rule: %v", err)
	}
	r, ok, err := s.FindRule("+1 (212) 555-0199")
	if err != nil || !ok || r.String() != "allow +12125550199 --name Mom --until 2026-11-23T12:00:00" {
		t.Errorf("FindRule = %q %v %v", r.String(), ok, err)
	}
	r, ok, _ = s.FindRule("+1900*")
	if !ok || r.Treatment != screening.TreatmentSIT || r.Note != "premium" || !r.Created.Equal(t0) {
		t.Errorf("FindRule pattern = %+v", r)
	}
	// moving a number between lists keeps one rule and fixes the counts
	if _, err := s.AddNumber(screening.ActionBlock, "2125550199", "Not mom", "", t0); err != nil {
		t.Fatal(err)
	}
	s.View(func(tx store.ReadTx) error {
		if a, b := tx.Count(screening.ActionPass), tx.Count(screening.ActionBlock); a != 0 || b != 1 {
			t.Errorf("counts allow=%d block=%d", a, b)
		}
		return nil
	})
	for _, m := range []string{"212-555-0199", "+1900*"} {
		if ok, err := s.DeleteRule(m); !ok || err != nil {
			t.Errorf("DeleteRule(%s) = %v %v", m, ok, err)
		}
		if ok, _ := s.DeleteRule(m); ok {
			t.Errorf("DeleteRule(%s) twice", m)
		}
	}
	var n int
	s.View(func(tx store.ReadTx) error {
		rs, _ := tx.PatternRules()
		n = len(rs) + tx.Count(screening.ActionBlock)
		return nil
	})
	if n != 0 {
		t.Errorf("%d rules left", n)
	}
	if _, err := s.PutWindow("office mon-fri 09:00-17:00"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutWindow("office mon-fri 9-5"); err == nil {
		t.Error("bad window accepted")
	}
}

func TestStore_LogRetentionAndOrder(t *testing.T) {
	s := storetest.Open(t)
	if err := s.SetSetting("log-max", "5"); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		rec := screening.LogRecord{Time: t0.Add(time.Duration(i) * time.Minute), Number: fmt.Sprintf("+1212555%04d", i), Outcome: screening.OutcomePassed}
		if err := s.AppendLog(rec); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := s.Log(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || recs[0].Number != "+12125550007" || recs[4].Number != "+12125550003" {
		t.Fatalf("log = %v", recs)
	}
	var page []screening.LogRecord
	s.View(func(tx store.ReadTx) error { page, err = tx.Log(2, t0.Add(6*time.Minute)); return err })
	if len(page) != 2 || page[0].Number != "+12125550005" || page[1].Number != "+12125550004" {
		t.Errorf("page = %v", page)
	}
	// LastCall feeds the repeat-call breakthrough
	if at, ok, _ := s.LastCall("+12125550006", t0.Add(5*time.Minute)); !ok || !at.Equal(t0.Add(6*time.Minute)) {
		t.Errorf("LastCall = %v %v", at, ok)
	}
	if _, ok, _ := s.LastCall("+12125550004", t0.Add(5*time.Minute)); ok {
		t.Error("LastCall found a call older than since")
	}
}

func TestStore_DNDRepeatThroughLog(t *testing.T) {
	s := storetest.Open(t)
	s.SetSetting("mode", "dnd")
	e := screening.NewEngine(s)
	c := screening.Call{Number: "2125550199", Presentation: screening.PresentationAvailable}
	d := e.Decide(c, t0)
	if d.Action != screening.ActionVoicemail {
		t.Fatalf("first call: %v", d.Action)
	}
	s.AppendLog(screening.LogRecord{Time: t0, Number: d.Number, Decision: d.Action})
	if d := e.Decide(c, t0.Add(2*time.Minute)); d.Action != screening.ActionScreen {
		t.Errorf("repeat call: %v (%s)", d.Action, d.Reason)
	}
}

func TestStore_Messages(t *testing.T) {
	s := storetest.Open(t)
	for i := range 3 {
		m := screening.Message{ID: fmt.Sprintf("m%d", i), Time: t0.Add(time.Duration(i) * time.Hour), Number: "+12125550199", Duration: 12 * time.Second, File: fmt.Sprintf("msgs/m%d.wav", i)}
		if err := s.PutMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := s.Messages()
	if err != nil || len(ms) != 3 || ms[0].ID != "m2" || ms[2].ID != "m0" {
		t.Fatalf("Messages = %v %v", ms, err)
	}
	m, err := s.Message("m1")
	if err != nil || m.File != "msgs/m1.wav" || m.Duration != 12*time.Second || m.Heard {
		t.Errorf("Message = %+v %v", m, err)
	}
	m.Heard = true
	s.PutMessage(m)
	if m, _ := s.Message("m1"); !m.Heard {
		t.Error("heard not stored")
	}
	if err := s.DeleteMessage("m1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Message("m1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted message: %v", err)
	}
	if err := s.DeleteMessage("m1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
	if err := s.PutMessage(screening.Message{}); err == nil {
		t.Error("message without ID accepted")
	}
}

func TestImportCSV_Rows(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		stored []string // numbers expected (name in brackets)
		bad    []int    // lines
	}{
		{"no header", "2125550199,Mom,\n2125550100\n", []string{"+12125550199[Mom]", "+12125550100[]"}, nil},
		{"header any order", "note,Name,Phone\nx,Bob,2125550199\n", []string{"+12125550199[Bob]"}, nil},
		{"BOM and CRLF", "\ufeffnumber,name\r\n2125550199,Ann\r\n", []string{"+12125550199[Ann]"}, nil},
		{"bad quote then good", "number,name\n2125550199,\"bad\"quote\n2125550100,ok\n", []string{"+12125550100[ok]"}, []int{2}},
		{"quoted newline", "number,name\n2125550199,\"two\nlines\"\n2125550100,x\n", []string{"+12125550199[two lines]", "+12125550100[x]"}, nil},
		{"later duplicate wins", "number,name\n2125550199,first\n(212) 555-0199,second\n", []string{"+12125550199[second]"}, nil},
		{"bad rows skipped", "number\n12\nabc\n\n2125550199\n0000000000\n", []string{"+12125550199[]"}, []int{2, 3, 6}},
		{"missing number column value", "name,number\nAnn\n", nil, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storetest.Open(t)
			res, err := s.ImportCSV(context.Background(), strings.NewReader(tt.in), store.ImportOptions{List: screening.ActionPass})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			s.View(func(tx store.ReadTx) error {
				return tx.Numbers(screening.ActionPass, func(r screening.Rule) error {
					got = append(got, r.Match.Text+"["+r.Name+"]")
					return nil
				})
			})
			slicesSort(got)
			want := append([]string(nil), tt.stored...)
			slicesSort(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("stored %v, want %v", got, want)
			}
			var lines []int
			for _, e := range res.Errors {
				lines = append(lines, e.Line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tt.bad) && !(len(lines) == 0 && len(tt.bad) == 0) {
				t.Errorf("bad lines %v, want %v (%v)", lines, tt.bad, res.Errors)
			}
		})
	}
}

func slicesSort(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestImportVCard(t *testing.T) {
	s := storetest.Open(t)
	s.SetSetting("area-code", "212")
	in := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Smith\r\nTEL;TYPE=CELL:+1 212 555 0199\r\nTEL;TYPE=HOME:555-0100\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Phone\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nN:Jones;Bob;;;\r\nTEL;VALUE=uri:tel:+44-20-7946-0958\r\nORG:Acme\r\nEND:VCARD\r\n"
	if !store.IsVCard([]byte(in)) {
		t.Fatal("IsVCard false")
	}
	res, err := s.ImportVCard(context.Background(), strings.NewReader(in), store.ImportOptions{List: screening.ActionPass})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 3 || res.Bad != 1 || res.Errors[0].Line != 7 {
		t.Errorf("result %+v %v", res, res.Errors)
	}
	for n, name := range map[string]string{"+12125550199": "Ann Smith", "+12125550100": "Ann Smith", "+442079460958": "Bob Jones"} {
		r, ok, _ := s.LookupNumber(n)
		if !ok || r.Name != name || r.Action != screening.ActionPass {
			t.Errorf("%s: %+v %v", n, r, ok)
		}
	}
}

// TestNumbers_ModelCheck applies random small and large writes and checks
// the store (bbolt and the in-memory index, and after reopening) against a
// map, covering in-place updates and full rebuilds.
func TestNumbers_ModelCheck(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	model := map[string]screening.Action{}
	r := rand.New(rand.NewPCG(7, 7))
	// a narrow range so chunks fill up and numbers repeat
	pick := func() string { return fmt.Sprintf("+1212555%04d", r.IntN(3000)) }
	for round := range 12 {
		if round%3 == 2 { // large import: rebuild path
			var b bytes.Buffer
			b.WriteString("number\n")
			act := screening.Action(r.IntN(4))
			for range 5000 {
				n := pick()
				b.WriteString(n + "\n")
				model[n] = act
			}
			if _, err := s.ImportCSV(context.Background(), &b, store.ImportOptions{List: act}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for range 200 { // small edits: in-place path
			n := pick()
			if r.IntN(3) == 0 {
				s.DeleteRule(n)
				delete(model, n)
				continue
			}
			act := screening.Action(r.IntN(4))
			if _, err := s.AddNumber(act, n, "n", "", t0); err != nil {
				t.Fatal(err)
			}
			model[n] = act
		}
	}
	check := func(s *store.Store) {
		t.Helper()
		counts := [4]int{}
		for i := range 3000 {
			n := fmt.Sprintf("+1212555%04d", i)
			want, in := model[n]
			if in {
				counts[want]++
			}
			r1, ok1, err1 := s.LookupNumber(n) // index
			var r2 screening.Rule
			var ok2 bool
			var err2 error
			s.View(func(tx store.ReadTx) error { r2, ok2, err2 = tx.LookupNumber(n); return nil }) // bbolt
			if err1 != nil || err2 != nil || ok1 != in || ok2 != in || (in && (r1.Action != want || r2.Action != want)) {
				t.Fatalf("%s: index %v %v, bbolt %v %v, model %v %v", n, r1.Action, ok1, r2.Action, ok2, want, in)
			}
		}
		s.View(func(tx store.ReadTx) error {
			for a := range 4 {
				if got := tx.Count(screening.Action(a)); got != counts[a] {
					t.Errorf("Count(%v) = %d, want %d", screening.Action(a), got, counts[a])
				}
			}
			return nil
		})
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	}
	check(s)
	s.Close()
	s, err = store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(s)
	if _, ok := number.Pack("+12125550000"); !ok {
		t.Fatal("pack")
	}
}

func TestStore_PurgeExpired(t *testing.T) {
	s := storetest.Open(t)
	for _, line := range []string{"allow 2125550199 --for 1h", "allow 2125550100", "block +1900* --for 2h", "block +1800*"} {
		if _, err := s.AddRule(line, t0); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.PurgeExpired(t0.Add(90 * time.Minute)); n != 1 || err != nil {
		t.Fatalf("purge = %d %v", n, err)
	}
	if n, err := s.PurgeExpired(t0.Add(3 * time.Hour)); n != 1 || err != nil {
		t.Fatalf("second purge = %d %v", n, err)
	}
	for m, want := range map[string]bool{"2125550199": false, "2125550100": true, "+1900*": false, "+1800*": true} {
		if _, ok, _ := s.FindRule(m); ok != want {
			t.Errorf("%s present = %v", m, ok)
		}
	}
	s.View(func(tx store.ReadTx) error {
		if n := tx.Count(screening.ActionPass); n != 1 {
			t.Errorf("allow count %d", n)
		}
		return nil
	})
}

// FuzzImportCSV feeds anything to the import's detection (encoding,
// vCard or CSV, delimiter, header, columns) and readers. FuzzImportVCard
// does the same through the vCard reader alone. Both check fuzzImport's
// properties.
func FuzzImportCSV(f *testing.F) {
	f.Add([]byte("number,name,note\n2125550199,Mom,\n"))
	f.Add([]byte("2125550199\n+44 20 7946 0958,\"a, b\",c\n"))
	f.Add([]byte("number,name\n2125550199,\"bad\"quote\n2125550100,ok\n"))
	f.Add([]byte("note,name,phone\nx,\"multi\nline\",212 555 0199\n"))
	f.Add([]byte("\ufeffnumber\r\n0000000000\r\nabc\r\n\r\n"))
	f.Add([]byte("\"unterminated\n2125550199\n"))
	f.Add([]byte("Name;Telefon\nAnn;+49 30 1234567\n"))
	f.Add([]byte("Phone\tName\n212 555 0199 x12\tAnn\n"))
	f.Add([]byte("\xff\xfeP\x00h\x00o\x00n\x00e\x00\n\x002\x001\x002\x005\x005\x005\x000\x001\x009\x009\x00"))
	addFiles(f, ".csv")
	s := storetest.Open(f, store.WithNoSync()) // one store for the run: a bbolt file per input would crawl
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, s, data, store.FormatAuto) })
}

func FuzzImportVCard(f *testing.F) {
	f.Add([]byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nTEL:2125550199\r\nEND:VCARD\r\n"))
	f.Add([]byte("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:A=\n=C3=A9\nTEL;CELL:2125550199\nBEGIN:VCARD\nTEL:x\n"))
	f.Add([]byte("junk\nBEGIN:VCARD\nN:a\\;b;c\nTEL;VALUE=uri:tel:+1-212-555-0199;ext=1\n more\nEND:VCARD\njunk"))
	addFiles(f, ".vcf")
	s := storetest.Open(f, store.WithNoSync())
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, s, data, store.FormatVCard) })
}

// addFiles seeds a fuzz target with the checked-in import files.
func addFiles(f *testing.F, ext string) {
	ents, err := os.ReadDir(filepath.Join("testdata", "import"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range ents {
		if filepath.Ext(e.Name()) == ext {
			b, err := os.ReadFile(filepath.Join("testdata", "import", e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

// fuzzImport checks, for any input: the preview returns only
// ErrNoNumbers as an error, a consistent result, lines that exist in
// order, unique rules in number order with cleaned names and notes; the
// rules exported as CSV and as vCard read back the same; and a real import
// stores exactly them.
func fuzzImport(t *testing.T, s *store.Store, data []byte, format store.Format) {
	ctx := context.Background()
	preview := func(in []byte, f store.Format) ([]screening.Rule, store.ImportResult) {
		t.Helper()
		var rules []screening.Rule
		res, err := store.PreviewImport(ctx, nil, screening.DefaultSettings().Number, bytes.NewReader(in),
			store.ImportOptions{List: screening.ActionBlock, Format: f, MaxErrors: -1},
			func(r screening.Rule) error { rules = append(rules, r); return nil })
		if err != nil && !errors.Is(err, store.ErrNoNumbers) {
			t.Fatalf("preview: %v", err)
		}
		return rules, res
	}
	rules, res := preview(data, format)
	if len(rules) != res.Stored || res.Stored > res.Numbers || res.New != res.Stored || res.Moved != 0 {
		t.Fatalf("inconsistent result %+v for %d rules", res, len(rules))
	}
	// a carriage return alone ends a line too (Excel for Mac), see decodeText
	lines := max(bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r"))) + 1
	for i, e := range res.Errors {
		if e.Line < 1 || e.Line > lines || (i > 0 && e.Line < res.Errors[i-1].Line && format == store.FormatCSV) {
			t.Fatalf("error %d at line %d of %d: %v", i, e.Line, lines, res.Errors)
		}
	}
	var csvOut, vcf bytes.Buffer
	csvOut.WriteString("number,name,note\n")
	for i, r := range rules {
		a, _ := number.Pack(r.Match.Text)
		b, _ := number.Pack(rules[max(i-1, 0)].Match.Text)
		if i > 0 && a <= b {
			t.Fatalf("rules out of order: %s after %s", r.Match.Text, rules[i-1].Match.Text)
		}
		if r.Action != screening.ActionBlock || clean.Name(r.Name) != r.Name || clean.Note(r.Note) != r.Note {
			t.Fatalf("rule %+v: wrong list, or name or note not clean", r)
		}
		w := csv.NewWriter(&csvOut)
		w.Write([]string{r.Match.Text, r.Name, r.Note})
		w.Flush()
		vcf.Write(store.AppendVCard(nil, r))
	}
	for _, back := range []struct {
		in []byte
		f  store.Format
	}{{csvOut.Bytes(), store.FormatCSV}, {vcf.Bytes(), store.FormatVCard}} {
		got, res2 := preview(back.in, back.f)
		if res2.Bad != 0 || fmt.Sprint(got) != fmt.Sprint(rules) {
			t.Fatalf("%v written and read back:\n%v\n%v\nwant\n%v", back.f, res2.Errors, got, rules)
		}
	}
	if len(rules) == 0 || len(rules) > 64 {
		return
	}
	res3, err := s.Import(ctx, bytes.NewReader(data), store.ImportOptions{List: screening.ActionBlock, Format: format})
	if err != nil || res3.Stored != len(rules) {
		t.Fatalf("import: %+v %v, preview had %d rules", res3, err, len(rules))
	}
	for _, r := range rules {
		got, ok, err := s.LookupNumber(r.Match.Text)
		if err != nil || !ok || got.Name != r.Name || got.Note != r.Note || got.Action != r.Action {
			t.Fatalf("%s stored as %+v %v %v, want %+v", r.Match.Text, got, ok, err, r)
		}
	}
}
