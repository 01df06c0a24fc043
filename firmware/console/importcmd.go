package console

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/store"
)

// shownBadRows is how many skipped rows an import reports one by one.
const shownBadRows = 20

func (c *Console) importCmd(ctx context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 1 {
		return usagef("usage: import allow|block|screen|voicemail [--format csv|vcard] [--dry-run]")
	}
	l, err := findList(r.Args[0])
	if err != nil {
		return err
	}
	opt := store.ImportOptions{List: l.action}
	switch strings.ToLower(r.Value("--format")) {
	case "", "auto":
	case "csv":
		opt.Format = store.FormatCSV
	case "vcard", "vcf":
		opt.Format = store.FormatVCard
	default:
		return usagef("--format %q: use csv or vcard", clean.Name(r.Value("--format")))
	}
	rep, out := reportTo(ctx, w), w
	name := r.Value("--name")
	in := io.Reader(nil)
	if s := streamsOf(ctx); s != nil {
		in = s.In
	} else {
		p, ok := r.Term.(Paster)
		if !ok {
			return errors.New("import needs the text pasted at a terminal; on the box run secretary import --data DIR --list LIST FILE")
		}
		fmt.Fprintln(w, "paste the CSV or vCard now; end with a line holding a single .")
		pr := &pasted{p: p, end: ".", progress: rep}
		if r.Has("--quiet") {
			pr.progress = nil
		}
		defer pr.drain()
		in = pr
	}
	im := importRun{c: c, ctx: ctx, r: r, list: l, name: name, rep: rep, out: out}
	return im.run(in, opt)
}

// importRun is one import: its reports and its summary.
type importRun struct {
	c     *Console
	ctx   context.Context
	r     *Request
	list  list
	name  string // what the input is called in reports ("" : by line number only)
	rep   io.Writer
	out   io.Writer
	shown int
	start time.Time
}

func (im *importRun) where(line int) string {
	if im.name == "" {
		return fmt.Sprintf("line %d", line)
	}
	return fmt.Sprintf("%s:%d", im.name, line)
}

func (im *importRun) run(in io.Reader, opt store.ImportOptions) error {
	im.start = time.Now()
	opt.BadRow = func(ie *store.ImportError) {
		if im.shown < shownBadRows {
			fmt.Fprintf(im.rep, "%s: skipped: %v\n", im.where(ie.Line), ie.Err)
		}
		im.shown++
	}
	if !im.r.Has("--quiet") {
		opt.Progress = func(p store.ImportProgress) {
			if p.Writing {
				fmt.Fprintf(im.rep, "writing the %s list: %d numbers written (%s)\n", im.list.name, p.Written, im.took())
			} else {
				fmt.Fprintf(im.rep, "reading: %d rows through line %d, %d skipped (%s)\n", p.Rows, p.Line, p.Bad, im.took())
			}
		}
	}
	dry := im.r.Has("--dry-run")
	var res store.ImportResult
	var err error
	if dry {
		res, err = im.preview(in, opt)
	} else {
		res, err = im.c.b.Import(im.ctx, in, opt)
	}
	if im.shown > shownBadRows {
		fmt.Fprintf(im.rep, "%d more skipped rows not shown\n", im.shown-shownBadRows)
	}
	return im.finish(res, err, dry)
}

func (im *importRun) took() time.Duration { return time.Since(im.start).Round(time.Millisecond) }

// preview writes what would be imported as CSV, with the list each
// number is on now.
func (im *importRun) preview(in io.Reader, opt store.ImportOptions) (store.ImportResult, error) {
	cw := csv.NewWriter(im.out)
	cw.Write([]string{"number", "name", "note", "now"})
	rec := make([]string, 4)
	res, err := im.c.b.PreviewImport(im.ctx, in, opt, func(r screening.Rule, now string) error {
		rec[0], rec[1], rec[2], rec[3] = r.Match.Text, r.Name, r.Note, now
		return cw.Write(rec)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return res, err
}

// finish reports the summary, or the error that imported nothing.
func (im *importRun) finish(res store.ImportResult, err error, dry bool) error {
	what := im.name
	if what == "" {
		what = "the text"
	}
	var none *store.NoNumbersError
	switch {
	case errors.As(err, &none):
		return fmt.Errorf("nothing imported: %s has no telephone numbers: %s", what, noNumbersReason(none))
	case err != nil && !dry && im.ctx.Err() == nil:
		return fmt.Errorf("nothing imported (the lists are as they were) after reading %d rows: %w", res.Rows, err)
	case err != nil:
		return err
	case res.Stored == 0 && res.Rows == 0 && res.Bad == 0:
		return fmt.Errorf("nothing imported: %s holds no rows", what)
	case res.Stored == 0:
		return fmt.Errorf("nothing imported: every row of %s was skipped (reasons above); numbers are read from columns named %s, or from the first column that holds numbers", what, store.NumberColumns)
	}
	return okf(im.rep, "%s", importSummary(res, dry, im.list.name, what, im.took()))
}

// importSummary is "imported N, skipped M" and what was read.
func importSummary(res store.ImportResult, dry bool, list, name string, took time.Duration) string {
	verb := "imported"
	if dry {
		verb = "would import"
	}
	var how []string
	switch res.Format {
	case store.FormatCSV:
		how = append(how, "CSV")
		switch res.Delimiter {
		case ';':
			how = append(how, "semicolons")
		case '\t':
			how = append(how, "tabs")
		}
		if res.Encoding != "UTF-8" {
			how = append(how, res.Encoding)
		}
		if len(res.Columns) > 0 {
			how = append(how, "numbers from "+strings.Join(res.Columns, ", "))
		}
	case store.FormatVCard:
		how = append(how, "vCard")
	}
	rows := "row"
	if res.Format == store.FormatVCard {
		rows = "contact"
	}
	return fmt.Sprintf("%s %d, skipped %d: %s to the %s list (%d new, %d moved from another list, %d already there) from %s (%s; %s), %s",
		verb, res.Stored, res.Bad, plural(res.Stored, "number"), list, res.New, res.Moved, res.Stored-res.New-res.Moved,
		name, strings.Join(how, ", "), plural(res.Rows, rows), took.Round(time.Millisecond))
}

func noNumbersReason(e *store.NoNumbersError) string {
	var b strings.Builder
	if len(e.Header) > 0 {
		b.WriteString("none of its columns (")
		for i, h := range e.Header {
			if i == 12 {
				b.WriteString(", ...")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", clean.Name(h))
		}
		b.WriteString(") is a number column and none holds numbers; ")
	}
	b.WriteString("numbers are read from columns named " + store.NumberColumns + ", or from the first column that holds numbers")
	return b.String()
}
