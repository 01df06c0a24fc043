package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/number"
)

// list is one of the four lists: its word, its action, what it does.
type list struct {
	name    string
	action  screening.Action
	summary string
	example string
}

var lists = []list{
	{"allow", screening.ActionPass, "callers who always ring through", `allow add "+44 20 7946 0958" London office`},
	{"block", screening.ActionBlock, "callers kept off the phone (see block-treatment)", "block add +1900* --treatment sit"},
	{"screen", screening.ActionScreen, "callers asked who they are and announced", "screen add name:*UNKNOWN* --schedule office"},
	{"voicemail", screening.ActionVoicemail, "callers sent straight to voicemail", "voicemail add 212-555-0143 Ex --for 30d"},
}

// ruleOptions are the options of "LIST add".
var ruleOptions = []Option{
	{Name: "--name", Arg: "NAME", Help: "who this is (or give the name after the pattern)"},
	{Name: "--note", Arg: "TEXT", Help: "why, kept with the entry"},
	{Name: "--for", Arg: "DURATION", Help: "the entry expires after 2h, 90m, 3d ...; --for NAME: the calls are for that person"},
	{Name: "--person", Arg: "PERSON", Help: "the calls are for this person: their ring, their mailbox (with --for DURATION)"},
	{Name: "--until", Arg: "DATE", Help: "the entry expires at 2026-12-01 or 2026-12-01T18:00"},
	{Name: "--treatment", Arg: "T", Help: "block only: hangup, sit, message, fax or ignore"},
	{Name: "--schedule", Arg: "WINDOW", Help: "the entry applies only inside the schedule (!WINDOW: outside)"},
}

const patternHelp = "PATTERN is a number as usually written (2125550143, 212-555-0143, +1 212 555 0143 quoted when it has\n" +
	"spaces), a prefix (+1900*, 1900*; '?' is one digit: +1555???4567), a caller-ID class (@private,\n" +
	"@unavailable, @international, @no-cid, @invalid) or a caller-name pattern (name:*SPAM*).\n" +
	"An entry is on one list at a time: adding it to another moves it. del removes from this list only."

func (c *Console) listCommand(l list) Command {
	return Command{Name: l.name, Usage: l.name + " add|del|list|find ...", Summary: l.summary,
		Help: patternHelp + "\nexample: " + l.example,
		Subs: []Command{
			{Name: "add", Usage: l.name + " add PATTERN [NAME...] [options]", Options: ruleOptions,
				Run: func(ctx context.Context, r *Request, w io.Writer) error { return c.listAdd(l, r, w) }},
			{Name: "del", Aliases: []string{"delete", "remove", "rm"}, Usage: l.name + " del PATTERN",
				Complete: c.completeEntries(l.action),
				Run:      func(ctx context.Context, r *Request, w io.Writer) error { return c.listDel(l, r, w) }},
			{Name: "list", Aliases: []string{"ls", "show"}, Usage: l.name + " list [--json] [-n N]", Options: []Option{optJSON, optCount},
				Run: func(ctx context.Context, r *Request, w io.Writer) error { return c.listList(ctx, l, r, w) }},
			{Name: "find", Aliases: []string{"search"}, Usage: l.name + " find TEXT [--json] [-n N]", Options: []Option{optJSON, optCount},
				Help: "find matches TEXT in numbers (digits anywhere in them) and in names and notes (any case).",
				Run:  func(ctx context.Context, r *Request, w io.Writer) error { return c.listFind(ctx, l, r, w) }},
		}}
}

// numberish is a word that can be part of a written number or pattern.
func numberish(w string) bool {
	digits := 0
	for i := 0; i < len(w); i++ {
		switch ch := w[i]; {
		case ch >= '0' && ch <= '9':
			digits++
		case ch == '+' && i == 0, ch == '-', ch == '(', ch == ')', ch == '.', ch == '*', ch == '?':
		default:
			return false
		}
	}
	return digits > 0 || strings.ContainsAny(w, "*?")
}

// takePattern reads the PATTERN at the start of args: one word, or a
// number written with spaces and not quoted, which is understood when
// only the words together make a number and refused with a hint to quote
// it when they could be read either way. It returns the match and the
// words after it.
func takePattern(args []string, cfg number.Config, cmd string) (screening.Match, []string, error) {
	if len(args) == 0 {
		return screening.Match{}, nil, usagef("%s needs a PATTERN: a number, +1900*, @private or name:*TEXT*", cmd)
	}
	if w := args[0]; strings.IndexFunc(w, unicode.IsLetter) >= 0 && !strings.HasPrefix(w, "@") && !strings.HasPrefix(strings.ToLower(w), "name:") {
		return screening.Match{}, nil, usagef("%q is not a number, a prefix such as +1900*, a class such as @private or a name pattern: for callers named %s write name:*%s*",
			clean.Name(w), clean.Name(w), strings.ToUpper(clean.Name(w)))
	}
	k := 0
	for k < len(args) && numberish(args[k]) {
		k++
	}
	if k <= 1 {
		m, err := screening.ParseMatch(args[0], cfg)
		return m, args[1:], err
	}
	joined := strings.Join(args[:k], " ")
	mAll, errAll := screening.ParseMatch(joined, cfg)
	_, errFirst := screening.ParseMatch(args[0], cfg)
	switch {
	case errAll == nil && errFirst != nil:
		return mAll, args[k:], nil
	case errAll == nil:
		return screening.Match{}, nil, usagef("is %q one number or a number and a name? quote a number with spaces: %s %q NAME",
			joined, cmd, joined)
	}
	m, err := screening.ParseMatch(args[0], cfg)
	return m, args[1:], err
}

func (c *Console) listAdd(l list, r *Request, w io.Writer) error {
	set, err := c.b.Settings()
	if err != nil {
		return err
	}
	m, rest, err := takePattern(r.Args, set.Number, l.name+" add")
	if err != nil {
		return err
	}
	now := c.now()
	rule := screening.Rule{Action: l.action, Match: m, Name: clean.Name(strings.Join(rest, " ")), Created: now}
	if r.Has("--for") && startsWithDigit(r.Value("--for")) && r.Has("--until") {
		return usagef("give one of --for and --until")
	}
	for _, o := range ruleOptions {
		if !r.Has(o.Name) {
			continue
		}
		v := r.Value(o.Name)
		switch o.Name {
		case "--name":
			v = clean.Name(v)
		case "--note":
			v = clean.Note(v)
		}
		if err := rule.SetOption(o.Name, v, now, nil); err != nil {
			return err
		}
	}
	if err := c.checkPerson(rule.Person); err != nil {
		return err
	}
	if !rule.Expires.IsZero() && !rule.Expires.After(now) {
		return usagef("%s is already past", rule.Expires.Format("2006-01-02 15:04"))
	}
	old, had, err := c.b.AddRule(rule)
	if err != nil {
		return err
	}
	msg := ruleText(rule, now)
	switch {
	case had && old.Action != rule.Action:
		msg += fmt.Sprintf(", moved from the %s list", screening.ActionWord(old.Action))
	case had:
		msg += " (replaces the entry that was there)"
	}
	return okf(w, "%s", msg)
}

// ruleText is a rule in one line for an answer: "block +1900* (ROBO), until ...".
func ruleText(r screening.Rule, now time.Time) string {
	s := r.Short()
	if r.Name != "" {
		s += " (" + r.Name + ")"
	}
	if !r.Expires.IsZero() {
		s += ", until " + r.Expires.In(now.Location()).Format("2006-01-02 15:04")
	}
	if name, outside := strings.CutPrefix(r.Schedule, "!"); outside {
		s += ", only outside schedule " + name
	} else if r.Schedule != "" {
		s += ", only inside schedule " + r.Schedule
	}
	if r.Treatment != screening.TreatmentDefault {
		s += ", treatment " + r.Treatment.String()
	}
	if r.Person != "" {
		s += ", for " + r.Person
	}
	return s
}

func (c *Console) listDel(l list, r *Request, w io.Writer) error {
	set, err := c.b.Settings()
	if err != nil {
		return err
	}
	m, rest, err := takePattern(r.Args, set.Number, l.name+" del")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("usage: %s del PATTERN (quote a number with spaces)", l.name)
	}
	old, found, err := c.b.DeleteRule(l.action, m.Text)
	switch {
	case err != nil:
		return err
	case !found:
		return fmt.Errorf("%s is not on the %s list, nor on any other", m.Text, l.name)
	case old.Action != l.action:
		other := screening.ActionWord(old.Action)
		return fmt.Errorf("%s is on the %s list, not the %s list; it was kept (%s del %s removes it)", m.Text, other, l.name, other, m.Text)
	}
	return okf(w, "removed %s from the %s list", ruleText(old, c.now()), l.name)
}

// pageSize is how many entries a page of a list shows on a terminal;
// bulkPage how many are read at a time for a script.
const (
	pageSize = 20
	bulkPage = 1000
)

// walk reads a list page by page from the backend, never the whole of
// it, and hands each page to fn until fn returns false, n entries went by
// (n <= 0: no limit), the list ends or ctx ends.
func (c *Console) walk(ctx context.Context, action screening.Action, all bool, n, page int, keep func(screening.Rule) bool,
	fn func(rs []screening.Rule, last bool) (bool, error)) error {
	cursor, seen := "", 0
	for {
		if err := ctx.Err(); err != nil {
			return ErrInterrupted
		}
		want := page
		if n > 0 {
			want = min(want, n-seen)
		}
		rs, next, err := c.b.ListPage(action, all, cursor, want, keep)
		if err != nil {
			return err
		}
		seen += len(rs)
		last := next == "" || (n > 0 && seen >= n)
		if len(rs) > 0 {
			if more, err := fn(rs, last); err != nil || !more {
				return err
			}
		}
		if last {
			return nil
		}
		cursor = next
	}
}

// RuleJSON is one entry of "list --json" and "rule list --json".
type RuleJSON struct {
	List      string `json:"list"`
	Match     string `json:"match"`
	Kind      string `json:"kind"`
	Name      string `json:"name,omitempty"`
	Note      string `json:"note,omitempty"`
	Expires   string `json:"expires,omitempty"`
	Schedule  string `json:"schedule,omitempty"`
	Treatment string `json:"treatment,omitempty"`
	Created   string `json:"created,omitempty"`
	InForce   *bool  `json:"in_force,omitempty"`
}

// ruleJSON converts a rule.
func ruleJSON(r screening.Rule) RuleJSON {
	j := RuleJSON{List: screening.ActionWord(r.Action), Match: r.Match.Text, Kind: r.Match.Kind.String(),
		Name: clean.Name(r.Name), Note: clean.Note(r.Note), Schedule: r.Schedule}
	if !r.Expires.IsZero() {
		j.Expires = r.Expires.Format(time.RFC3339)
	}
	if r.Treatment != screening.TreatmentDefault {
		j.Treatment = r.Treatment.String()
	}
	if !r.Created.IsZero() {
		j.Created = r.Created.Format(time.RFC3339)
	}
	return j
}

// jsonList writes one JSON array element by element, so a list of a
// million entries streams.
type jsonList struct {
	w io.Writer
	n int
}

func (j *jsonList) add(v any) error {
	b, err := jsonIndent(v, "  ")
	if err != nil {
		return err
	}
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	_, err = fmt.Fprintf(j.w, "%s%s", sep, b)
	return err
}

func (j *jsonList) end() error {
	if j.n == 0 {
		_, err := io.WriteString(j.w, "[]")
		return err
	}
	_, err := io.WriteString(j.w, "\n]")
	return err
}

// walkJSON adds the rules of a walk to a streamed JSON array.
func (c *Console) walkJSON(ctx context.Context, j *jsonList, action screening.Action, all bool, n int, keep func(screening.Rule) bool) error {
	return c.walk(ctx, action, all, n, bulkPage, keep, func(rs []screening.Rule, _ bool) (bool, error) {
		for _, rule := range rs {
			if err := j.add(ruleJSON(rule)); err != nil {
				return false, err
			}
		}
		return true, nil
	})
}

// entryTable writes rules as aligned lines.
func entryTable(w io.Writer, rs []screening.Rule, now time.Time, header bool) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	if header {
		fmt.Fprintln(tw, "ENTRY\tNAME\tNOTE\tUNTIL\tSCHEDULE\tTREATMENT")
	}
	for _, r := range rs {
		until := "-"
		if !r.Expires.IsZero() {
			until = r.Expires.In(now.Location()).Format("2006-01-02 15:04")
			if !r.Active(now) {
				until += " (expired)"
			}
		}
		tr := "-"
		if r.Treatment != screening.TreatmentDefault {
			tr = r.Treatment.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Match.Text, orDash(clean.Name(r.Name)), orDash(clean.Note(r.Note)), until, orDash(r.Schedule), tr)
	}
	return tw.Flush()
}

func (c *Console) listList(ctx context.Context, l list, r *Request, w io.Writer) error {
	if err := noArgs(r, l.name+" list [--json] [-n N]"); err != nil {
		return err
	}
	return c.showList(ctx, l, r, w, nil, "")
}

// showList writes a list (or what keep accepts of it): a page at a time
// with a pause between pages for a person at a terminal, all at once
// otherwise, at most -n entries; --json streams one array.
func (c *Console) showList(ctx context.Context, l list, r *Request, w io.Writer, keep func(screening.Rule) bool, what string) error {
	n, err := r.Count("-n", 0, 1, 10_000_000)
	if err != nil {
		return err
	}
	now := c.now()
	if r.Has("--json") {
		j := &jsonList{w: w}
		if err := c.walkJSON(ctx, j, l.action, false, n, keep); err != nil {
			return err
		}
		if err := j.end(); err != nil {
			return err
		}
		_, err = fmt.Fprintln(w)
		return err
	}
	nums, others, err := c.b.ListSize(l.action)
	if err != nil {
		return err
	}
	total := nums + others
	if keep == nil {
		fmt.Fprintf(w, "%s list: %s, %s (patterns, classes, names)\n", l.name, plural(nums, "number"), plural(others, "other entry"))
	} else {
		fmt.Fprintf(w, "%s list entries matching %q:\n", l.name, what)
	}
	shown := 0
	pager, page := r.Term.Interactive() && n == 0, bulkPage
	if pager {
		page = pageSize
	}
	err = c.walk(ctx, l.action, false, n, page, keep, func(rs []screening.Rule, last bool) (bool, error) {
		if err := entryTable(w, rs, now, shown == 0); err != nil {
			return false, err
		}
		shown += len(rs)
		if !pager || last {
			return true, nil
		}
		return more(r, shown, total, keep != nil)
	})
	if err != nil {
		return err
	}
	if shown == 0 {
		fmt.Fprintln(w, "(none)")
	}
	return nil
}

// more asks the person at the terminal whether to show the next page.
func more(r *Request, shown, total int, searching bool) (bool, error) {
	prompt := fmt.Sprintf("-- %d of %d shown: Enter for more, q to stop -- ", shown, total)
	if searching {
		prompt = fmt.Sprintf("-- %d found so far: Enter for more, q to stop -- ", shown)
	}
	ans, err := r.Term.Ask(prompt)
	if errors.Is(err, ErrNoAnswer) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ans)), "q"), nil
}

func (c *Console) listFind(ctx context.Context, l list, r *Request, w io.Writer) error {
	if len(r.Args) == 0 {
		return usagef("usage: %s find TEXT (digits of a number, or part of a name or note)", l.name)
	}
	text := strings.Join(r.Args, " ")
	return c.showList(ctx, l, r, w, finder(text), text)
}

// finder matches TEXT: its digits anywhere in an entry's number or
// pattern, when TEXT is a number; else TEXT in any case in the entry's
// name, note or match.
func finder(text string) func(screening.Rule) bool {
	if numberish(strings.ReplaceAll(text, " ", "")) && !strings.ContainsAny(text, "*?") {
		var d strings.Builder
		for _, ch := range text {
			if ch >= '0' && ch <= '9' {
				d.WriteRune(ch)
			}
		}
		digits := d.String()
		return func(r screening.Rule) bool { return strings.Contains(r.Match.Text, digits) }
	}
	t := strings.ToLower(text)
	return func(r screening.Rule) bool {
		return strings.Contains(strings.ToLower(r.Name), t) || strings.Contains(strings.ToLower(r.Note), t) ||
			strings.Contains(r.Match.Text, t)
	}
}

// plural is "1 number", "2 numbers", "1 other entry", "3 other entries".
func plural(n int, what string) string {
	switch {
	case n == 1:
		return "1 " + what
	case strings.HasSuffix(what, "y"):
		return fmt.Sprintf("%d %sies", n, what[:len(what)-1])
	}
	return fmt.Sprintf("%d %ss", n, what)
}
