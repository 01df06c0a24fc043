package owner_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"secretary/screening"
)

// paste types text as a terminal pastes it: lines ended by CR.
func (r *rig) paste(text string) {
	r.t.Helper()
	r.send(strings.ReplaceAll(text, "\n", "\r"))
}

// 10,000 CSV rows pasted at a terminal on a pty: progress while they
// come, the bad lines by number, "ok: imported N, skipped M"; export
// prints the list; a backup captured from the terminal and pasted into
// restore on a fresh box gives the same rules.
func TestPty_PasteImportExportBackupRestore(t *testing.T) {
	r := newRig(t)
	r.expect("secretary> ")
	r.do("block add +1900* Premium --treatment sit")
	r.do("allow add @private")
	var csv strings.Builder
	csv.WriteString("Phone,Name,Notes\n")
	for i := range 10000 {
		switch i {
		case 2500, 7000:
			fmt.Fprintf(&csv, "call me,Bad %d,\n", i)
		default:
			fmt.Fprintf(&csv, "+1646%07d,Robot %d,seen %d times\n", 2000000+i, i, i%7)
		}
	}
	r.send("import block\r")
	r.expect("paste the CSV or vCard now; end with a line holding a single .")
	r.paste(csv.String() + ".\n")
	out := r.expect("secretary> ")
	for _, want := range []string{"... 1000 lines", "... 5000 lines", "... 10000 lines",
		`line 2502: skipped: "call me"`, `line 7002: skipped: "call me"`,
		"ok: imported 9998, skipped 2: 9998 numbers to the block list (9998 new"} {
		if !strings.Contains(out, want) {
			t.Errorf("the import did not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "+1646") {
		t.Errorf("the pasted rows were echoed back")
	}
	if n, _, err := r.st.ListSize(screening.ActionBlock); err != nil || n != 9998 {
		t.Fatalf("the block list holds %d numbers (%v)", n, err)
	}
	exp := r.do("export block")
	if lines := strings.Count(exp, "\n+1646"); lines != 9998 || !strings.Contains(exp, "+16462009999,Robot 9999,seen 3 times") {
		t.Errorf("export block: %d numbers", lines)
	}

	// the backup as the terminal captured it, pasted into a fresh box
	text := r.do("backup")
	begin, end := strings.Index(text, "-----BEGIN SECRETARY BACKUP-----"), strings.Index(text, "-----END SECRETARY BACKUP-----")
	if begin < 0 || end < begin || !regexp.MustCompile(`ok: backup of \d+ kB`).MatchString(text[end:]) {
		t.Fatalf("backup:\n%s", text[max(0, len(text)-500):])
	}
	captured := strings.ReplaceAll(text[begin:end+len("-----END SECRETARY BACKUP-----")], "\r\n", "\n") + "\n"
	fresh := newRig(t)
	fresh.expect("secretary> ")
	fresh.do("allow add 2125550100 Replaced")
	fresh.send("restore\r")
	fresh.expect("(yes/no) ")
	fresh.send("yes\r")
	fresh.expect("paste the backup now, from its BEGIN line to its END line:")
	fresh.paste(captured)
	if got := fresh.expect("secretary> "); !strings.Contains(got, "ok: restored the backup taken") {
		t.Fatalf("restore:\n%s", got)
	}
	want, got := r.do("rule list --json"), fresh.do("rule list --json")
	if got != want || !strings.Contains(got, "+1900*") {
		t.Errorf("rule list after the restore:\n%s\nwant:\n%s", got, want)
	}
	if n, _, _ := fresh.st.ListSize(screening.ActionBlock); n != 9998 {
		t.Errorf("the restored block list holds %d numbers", n)
	}
	if _, ok, _ := fresh.st.LookupNumber("+12125550100"); ok {
		t.Error("an entry of the replaced box survived the restore")
	}
}
