package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/store"
)

// parseInterleaved parses flags that may come before or after positional
// arguments and returns the positional ones.
func parseInterleaved(fs interface {
	Parse([]string) error
	Args() []string
}, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// shownBadRows is how many skipped rows import prints one by one.
const shownBadRows = 20

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "--data DIR --list allow|block [--format auto|csv|vcard] [--dry-run] FILE|-")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	list := fs.String("list", "", "list to import into: allow or block (required)")
	format := fs.String("format", "auto", "auto (vCard if the file starts with BEGIN:VCARD), csv or vcard")
	dry := fs.Bool("dry-run", false, "print what would be imported (CSV on stdout) and change nothing")
	quiet := fs.Bool("quiet", false, "no progress lines, only skipped rows and the summary")
	stats := fs.Bool("stats", false, "after the summary, print the peak resident memory (VmHWM)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pos, err := parseInterleaved(fs, fs.Args())
	if err != nil {
		return errUsage
	}
	if *data == "" || *list == "" || len(pos) != 1 {
		fmt.Fprintln(e.stderr, "secretary import: need --data DIR, --list allow|block and one FILE (- for standard input)")
		fs.Usage()
		return errUsage
	}
	action, err := store.ParseList(*list)
	if err != nil {
		return err
	}
	var f store.Format
	switch strings.ToLower(*format) {
	case "auto":
	case "csv":
		f = store.FormatCSV
	case "vcard", "vcf":
		f = store.FormatVCard
	default:
		fmt.Fprintf(e.stderr, "secretary import: --format %q: use auto, csv or vcard\n", *format)
		return errUsage
	}
	name := pos[0]
	var in io.Reader = e.stdin
	if name == "-" {
		name = "standard input"
	} else {
		file, err := os.Open(name)
		if err != nil {
			return err
		}
		defer file.Close()
		in = file
	}
	start := time.Now()
	shown := 0
	opt := store.ImportOptions{
		List:   action,
		Format: f,
		BadRow: func(ie *store.ImportError) {
			if shown < shownBadRows {
				fmt.Fprintf(e.stderr, "%s:%d: skipped: %v\n", name, ie.Line, ie.Err)
			}
			shown++
		},
	}
	if !*quiet {
		opt.Progress = func(p store.ImportProgress) {
			if p.Writing {
				fmt.Fprintf(e.stderr, "writing the %s list: %d numbers written (%s)\n", screening.ActionWord(action), p.Written, time.Since(start).Round(time.Millisecond))
			} else {
				fmt.Fprintf(e.stderr, "reading: %d rows through line %d, %d skipped (%s)\n", p.Rows, p.Line, p.Bad, time.Since(start).Round(time.Millisecond))
			}
		}
	}
	var res store.ImportResult
	if *dry {
		res, err = previewImport(ctx, e, *data, in, opt)
	} else {
		var st *store.Store
		if st, err = store.OpenDir(*data); err != nil {
			return err
		}
		defer st.Close()
		res, err = st.Import(ctx, in, opt)
	}
	if shown > shownBadRows {
		fmt.Fprintf(e.stderr, "%s: %d more skipped rows not shown\n", name, shown-shownBadRows)
	}
	if err == nil && (res.Rows > 0 || res.Bad > 0) {
		fmt.Fprintln(e.stderr, importSummary(res, *dry, action, name, time.Since(start)))
	}
	if *stats {
		fmt.Fprintf(e.stderr, "peak memory: %s\n", peakMemory())
	}
	var none *store.NoNumbersError
	switch {
	case errors.As(err, &none):
		return fmt.Errorf("nothing imported: %s has no telephone numbers: %s", name, noNumbersReason(none))
	case err != nil && !*dry:
		return fmt.Errorf("nothing imported (the lists are as they were) after reading %d rows: %w", res.Rows, err)
	case err != nil:
		return err
	case res.Stored == 0 && res.Rows == 0 && res.Bad == 0:
		return fmt.Errorf("nothing imported: %s holds no rows", name)
	case res.Stored == 0:
		return fmt.Errorf("nothing imported: every row of %s was skipped (reasons above); numbers are read from columns named %s, or from the first column that holds numbers", name, store.NumberColumns)
	}
	return nil
}

// importSummary is the last line of an import: "imported N, skipped M" and
// what was read.
func importSummary(res store.ImportResult, dry bool, action screening.Action, name string, took time.Duration) string {
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
		verb, res.Stored, res.Bad, plural(res.Stored, "number"), screening.ActionWord(action), res.New, res.Moved, res.Stored-res.New-res.Moved,
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
			fmt.Fprintf(&b, "%q", h)
		}
		b.WriteString(") is a number column and none holds numbers; ")
	}
	b.WriteString("numbers are read from columns named " + store.NumberColumns + ", or from the first column that holds numbers")
	return b.String()
}

// previewImport prints what an import would store, as CSV on stdout with
// a column saying which list each number is on now.
func previewImport(ctx context.Context, e *env, data string, in io.Reader, opt store.ImportOptions) (store.ImportResult, error) {
	var st *store.Store
	if _, err := os.Stat(store.Path(data)); err == nil {
		var err error
		if st, err = store.Open(store.Path(data), store.WithReadOnly()); err != nil {
			return store.ImportResult{}, err
		}
		defer st.Close()
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	cw := csv.NewWriter(w)
	cw.Write([]string{"number", "name", "note", "now"})
	rec := make([]string, 4)
	res, err := store.PreviewImport(ctx, st, number.DefaultConfig(), in, opt, func(r screening.Rule) error {
		rec[0], rec[1], rec[2], rec[3] = r.Match.Text, r.Name, r.Note, ""
		if st != nil {
			if old, ok, err := st.LookupNumber(r.Match.Text); err == nil && ok {
				rec[3] = screening.ActionWord(old.Action)
			}
		}
		return cw.Write(rec)
	})
	cw.Flush()
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return res, err
}

// peakMemory is this process's peak resident set as the kernel counts it.
func peakMemory() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown (no /proc/self/status)"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v) + " (VmHWM)"
		}
	}
	return "unknown"
}
