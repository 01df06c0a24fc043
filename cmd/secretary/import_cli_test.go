package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// importFiles are the store's checked-in files shaped like what phones,
// Google Contacts, Outlook and spreadsheets export.
var importFiles = filepath.Join("..", "..", "screening", "store", "testdata", "import")

// runIn runs the command with stdin.
func runIn(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runMain(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

var skippedLine = regexp.MustCompile(`(?m)^.*:(\d+): skipped: `)

func skippedLines(stderr string) []string {
	var l []string
	for _, m := range skippedLine.FindAllStringSubmatch(stderr, -1) {
		l = append(l, m[1])
	}
	return l
}

// TestImportCLI_Files imports each file as an owner would and checks the
// exit status, the summary, the lines reported and what the list holds
// (through export).
func TestImportCLI_Files(t *testing.T) {
	tests := []struct {
		file    string
		code    int
		summary string   // in stderr
		skipped []string // lines
		export  []string // numbers and names in the exported CSV
	}{
		{"google-old.csv", 0, "imported 5, skipped 2: 5 numbers to the allow list", []string{"7", "10"},
			[]string{"+12125550101,Ann Smith", "+12125550103,Ann Smith", "+16465550104,Bob Jones", "+19175550105,Hudson Dental,Reception 9-5"}},
		{"google-new.csv", 0, "imported 5, skipped 0", nil, []string{"+12125550106,Dora M. Lee,Piano teacher", "+442079460958,Dora M. Lee"}},
		{"outlook.csv", 0, "imported 5, skipped 0: 5 numbers to the allow list (5 new, 0 moved from another list, 0 already there) from outlook.csv (CSV, UTF-16LE, numbers from Business Phone, Company Main Phone, Home Phone, Mobile Phone; 3 rows)",
			nil, []string{"+12125550110,Frank Müller,Supplier – call before 10", "+4532123456,Zoë Ørsted"}},
		{"semicolon.csv", 0, "(CSV, semicolons, numbers from Telefon, Mobil; 4 rows)", nil, []string{"+49301234567,Jürgen Groß,Stammkunde"}},
		{"unclosed.csv", 0, "imported 8, skipped 1", []string{"5"}, []string{"+12125550125,Five", "+12125550129,Nine"}},
		{"phone-2.1.vcf", 0, "imported 5, skipped 1: 5 numbers to the allow list", []string{"28"}, []string{"+12125550131,Jürgen Müller", "+34612345678,María García"}},
		{"iphone-3.0.vcf", 0, "imported 4, skipped 1", []string{"30"}, []string{"+16465550142,Ann Smith,\"Met at the school fair Call after 5, not before\""}},
		{"phone-4.0.vcf", 0, "imported 3, skipped 1", []string{"9"}, []string{"+12125550152,Grace Hopper,Admiral"}},
		{"nophone.csv", 1, `error: nothing imported: nophone.csv has no telephone numbers: none of its columns ("Name", "E-mail", "Address") is a number column and none holds numbers; numbers are read from columns named "Phone", "Phone 1 - Value", "Mobile Phone", "Business Phone", "Home Phone", "Telephone", "Tel" or "Number"`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := t.TempDir()
			code, _, errs := runIn(t, "", "import", "--data", data, "--list", "allow", filepath.Join(importFiles, tt.file))
			errs = strings.ReplaceAll(errs, importFiles+string(filepath.Separator), "")
			if code != tt.code || !strings.Contains(errs, tt.summary) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errs, tt.code, tt.summary)
			}
			if got := skippedLines(errs); strings.Join(got, " ") != strings.Join(tt.skipped, " ") {
				t.Errorf("skipped lines %v, want %v", got, tt.skipped)
			}
			if tt.code != 0 {
				return
			}
			_, out, _ := runIn(t, "", "export", "--data", data, "--list", "allow")
			for _, w := range tt.export {
				if !strings.Contains(out, w) {
					t.Errorf("export lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestImportCLI_ExitStatus(t *testing.T) {
	data := t.TempDir()
	// every row bad: nothing imported
	code, _, errs := runIn(t, "number\n12\nabc\n", "import", "--data", data, "--list", "block", "-")
	if code != 1 || !strings.Contains(errs, "standard input:2: skipped:") || !strings.Contains(errs, "nothing imported: every row of standard input was skipped") {
		t.Errorf("all bad: exit %d\n%s", code, errs)
	}
	// an empty file
	if code, _, errs := runIn(t, "", "import", "--data", data, "--list", "block", "-"); code != 1 || !strings.Contains(errs, "holds no rows") {
		t.Errorf("empty: exit %d\n%s", code, errs)
	}
	// a file that is not there
	if code, _, errs := runIn(t, "", "import", "--data", data, "--list", "block", filepath.Join(data, "missing.csv")); code != 1 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: exit %d\n%s", code, errs)
	}
	// standard input, then some good and some bad rows: success, lines reported
	code, _, errs = runIn(t, "Phone;Name\n212 555 0199;Ann\nx;Bad\n", "import", "--data", data, "--list", "block", "-")
	if code != 0 || !strings.Contains(errs, "imported 1, skipped 1") || strings.Join(skippedLines(errs), " ") != "3" {
		t.Errorf("stdin: exit %d\n%s", code, errs)
	}
	// many bad rows: the first 20 shown, the rest counted
	var b strings.Builder
	b.WriteString("number\n2125550199\n")
	for range 30 {
		b.WriteString("bad\n")
	}
	code, _, errs = runIn(t, b.String(), "import", "--quiet", "--data", data, "--list", "block", "-")
	if code != 0 || len(skippedLines(errs)) != 20 || !strings.Contains(errs, "10 more skipped rows not shown") || !strings.Contains(errs, "skipped 30") {
		t.Errorf("many bad rows: exit %d\n%s", code, errs)
	}
}

func TestImportCLI_DryRun(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runIn(t, "number,name\n2125550199,Ann\n", "import", "--data", data, "--list", "allow", "-"); code != 0 {
		t.Fatal(errs)
	}
	before, err := os.ReadFile(filepath.Join(data, "secretary.db"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runIn(t, "number,name\n2125550199,Spammer\n2125550198,Other\nbad,x\n", "import", "--dry-run", "--data", data, "--list", "block", "-")
	want := "number,name,note,now\n+12125550198,Other,,\n+12125550199,Spammer,,allow\n"
	if code != 0 || out != want || !strings.Contains(errs, "would import 2, skipped 1: 2 numbers to the block list (1 new, 1 moved from another list") {
		t.Errorf("dry run: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	after, _ := os.ReadFile(filepath.Join(data, "secretary.db"))
	if !bytes.Equal(before, after) {
		t.Error("the dry run changed the database")
	}
	// no database yet: nothing is created
	empty := filepath.Join(t.TempDir(), "none")
	if code, out, _ := runIn(t, "2125550199\n", "import", "--dry-run", "--data", empty, "--list", "block", "-"); code != 0 || !strings.Contains(out, "+12125550199") {
		t.Errorf("dry run without a database: exit %d %q", code, out)
	}
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Errorf("the dry run created %s", empty)
	}
}

// Export as vCard and as CSV, import each into a fresh box: the same list.
func TestExportCLI_RoundTrip(t *testing.T) {
	data := t.TempDir()
	if code, _, errs := runIn(t, "", "import", "--data", data, "--list", "block", filepath.Join(importFiles, "google-old.csv")); code != 0 {
		t.Fatal(errs)
	}
	_, want, _ := runIn(t, "", "export", "--data", data, "--list", "block")
	for _, format := range []string{"vcard", "csv"} {
		code, out, errs := runIn(t, "", "export", "--data", data, "--list", "block", "--format", format)
		if code != 0 || (format == "vcard") != strings.HasPrefix(out, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:") {
			t.Fatalf("export --format %s: exit %d %s\n%s", format, code, errs, out)
		}
		fresh := t.TempDir()
		if code, _, errs := runIn(t, out, "import", "--data", fresh, "--list", "block", "-"); code != 0 || !strings.Contains(errs, "skipped 0") {
			t.Fatalf("import of the %s export: exit %d\n%s", format, code, errs)
		}
		if _, got, _ := runIn(t, "", "export", "--data", fresh, "--list", "block"); got != want {
			t.Errorf("%s round trip:\n%s\nwant\n%s", format, got, want)
		}
	}
	if code, _, _ := runIn(t, "", "export", "--data", data, "--list", "block", "--format", "xml"); code != 2 {
		t.Errorf("--format xml: exit %d, want 2", code)
	}
}
