package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"secretary/firmware/backup"
	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/store"
)

// DataBackend is what import, export, decide, backup, restore and msgs
// export act on: the lists, the engine and the mailbox in bulk.
type DataBackend interface {
	// Import reads a CSV or vCard file into opt.List (see store.Import).
	Import(ctx context.Context, r io.Reader, opt store.ImportOptions) (store.ImportResult, error)
	// PreviewImport reads it the same way and calls each with what would
	// be stored and the list the number is on now ("" none).
	PreviewImport(ctx context.Context, r io.Reader, opt store.ImportOptions, each func(r screening.Rule, now string) error) (store.ImportResult, error)
	// Export writes a list's numbers as CSV (vcard: vCard 3.0) and says
	// how many; it holds no transaction while w is slow.
	Export(ctx context.Context, w io.Writer, list screening.Action, vcard bool) (int, error)
	// Decide is the decision for a call at now.
	Decide(c screening.Call, now time.Time) screening.Decision
	// Backup writes a backup file (firmware/backup) to w.
	Backup(ctx context.Context, w io.Writer) (backup.Summary, error)
	// Restore reads a backup (either form) whole, checks it, and puts it
	// in place with the box in maintenance (calls ring through
	// meanwhile), telling the owner through say.
	Restore(ctx context.Context, r io.Reader, say func(string)) (backup.Manifest, backup.Result, error)
	// ExportMessages writes every message as a tar of WAV files and
	// index.json (voicemail.Box.Export).
	ExportMessages(ctx context.Context, w io.Writer) (int, error)
}

// Streams are a command's input and outputs when it runs from the command
// line or the control socket (RunArgs) rather than in a session: input
// read as it is (a file, standard input), output that takes any bytes (a
// file, a pipe), and reports (progress, skipped lines, "ok:") on Err.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

type streamsKey struct{}

// streamsOf returns the Streams of a command run by RunArgs, or nil in a
// session (a terminal, a pipe).
func streamsOf(ctx context.Context) *Streams {
	s, _ := ctx.Value(streamsKey{}).(*Streams)
	return s
}

// RunArgs runs one command given as words (the command line's argv, the
// control socket's request: no splitting or quoting) with s, and returns
// its exit status: 0 done, 1 failed ("error: ..." on s.Err), 2 the
// command line was wrong. Nobody answers questions (a command that would
// ask says how to do without). It is what "secretary import|export|...
// " runs, through the socket of the running box or on a store the command
// line opened: the same table, the same answers.
func (c *Console) RunArgs(ctx context.Context, argv []string, s Streams) int {
	if s.In == nil {
		s.In = strings.NewReader("")
	}
	ctx = context.WithValue(ctx, streamsKey{}, &s)
	cmd, req, err := resolve(c.cmds, argv)
	if err == nil {
		req.Term, req.state = noTerm{}, &sessionState{}
		err = cmd.Run(ctx, req, s.Out)
	}
	if err == nil || errors.Is(err, ErrExit) {
		return 0
	}
	fmt.Fprintf(s.Err, "error: %s\n", sentence(err))
	var u *usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

// dataCommands are import, export, decide, backup and restore.
func (c *Console) dataCommands() []Command {
	listWords := "allow|block|screen|voicemail"
	return []Command{
		{Name: "import", Usage: "import " + listWords + " [--format csv|vcard] [--dry-run]",
			Summary: "add numbers to a list from pasted CSV or vCard; end with a line holding a single .",
			Options: []Option{{Name: "--format", Arg: "F", Help: "csv or vcard (default: told from the text)"},
				{Name: "--dry-run", Help: "show what would be imported (as CSV) and change nothing"},
				{Name: "--name", Arg: "NAME", Help: "what to call the text in the reports (a file name)"},
				{Name: "--quiet", Help: "no progress lines"}},
			Help: "Paste the file after the command; a line holding only . ends it. CSV with a header is read by\n" +
				"its column names (Phone, Mobile Phone, Phone 1 - Value, Name, Notes ...), without one from the first\n" +
				"column holding numbers; comma, semicolon or tab. Bad lines are reported by number and skipped;\n" +
				"the list changes in one step at the end. On the box, secretary import reads a file.\nexample: import block",
			Complete: c.completeLists, Run: c.importCmd},
		{Name: "export", Usage: "export " + listWords + " [--vcard]", Summary: "print a list's numbers as CSV (number,name,note) or vCard",
			Options: []Option{{Name: "--vcard", Help: "vCard 3.0, as phones and Google Contacts import it"}},
			Help: "import reads either form back. Patterns, classes and name rules are not exported (rule list\n" +
				"shows them; backup keeps everything). Ctrl-C stops a long answer.\nexample: export allow --vcard",
			Complete: c.completeLists, Run: c.exportCmd},
		{Name: "decide", Usage: "decide NUMBER|P|O|none [--name NAME] [--at TIME]",
			Summary: "the decision for a caller, as one JSON object (for scripts; rule explain says why)",
			Options: []Option{{Name: "--name", Arg: "NAME", Help: "the caller-ID name"},
				{Name: "--at", Arg: "TIME", Help: "decide as at 2026-12-01T18:00 (default now)"}},
			Help: "P is a withheld number, O an unavailable one, none no caller ID at all.\nexample: decide 212-555-0143 --name \"HUDSON DENTAL\"",
			Run:  c.decideCmd},
		{Name: "backup", Usage: "backup [--text]", Summary: "print a copy of the whole box (lists, rules, settings, log, messages) as text to capture",
			Options: []Option{{Name: "--text", Help: "the text form from the command line too (secretary backup --text -o FILE)"}},
			Help: "The text runs from -----BEGIN SECRETARY BACKUP----- to -----END SECRETARY BACKUP-----; capture it\n" +
				"with the terminal (picocom --logfile, screen's log) and paste it into restore. Messages make it long:\n" +
				"at 115200 baud each MB of backup takes about 2 minutes.\nOn the box: secretary backup --data DIR -o FILE.\nexample: backup",
			Run: c.backupCmd},
		{Name: "restore", Usage: "restore [--yes]", Summary: "put back a backup: paste its text; everything on the box is replaced",
			Options: []Option{optYes},
			Help: "Paste all of it, the BEGIN and END lines included. A backup that is damaged, cut short or from\n" +
				"newer firmware is refused and nothing changes. Calls ring straight through for the moment it\n" +
				"takes to put it in place. The replaced database and messages are kept aside in the data\n" +
				"directory. On the box: secretary restore --data DIR FILE.\nexample: restore",
			Run: c.restoreCmd},
	}
}

// msgsExport is "msgs export": the messages as WAV files and an index.
func (c *Console) msgsExport(ctx context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "msgs export"); err != nil {
		return err
	}
	s := streamsOf(ctx)
	if s == nil {
		return errors.New("msgs export writes WAV files, which a terminal cannot take: on the box run secretary msgs export --data DIR -o OUTDIR (backup also holds the messages)")
	}
	n, err := c.b.ExportMessages(ctx, s.Out)
	if err == nil {
		fmt.Fprintf(s.Err, "ok: %s exported\n", plural(n, "message"))
	}
	return err
}

// reportTo is where a command's reports go: the terminal, or Err.
func reportTo(ctx context.Context, w io.Writer) io.Writer {
	if s := streamsOf(ctx); s != nil {
		return s.Err
	}
	return w
}

// findList is the list a word names (any unique prefix).
func findList(word string) (list, error) {
	cmds := make([]Command, len(lists))
	for i, l := range lists {
		cmds[i] = Command{Name: l.name}
	}
	c, err := match(cmds, word, "no list")
	if err != nil {
		return list{}, err
	}
	for _, l := range lists {
		if l.name == c.Name {
			return l, nil
		}
	}
	return list{}, usagef("no list %q", clean.Name(word))
}

func (c *Console) completeLists(_ context.Context, args []string, prefix string) []string {
	if len(args) > 0 {
		return nil
	}
	var out []string
	for _, l := range lists {
		if strings.HasPrefix(l.name, strings.ToLower(prefix)) {
			out = append(out, l.name)
		}
	}
	return out
}

func (c *Console) exportCmd(ctx context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 1 {
		return usagef("usage: export allow|block|screen|voicemail [--vcard]")
	}
	l, err := findList(r.Args[0])
	if err != nil {
		return err
	}
	_, err = c.b.Export(ctx, w, l.action, r.Has("--vcard"))
	return err
}

// DecideJSON is the answer of decide.
type DecideJSON struct {
	Decision string `json:"decision"`
	Rule     string `json:"rule"`
	Reason   string `json:"reason"`
}

func (c *Console) decideCmd(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 1 {
		return usagef("usage: decide NUMBER|P|O|none [--name NAME] [--at TIME] (quote a number with spaces)")
	}
	now := c.now()
	if at := r.Value("--at"); at != "" {
		t, err := screening.ParseDate(at, now.Location())
		if err != nil {
			return err
		}
		now = t
	}
	name := r.Value("--name")
	call := screening.Call{Number: r.Args[0], Name: name, Presentation: screening.PresentationAvailable}
	switch strings.ToUpper(strings.TrimSpace(r.Args[0])) {
	case "P":
		call = screening.Call{Name: name, Presentation: screening.PresentationPrivate}
	case "O":
		call = screening.Call{Name: name, Presentation: screening.PresentationUnavailable}
	case "", "NONE":
		call = screening.Call{Name: name, Presentation: screening.PresentationNone}
	}
	d := c.b.Decide(call, now)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(DecideJSON{Decision: d.Action.String(), Rule: d.Rule, Reason: d.Reason})
}

func (c *Console) backupCmd(ctx context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "backup"); err != nil {
		return err
	}
	out := w
	var armor io.WriteCloser
	if streamsOf(ctx) == nil || r.Has("--text") {
		armor = backup.NewArmorWriter(w, fmt.Sprintf("Format: %d", backup.Format), "Created: "+c.now().UTC().Format(time.RFC3339))
		out = armor
	}
	sum, err := c.b.Backup(ctx, out)
	if err == nil && armor != nil {
		err = armor.Close()
	}
	if err != nil {
		return err
	}
	rep := reportTo(ctx, w)
	fmt.Fprintf(rep, "ok: backup of %s taken %s: the store (%s) and %s (%s of audio)\n", bytesText(sum.Bytes),
		sum.Created.In(c.now().Location()).Format("2006-01-02 15:04:05"), bytesText(sum.StoreBytes), plural(sum.Messages, "message"), bytesText(sum.AudioBytes))
	if len(sum.Missing) > 0 {
		fmt.Fprintf(rep, "note: %s had no audio file and are in it without sound: %s\n", plural(len(sum.Missing), "message"), strings.Join(sum.Missing, ", "))
	}
	return nil
}

// bytesText is a size for people.
func bytesText(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 10<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return plural(int(n), "byte")
}

func (c *Console) restoreCmd(ctx context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "restore [--yes]"); err != nil {
		return err
	}
	in, rep := io.Reader(nil), reportTo(ctx, w)
	if s := streamsOf(ctx); s != nil {
		in = s.In
	} else {
		p, ok := r.Term.(Paster)
		if !ok {
			return errors.New("restore needs the backup pasted at a terminal; on the box run secretary restore --data DIR FILE")
		}
		if ok, err := confirm(r, "restore replaces every list, rule, setting, call and message on the box with the backup's; go on?"); err != nil || !ok {
			if err == nil {
				fmt.Fprintln(w, "nothing changed")
			}
			return err
		}
		fmt.Fprintln(w, "paste the backup now, from its BEGIN line to its END line:")
		pr := &pasted{p: p, end: backup.ArmorEnd, keepEnd: true, progress: rep}
		defer pr.drain()
		in = pr
	}
	man, res, err := c.b.Restore(ctx, in, func(s string) { fmt.Fprintf(rep, "%s\n", s) })
	if err != nil {
		return err
	}
	created := man.Created.In(c.now().Location()).Format("2006-01-02 15:04:05")
	msg := fmt.Sprintf("restored the backup taken %s", created)
	if man.Firmware != "" {
		msg += " by firmware " + man.Firmware
	}
	msg += fmt.Sprintf(" (%s)", plural(res.Messages, "message"))
	if res.Aside != "" {
		msg += "; the messages it replaced are in " + res.Aside
	}
	return okf(rep, "%s; settings the box applies at start (time zone, pins, console speed) take effect at the next start", msg)
}
