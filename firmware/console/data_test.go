package console

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"secretary/firmware/backup"
	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/store"
)

// The DataBackend of the in-memory backend: imports read by the store's
// own reader into the rules map; the backup is a real backup file whose
// database is the CSV of the rules (the console only carries it).

func (m *memBackend) Import(ctx context.Context, r io.Reader, opt store.ImportOptions) (store.ImportResult, error) {
	var got []screening.Rule
	res, err := store.PreviewImport(ctx, nil, number.DefaultConfig(), r, opt, func(r screening.Rule) error {
		got = append(got, r)
		return nil
	})
	if err != nil {
		return res, err
	}
	for _, r := range got {
		m.AddRule(r)
	}
	return res, nil
}

func (m *memBackend) PreviewImport(ctx context.Context, r io.Reader, opt store.ImportOptions, each func(screening.Rule, string) error) (store.ImportResult, error) {
	return store.PreviewImport(ctx, nil, number.DefaultConfig(), r, opt, func(r screening.Rule) error {
		now := ""
		if old, ok, _ := m.LookupNumber(r.Match.Text); ok {
			now = screening.ActionWord(old.Action)
		}
		return each(r, now)
	})
}

func (m *memBackend) Export(ctx context.Context, w io.Writer, list screening.Action, vcard bool) (int, error) {
	cw := csv.NewWriter(w)
	cw.Write([]string{"number", "name", "note"})
	n := 0
	for _, r := range m.ordered() {
		if r.Action == list && r.Match.Kind == screening.MatchExact {
			cw.Write([]string{r.Match.Text, r.Name, r.Note})
			n++
		}
	}
	cw.Flush()
	return n, cw.Error()
}

func (m *memBackend) Decide(c screening.Call, now time.Time) screening.Decision {
	return m.engine.Decide(c, now)
}

func (m *memBackend) Backup(ctx context.Context, w io.Writer) (backup.Summary, error) {
	var db bytes.Buffer
	m.Export(ctx, &db, screening.ActionBlock, false)
	bw := backup.NewWriter(w)
	bw.Section(backup.KindManifest, "manifest.json", strings.NewReader(fmt.Sprintf(`{"format":1,"store_bytes":%d,"files":[]}`, db.Len())))
	bw.Section(backup.KindStore, store.FileName, &db)
	err := bw.Close()
	return backup.Summary{Bytes: bw.Len(), StoreBytes: int64(db.Len())}, err
}

func (m *memBackend) Restore(ctx context.Context, r io.Reader, say func(string)) (backup.Manifest, backup.Result, error) {
	br, err := backup.Open(r)
	if err != nil {
		return backup.Manifest{}, backup.Result{}, err
	}
	var db []byte
	for {
		s, err := br.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return backup.Manifest{}, backup.Result{}, err
		}
		b, _ := io.ReadAll(br)
		if s.Kind == backup.KindStore {
			db = b
		}
	}
	say("maintenance")
	m.mu.Lock()
	for k, r := range m.rules {
		if r.Action == screening.ActionBlock {
			delete(m.rules, k)
		}
	}
	m.mu.Unlock()
	_, err = m.Import(ctx, bytes.NewReader(db), store.ImportOptions{List: screening.ActionBlock})
	return backup.Manifest{Created: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), Firmware: "v1"}, backup.Result{}, err
}

func (m *memBackend) ExportMessages(ctx context.Context, w io.Writer) (int, error) {
	_, err := io.WriteString(w, "TAR")
	return 2, err
}

func runArgs(c *Console, in string, argv ...string) (status int, out, errs string) {
	var o, e bytes.Buffer
	status = c.RunArgs(context.Background(), argv, Streams{In: strings.NewReader(in), Out: &o, Err: &e})
	return status, o.String(), e.String()
}

// RunArgs: data on Out, reports and errors on Err, the exit status.
func TestRunArgs(t *testing.T) {
	c := New(newMem(), nil, func() time.Time { return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) })
	st, out, errs := runArgs(c, "number,name\n2125550199,Spammer\nbad,x\n", "import", "bl", "--name", "spam.csv")
	if st != 0 || out != "" || !strings.Contains(errs, "spam.csv:3: skipped: ") || !strings.Contains(errs, "ok: imported 1, skipped 1: 1 number to the block list") {
		t.Errorf("import: %d %q %q", st, out, errs)
	}
	if st, out, errs = runArgs(c, "", "export", "block"); st != 0 || out != "number,name,note\n+12125550199,Spammer,\n" || errs != "" {
		t.Errorf("export: %d %q %q", st, out, errs)
	}
	st, out, _ = runArgs(c, "", "decide", "(212) 555-0199")
	var d DecideJSON
	if err := json.Unmarshal([]byte(out), &d); st != 0 || err != nil || d.Decision != "block" || d.Rule == "" || d.Reason == "" {
		t.Errorf("decide: %d %q", st, out)
	}
	if st, out, _ = runArgs(c, "", "decide", "none"); st != 0 || !strings.Contains(out, `"decision":"screen"`) {
		t.Errorf("decide none: %d %q", st, out)
	}
	// failures: usage is 2, others 1, each with one error line
	for _, tc := range []struct {
		argv   []string
		in     string
		status int
		err    string
	}{
		{[]string{"export"}, "", 2, "error: usage: export allow|block|screen|voicemail"},
		{[]string{"export", "grey"}, "", 2, `error: no list "grey"`},
		{[]string{"nosuch"}, "", 2, "error: unknown command"},
		{[]string{"import", "allow"}, "Name,E-mail\nAnn,a@b\n", 1, `error: nothing imported: the text has no telephone numbers: none of its columns ("Name", "E-mail")`},
		{[]string{"import", "allow"}, "", 1, "error: nothing imported: the text holds no rows"},
		{[]string{"restore"}, "SECRETARY BACKUP 7\n", 1, "error: this backup was written by newer firmware (backup format 7; this firmware reads format 1)"},
		{[]string{"msgs", "play", "9"}, "", 1, "error: there is no message 9"},
	} {
		st, _, errs := runArgs(c, tc.in, tc.argv...)
		if st != tc.status || !strings.HasPrefix(errs, tc.err) || strings.Count(errs, "error:") != 1 {
			t.Errorf("%q: status %d, stderr %q; want %d and %q", tc.argv, st, errs, tc.status, tc.err)
		}
	}
	// msgs export writes its archive to Out; in a session it refuses
	if st, out, errs := runArgs(c, "", "msgs", "export"); st != 0 || out != "TAR" || errs != "ok: 2 messages exported\n" {
		t.Errorf("msgs export: %d %q %q", st, out, errs)
	}
	if got := exec(t, c, "msgs export"); !strings.Contains(got, "error: msgs export writes WAV files") {
		t.Errorf("msgs export in a session: %q", got)
	}
}

// serveLines runs a piped session over input.
func serveLines(t *testing.T, c *Console, input string) string {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c.ServeLines(ctx, strings.NewReader(input), &out)
	return out.String()
}

// A paste in a piped session: progress every 1000 lines, bad lines by
// number, the summary; the lines after the "." are commands again.
func TestImport_Paste(t *testing.T) {
	m := newMem()
	c := New(m, nil, nil)
	var in strings.Builder
	in.WriteString("import block\nnumber,name\n")
	for i := range 2500 {
		if i == 1500 {
			in.WriteString("oops,Bad\n")
			continue
		}
		fmt.Fprintf(&in, "+1212555%04d,Caller %d\n", i, i)
	}
	in.WriteString(".\nexport block\n")
	out := serveLines(t, c, in.String())
	for _, want := range []string{
		"paste the CSV or vCard now; end with a line holding a single .\n",
		"... 1000 lines\n", "... 2000 lines\n",
		"line 1502: skipped: \"oops\"",
		"ok: imported 2499, skipped 1: 2499 numbers to the block list",
		"+12125552499,Caller 2499,\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, tail(out))
		}
	}
	if strings.Contains(out, "unknown command") {
		t.Errorf("pasted lines were taken for commands:\n%s", tail(out))
	}
	if n, _, _ := m.ListSize(screening.ActionBlock); n != 2499 {
		t.Errorf("block list holds %d", n)
	}
}

// An import that fails reads the rest of the paste, so none of it runs as
// a command; the session goes on after the ".".
func TestImport_PasteDrainedOnError(t *testing.T) {
	c := New(newMem(), nil, nil)
	out := serveLines(t, c, "import allow\nName,E-mail\nAnn,a@b\nstatus\n.\nhelp import\n")
	if !strings.Contains(out, "error: nothing imported: the text has no telephone numbers") || strings.Contains(out, "line line") {
		t.Errorf("answer:\n%s", out)
	}
	if strings.Contains(out, "since start") || !strings.Contains(out, "usage:\n  import allow|block") {
		t.Errorf("the paste's lines ran, or the next command did not:\n%s", out)
	}
	// the input ends inside the paste: what was pasted is imported, the session ends
	out = serveLines(t, c, "import allow\nnumber\n2125550100\n")
	if !strings.Contains(out, "ok: imported 1, skipped 0") {
		t.Errorf("paste cut by the end of input:\n%s", out)
	}
}

// backup prints the text form in a session; restore takes it back pasted,
// with a prompt and terminal noise around it.
func TestBackupRestore_Paste(t *testing.T) {
	m := newMem()
	c := New(m, nil, nil)
	exec(t, c, "block add 2125550100 Spammer")
	text := exec(t, c, "backup")
	begin, end := strings.Index(text, backup.ArmorBegin), strings.Index(text, backup.ArmorEnd)
	if begin != 0 || end < 0 || !strings.Contains(text[end:], "ok: backup of") {
		t.Fatalf("backup printed:\n%s", text)
	}
	exec(t, c, "block del 2125550100")
	exec(t, c, "block add 2125550111 Other")
	captured := "secretary> backup\r\n" + strings.ReplaceAll(text[:end+len(backup.ArmorEnd)], "\n", "\r\n") + "\r\n"
	out := serveLines(t, c, "restore --yes\n"+captured+"status\n")
	if !strings.Contains(out, "paste the backup now") || !strings.Contains(out, "ok: restored the backup taken 2026-11-30") {
		t.Fatalf("restore:\n%s", out)
	}
	if _, ok, _ := m.LookupNumber("+12125550100"); !ok {
		t.Error("the restored entry is missing")
	}
	if _, ok, _ := m.LookupNumber("+12125550111"); ok {
		t.Error("an entry made after the backup survived the restore")
	}
	if !strings.Contains(out, "since start") {
		t.Errorf("the session did not go on after the END line:\n%s", out)
	}
	// a damaged paste is refused and changes nothing
	lines := strings.Split(captured, "\r\n")
	i := len(lines) - 4 // a line of base64 inside the file (the first holds its magic)
	lines[i] = lines[i][:10] + string(lines[i][10]^1) + lines[i][11:]
	bad := strings.Join(lines, "\r\n")
	out = serveLines(t, c, "restore --yes\n"+bad)
	if !strings.Contains(out, "error: the backup is damaged") {
		t.Errorf("damaged paste:\n%s", out)
	}
	// without a session to paste into
	if got := exec(t, c, "restore --yes"); !strings.Contains(got, "error: restore needs the backup pasted at a terminal") {
		t.Errorf("restore without a term: %q", got)
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}
