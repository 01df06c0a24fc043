package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

// listOf returns the list as "number name|note" lines, in number order.
func listOf(t testing.TB, s *store.Store, a screening.Action) []string {
	t.Helper()
	var out []string
	err := s.View(func(tx store.ReadTx) error {
		return tx.Numbers(a, func(r screening.Rule) error {
			out = append(out, r.Match.Text+" "+r.Name+"|"+r.Note)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func badLines(res store.ImportResult) []int {
	var l []int
	for _, e := range res.Errors {
		l = append(l, e.Line)
	}
	return l
}

// The checked-in files in testdata/import are shaped like what phones,
// Google Contacts, Outlook and spreadsheet programs export.
func TestImport_Files(t *testing.T) {
	tests := []struct {
		file    string
		format  store.Format
		enc     string
		delim   byte
		columns []string
		want    []string
		bad     []int
	}{
		{"google-old.csv", store.FormatCSV, "UTF-8", ',', []string{"Phone 1 - Value", "Phone 2 - Value"}, []string{
			"+12125550101 Ann Smith|Dentist, Tuesdays",
			"+12125550102 Ann Smith|Dentist, Tuesdays", // two numbers in one cell, " ::: "
			"+12125550103 Ann Smith|Dentist, Tuesdays",
			"+16465550104 Bob Jones|", // "x12" extension dropped
			"+19175550105 Hudson Dental|Reception 9-5",
		}, []int{7, 10}}, // a contact with only an e-mail address; "not known"
		{"google-new.csv", store.FormatCSV, "UTF-8", ',', []string{"Phone 1 - Value", "Phone 2 - Value"}, []string{
			"+12125550106 Dora M. Lee|Piano teacher",
			"+12125550107 Dora M. Lee|Piano teacher",
			"+13475550109 City Plumbing|",
			"+17185550108 Eve Adams|",
			"+442079460958 Dora M. Lee|Piano teacher",
		}, nil},
		{"outlook.csv", store.FormatCSV, "UTF-16LE", ',', []string{"Business Phone", "Company Main Phone", "Home Phone", "Mobile Phone"}, []string{
			"+4532123456 Zoë Ørsted|", // the pager and the fax are not imported
			"+12125550110 Frank Müller|Supplier – call before 10",
			"+12125550111 Frank Müller|Supplier – call before 10",
			"+18005550113 Acme Corp|",
			"+19175550112 Frank Müller|Supplier – call before 10",
		}, nil},
		{"semicolon.csv", store.FormatCSV, "UTF-8", ';', []string{"Telefon", "Mobil"}, []string{ // Windows-1252 text
			"+19005550115 Werbung|Gewinnspiel",
			"+33123456789 Renée Dubois|Paris; Büro",
			"+33612345678 Renée Dubois|Paris; Büro",
			"+49301234567 Jürgen Groß|Stammkunde",
			"+902125550114 Ümit Özdemir|",
		}, nil},
		{"unclosed.csv", store.FormatCSV, "UTF-8", ',', []string{"number"}, []string{
			"+12125550121 One|", "+12125550122 Two|", "+12125550123 Three|",
			"+12125550125 Five|", "+12125550126 Six|", "+12125550127 Seven|", "+12125550128 Eight|", "+12125550129 Nine|",
		}, []int{5}},
		{"phone-2.1.vcf", store.FormatVCard, "UTF-8", 0, nil, []string{
			"+12125550131 Jürgen Müller|Schlüsseldienst, kommt nur vormittags Anrufen vor 10",
			"+12125550132 Jürgen Müller|Schlüsseldienst, kommt nur vormittags Anrufen vor 10",
			"+12125550133 Jürgen Müller|Schlüsseldienst, kommt nur vormittags Anrufen vor 10",
			"+17185550134 Tony's Pizza|",
			"+34612345678 María García|", // ISO-8859-1 quoted-printable, from N
		}, []int{28}},
		{"iphone-3.0.vcf", store.FormatVCard, "UTF-8", 0, nil, []string{
			"+12125550141 Ann Smith|Met at the school fair Call after 5, not before",
			"+16465550142 Ann Smith|Met at the school fair Call after 5, not before",
			"+17185550144 Dr. Patrick James O'Brien Jr. of the very long nam|Cardiologist. Long note that the phone folded over two lines at seventy-five characters.",
			"+19175550143 Ann Smith|Met at the school fair Call after 5, not before",
		}, []int{30}}, // "212 555 01"
		{"phone-4.0.vcf", store.FormatVCard, "UTF-8", 0, nil, []string{
			"+12125550151 Grace Hopper|Admiral",
			"+12125550152 Grace Hopper|Admiral", // tel: URI, ;ext= dropped
			"+17185550153 Ray's Garage|Tires, brakes; oil",
		}, []int{9}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "import", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			s := storetest.Open(t)
			var reported []int
			res, err := s.Import(context.Background(), f, store.ImportOptions{List: screening.ActionPass,
				BadRow: func(e *store.ImportError) { reported = append(reported, e.Line) }})
			if err != nil {
				t.Fatal(err)
			}
			if got := listOf(t, s, screening.ActionPass); !slices.Equal(got, tt.want) {
				t.Errorf("imported:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if !slices.Equal(badLines(res), tt.bad) || !slices.Equal(reported, tt.bad) {
				t.Errorf("skipped lines %v (reported %v), want %v: %v", badLines(res), reported, tt.bad, res.Errors)
			}
			if res.Format != tt.format || res.Encoding != tt.enc || res.Delimiter != tt.delim || !slices.Equal(res.Columns, tt.columns) {
				t.Errorf("read as %v %s %q from %q, want %v %s %q from %q", res.Format, res.Encoding, res.Delimiter, res.Columns,
					tt.format, tt.enc, tt.delim, tt.columns)
			}
			if res.Stored != len(tt.want) || res.New != len(tt.want) || res.Bad != len(tt.bad) {
				t.Errorf("result %+v", res)
			}
		})
	}
}

func TestImport_VCardFaxAndPager(t *testing.T) {
	s := storetest.Open(t)
	in := "BEGIN:VCARD\nVERSION:2.1\nFN:Ann\nTEL;WORK;FAX:2125550101\nTEL;PAGER:2125550102\nTEL;CELL:2125550103\nEND:VCARD\n" +
		"BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nTEL;type=FAX;type=WORK:2125550104\nTEL;TYPE=VOICE,FAX:2125550105\nEND:VCARD\n" +
		"BEGIN:VCARD\nVERSION:4.0\nFN:Cy\nTEL;TYPE=\"fax\";VALUE=uri:tel:+1-212-555-0106\nTEL;VALUE=uri:tel:+1-212-555-0107\nEND:VCARD\n"
	if _, err := s.Import(context.Background(), strings.NewReader(in), store.ImportOptions{List: screening.ActionPass}); err != nil {
		t.Fatal(err)
	}
	want := []string{"+12125550103 Ann|", "+12125550105 Bob|", "+12125550107 Cy|"}
	if got := listOf(t, s, screening.ActionPass); !slices.Equal(got, want) {
		t.Errorf("imported %q, want %q", got, want)
	}
}

func TestImport_NoNumbers(t *testing.T) {
	s := storetest.Open(t)
	for _, in := range []string{
		"Name,E-mail,Address\nAnn,ann@example.com,12 Main St\n",
		"just text\nmore text\n",
	} {
		res, err := s.ImportCSV(context.Background(), strings.NewReader(in), store.ImportOptions{List: screening.ActionBlock})
		var ne *store.NoNumbersError
		if !errors.As(err, &ne) || !errors.Is(err, store.ErrNoNumbers) || res.Stored != 0 {
			t.Errorf("%q: %+v, %v; want a NoNumbersError", in, res, err)
		}
	}
	f, err := os.Open(filepath.Join("testdata", "import", "nophone.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = s.Import(context.Background(), f, store.ImportOptions{List: screening.ActionPass})
	var ne *store.NoNumbersError
	if !errors.As(err, &ne) || !slices.Equal(ne.Header, []string{"Name", "E-mail", "Address"}) {
		t.Errorf("nophone.csv: %v", err)
	}
}

// TestImport_CSVShapes covers the reader's decisions row by row.
func TestImport_CSVShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		bad  []int
	}{
		{"tab separated", "Phone\tName\n212 555 0199\tAnn\n", []string{"+12125550199 Ann|"}, nil},
		{"no header, number in the second column", "Ann,212-555-0199,friend\nBob,212-555-0198\n",
			[]string{"+12125550198 Bob|", "+12125550199 Ann|friend"}, nil},
		{"unknown header names", "Rufnr;Kunde\n2125550199;Ann\n", []string{"+12125550199 Ann|"}, nil},
		{"first name and last name", "First Name,Last Name,Mobile Phone\nAnn,Smith,2125550199\n", []string{"+12125550199 Ann Smith|"}, nil},
		{"organisation when no name", "Company,Business Phone\nAcme,2125550199\n", []string{"+12125550199 Acme|"}, nil},
		{"UTF-16 BE with BOM", "\xfe\xff\x00P\x00h\x00o\x00n\x00e\x00\n\x002\x001\x002\x005\x005\x005\x000\x001\x009\x009\x00\n", []string{"+12125550199 |"}, nil},
		{"bare quote in a field is text", "number,name\n2125550199,Bob \"the builder\"\n", []string{"+12125550199 Bob \"the builder\"|"}, nil},
		{"quoted field over two lines", "number,name,note\n2125550199,Ann,\"line one\nline two\"\n2125550198,Bob,\n",
			[]string{"+12125550198 Bob|", "+12125550199 Ann|line one line two"}, nil},
		{"quoted field over two lines, trailing empty fields", "number,name,note\n2125550199,Ann,\"line one\nline two\",,\n",
			[]string{"+12125550199 Ann|line one line two"}, nil},
		{"an open quote that finds a partner later", "number,name\n2125550199,\"Ann\n2125550198,Bob\"\n2125550197,Cy\n",
			[]string{"+12125550197 Cy|", "+12125550198 Bob\"|"}, []int{2}},
		{"junk after a closing quote", "number,name\n2125550199,\"Ann\"x\n2125550198,Bob\n", []string{"+12125550198 Bob|"}, []int{2}},
		{"blank and empty rows", "number\n\n,\n  \n2125550199\n", []string{"+12125550199 |"}, nil},
		{"a row without a number", "number,name\n,Ann\n2125550199,Bob\n", []string{"+12125550199 Bob|"}, []int{2}},
		{"later row wins", "number,name\n2125550199,first\n(212) 555-0199,second\n", []string{"+12125550199 second|"}, nil},
		{"control characters cleaned", "number,name\n2125550199,\"A\x1b[31mnn\"\n", []string{"+12125550199 Ann|"}, nil},
		{"CRLF and a UTF-8 BOM", "\ufeffnumber,name\r\n2125550199,Ann\r\n", []string{"+12125550199 Ann|"}, nil},
		{"no newline at the end", "number\n2125550199", []string{"+12125550199 |"}, nil},
		{"Excel's sep= line", "sep=;\nName;Phone\nSmith, Ann;2125550199\n", []string{"+12125550199 Smith, Ann|"}, nil},
		{"carriage returns alone (Excel for Mac)", "Name,Phone\rAnn,2125550199\rBob,2125550198\r", []string{"+12125550198 Bob|", "+12125550199 Ann|"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storetest.Open(t)
			res, err := s.ImportCSV(context.Background(), strings.NewReader(tt.in), store.ImportOptions{List: screening.ActionBlock})
			if err != nil {
				t.Fatal(err)
			}
			if got := listOf(t, s, screening.ActionBlock); !slices.Equal(got, tt.want) {
				t.Errorf("imported %q, want %q", got, tt.want)
			}
			if !slices.Equal(badLines(res), tt.bad) {
				t.Errorf("skipped lines %v, want %v: %v", badLines(res), tt.bad, res.Errors)
			}
		})
	}
}

// TestImport_Large imports through sorted runs in a temporary file and a
// staged list (several commits), with repeats inside and across runs, into
// a list that already holds numbers, and checks it against a model.
func TestImport_Large(t *testing.T) {
	defer store.SetStageTxBytes(store.SetStageTxBytes(8 << 10))
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithNoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(5, 5))
	pick := func() string { return fmt.Sprintf("+1212555%04d", r.IntN(6000)) }
	model := map[string]string{} // number -> list:name
	for range 300 {              // the list before: some allowed, some blocked
		n := pick()
		a := screening.Action(r.IntN(2) * 3) // pass or block
		if _, err := s.AddNumber(a, n, "old", "", t0); err != nil {
			t.Fatal(err)
		}
		model[n] = screening.ActionWord(a) + ":old"
	}
	before := map[string]string{}
	for k, v := range model {
		before[k] = v
	}
	var b bytes.Buffer
	b.WriteString("number,name\n")
	for i := range 20000 {
		n := pick()
		fmt.Fprintf(&b, "%s,row %d\n", n, i)
		model[n] = "block:row " + fmt.Sprint(i)
	}
	var writes []int
	res, err := s.ImportCSV(context.Background(), &b, store.ImportOptions{List: screening.ActionBlock, RunBytes: 32 << 10,
		Progress: func(p store.ImportProgress) {
			if p.Writing {
				writes = append(writes, p.Written)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Commits < 3 || len(writes) < 2 {
		t.Errorf("%d commits, writing reports %v: the list was not staged over several transactions", res.Commits, writes)
	}
	newN, moved := 0, 0
	for k, v := range model {
		if !strings.HasPrefix(v, "block:row") {
			continue
		}
		switch {
		case before[k] == "":
			newN++
		case strings.HasPrefix(before[k], "allow"):
			moved++
		}
	}
	if res.Rows != 20000 || res.New != newN || res.Moved != moved {
		t.Errorf("result %+v, want %d new, %d moved", res, newN, moved)
	}
	check := func(s *store.Store) {
		t.Helper()
		counts := map[string]int{}
		for i := range 6000 {
			n := fmt.Sprintf("+1212555%04d", i)
			want := model[n]
			r1, ok1, err1 := s.LookupNumber(n) // the index (and bbolt for names)
			var r2 screening.Rule
			var ok2 bool
			s.View(func(tx store.ReadTx) error { r2, ok2, _ = tx.LookupNumber(n); return nil })
			got, got2 := "", ""
			if ok1 {
				got = screening.ActionWord(r1.Action) + ":" + r1.Name
			}
			if ok2 {
				got2 = screening.ActionWord(r2.Action) + ":" + r2.Name
			}
			if err1 != nil || got != want || got2 != want {
				t.Fatalf("%s: index %q, bbolt %q, want %q (%v)", n, got, got2, want, err1)
			}
			if want != "" {
				counts[strings.SplitN(want, ":", 2)[0]]++
			}
		}
		s.View(func(tx store.ReadTx) error {
			if a, b := tx.Count(screening.ActionBlock), tx.Count(screening.ActionPass); a != counts["block"] || b != counts["allow"] {
				t.Errorf("counts block %d allow %d, want %d %d", a, b, counts["block"], counts["allow"])
			}
			return nil
		})
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	}
	check(s)
	s.Close()
	if s, err = store.OpenDir(dir); err != nil {
		t.Fatal(err)
	}
	check(s)
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".import-*")); len(tmp) != 0 {
		t.Errorf("the sort's temporary file was left behind: %v", tmp)
	}
}

// Number edits made while a large import writes its list survive it, as
// if made after it.
func TestImport_EditsDuringImport(t *testing.T) {
	defer store.SetStageTxBytes(store.SetStageTxBytes(4 << 10))
	s := storetest.Open(t, store.WithNoSync())
	for _, n := range []string{"2125550001", "2125550002"} {
		if _, err := s.AddNumber(screening.ActionBlock, n, "before", "", t0); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	b.WriteString("number,name\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "+1212555%04d,imported\n", 1000+i)
	}
	edited := false
	_, err := s.ImportCSV(context.Background(), &b, store.ImportOptions{List: screening.ActionBlock,
		Progress: func(p store.ImportProgress) {
			if !p.Writing || edited {
				return
			}
			edited = true
			must := func(_ any, err error) {
				if err != nil {
					t.Fatal(err)
				}
			}
			must(s.AddNumber(screening.ActionPass, "2125551500", "console", "", t0)) // in the import
			must(s.AddNumber(screening.ActionPass, "2125550003", "console", "", t0)) // not in it
			must(s.DeleteRule("2125550001"))                                         // on the list before
			must(s.DeleteRule("2125552000"))                                         // only in the import: not on the list yet
		}})
	if err != nil || !edited {
		t.Fatalf("import: %v (edited %v)", err, edited)
	}
	for n, want := range map[string]string{"+12125551500": "allow:console", "+12125550003": "allow:console",
		"+12125550001": "", "+12125552000": "block:imported", "+12125550002": "block:before", "+12125551501": "block:imported"} {
		r, ok, err := s.LookupNumber(n)
		got := ""
		if ok {
			got = screening.ActionWord(r.Action) + ":" + r.Name
		}
		if err != nil || got != want {
			t.Errorf("%s = %q, want %q (%v)", n, got, want, err)
		}
	}
	s.View(func(tx store.ReadTx) error {
		if a, p := tx.Count(screening.ActionBlock), tx.Count(screening.ActionPass); a != 5000 || p != 2 {
			t.Errorf("counts: block %d allow %d, want 5000 and 2", a, p)
		}
		return nil
	})
}

func TestImport_Cancelled(t *testing.T) {
	defer store.SetStageTxBytes(store.SetStageTxBytes(4 << 10))
	s := storetest.Open(t, store.WithNoSync())
	if _, err := s.AddNumber(screening.ActionBlock, "2125550001", "before", "", t0); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for i := range 5000 {
		fmt.Fprintf(&b, "+1212555%04d\n", 1000+i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.ImportCSV(ctx, &b, store.ImportOptions{List: screening.ActionBlock,
		Progress: func(p store.ImportProgress) {
			if p.Writing {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("import: %v", err)
	}
	if got := listOf(t, s, screening.ActionBlock); !slices.Equal(got, []string{"+12125550001 before|"}) {
		t.Errorf("after a cancelled import the list is %d numbers", len(got))
	}
}

func TestExport_RoundTrip(t *testing.T) {
	s := storetest.Open(t)
	in := "number,name,note\n" +
		"2125550199,\"Smith, Ann\",\"likes; semicolons\"\n" +
		"2125550198,,\n" +
		"+44 20 7946 0958,Zoë Ørsted – a name long enough that the vCard line folds,\"a note \\ with a backslash\"\n"
	if _, err := s.ImportCSV(context.Background(), strings.NewReader(in), store.ImportOptions{List: screening.ActionBlock}); err != nil {
		t.Fatal(err)
	}
	want := listOf(t, s, screening.ActionBlock)
	for _, export := range []func(*store.Store, context.Context, *bytes.Buffer) (int, error){
		func(s *store.Store, ctx context.Context, w *bytes.Buffer) (int, error) {
			return s.ExportCSV(ctx, w, screening.ActionBlock)
		},
		func(s *store.Store, ctx context.Context, w *bytes.Buffer) (int, error) {
			return s.ExportVCard(ctx, w, screening.ActionBlock)
		},
	} {
		var out bytes.Buffer
		if n, err := export(s, context.Background(), &out); err != nil || n != 3 {
			t.Fatalf("export: %d %v", n, err)
		}
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(out.String(), "BEGIN:VCARD") && len(l) > 76 {
				t.Errorf("line longer than 75 bytes: %q", l)
			}
		}
		s2 := storetest.Open(t)
		res, err := s2.Import(context.Background(), &out, store.ImportOptions{List: screening.ActionBlock})
		if err != nil || res.Bad != 0 {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		if got := listOf(t, s2, screening.ActionBlock); !slices.Equal(got, want) {
			t.Errorf("round trip (%v):\n%q\nwant\n%q", res.Format, got, want)
		}
	}
	card := string(store.AppendVCard(nil, screening.Rule{Match: screening.Match{Kind: screening.MatchExact, Text: "+12125550199"}, Name: "Ann", Note: "a,b"}))
	if card != "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nN:Ann;;;;\r\nTEL;TYPE=VOICE:+12125550199\r\nNOTE:a\\,b\r\nEND:VCARD\r\n" {
		t.Errorf("card:\n%s", card)
	}
}

func TestPreviewImport_ChangesNothing(t *testing.T) {
	s := storetest.Open(t)
	if _, err := s.AddNumber(screening.ActionPass, "2125550199", "Ann", "", t0); err != nil {
		t.Fatal(err)
	}
	var got []string
	res, err := store.PreviewImport(context.Background(), s, screening.DefaultSettings().Number,
		strings.NewReader("number,name\n2125550199,Spam\n2125550198,x\nbad,y\n"), store.ImportOptions{List: screening.ActionBlock},
		func(r screening.Rule) error {
			got = append(got, r.Match.Text+" "+screening.ActionWord(r.Action)+" "+r.Name)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"+12125550198 block x", "+12125550199 block Spam"}) || res.New != 1 || res.Moved != 1 || res.Bad != 1 {
		t.Errorf("preview %q, %+v", got, res)
	}
	if l := listOf(t, s, screening.ActionBlock); len(l) != 0 {
		t.Errorf("preview changed the block list: %q", l)
	}
	if res, err := store.PreviewImport(context.Background(), nil, screening.DefaultSettings().Number,
		strings.NewReader("2125550199\n"), store.ImportOptions{List: screening.ActionBlock}, func(screening.Rule) error { return nil }); err != nil || res.New != 1 {
		t.Errorf("preview without a store: %+v %v", res, err)
	}
}

// The index keeps a chunk whole when that costs at most twice its compact
// table and a little (numbers without names, or a few), else the compact
// table and reads named entries from bbolt: either way a lookup answers as
// bbolt does.
func TestIndex_WholeAndCompactChunks(t *testing.T) {
	s := storetest.Open(t)
	var b bytes.Buffer
	b.WriteString("number,name,note\n")
	for i := range 300 {
		fmt.Fprintf(&b, "+1212555%04d,,\n", i)                                                               // a chunk without names: kept whole
		fmt.Fprintf(&b, "+1917555%04d,A caller with a long name %d,and a note that is long as well\n", i, i) // compact
		if i%10 == 0 {
			fmt.Fprintf(&b, "+1646555%04d,Few %d,\n", i, i) // a name on some: whole
		} else {
			fmt.Fprintf(&b, "+1646555%04d,,\n", i)
		}
	}
	if _, err := s.ImportCSV(context.Background(), &b, store.ImportOptions{List: screening.ActionBlock}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"allow 2125550001 --for 1h", "voicemail 9175550002 --schedule office", "block 6465550003 --treatment sit"} {
		if _, err := s.AddRule(line, t0); err != nil {
			t.Fatal(err)
		}
	}
	if whole, compact := s.IndexChunks(); whole != 2 || compact != 1 {
		t.Errorf("index: %d chunks whole, %d compact; want 2 and 1", whole, compact)
	}
	for _, area := range []string{"212", "917", "646"} {
		for i := range 310 {
			n := fmt.Sprintf("+1%s555%04d", area, i)
			r1, ok1, err1 := s.LookupNumber(n)
			var r2 screening.Rule
			var ok2 bool
			var err2 error
			s.View(func(tx store.ReadTx) error { r2, ok2, err2 = tx.LookupNumber(n); return nil })
			if err1 != nil || err2 != nil || ok1 != ok2 || fmt.Sprint(r1) != fmt.Sprint(r2) || ok1 != (i < 300) {
				t.Fatalf("%s: index %+v %v %v, bbolt %+v %v %v", n, r1, ok1, err1, r2, ok2, err2)
			}
		}
	}
}
