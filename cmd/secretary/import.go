package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"time"

	"secretary/screening"
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

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "--data DIR --list allow|block FILE.csv|FILE.vcf")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	list := fs.String("list", "", "list to import into: allow or block (required)")
	batch := fs.Int("batch", store.DefaultBatchSize, "rows committed per batch")
	quiet := fs.Bool("quiet", false, "no progress lines, only the summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pos, err := parseInterleaved(fs, fs.Args())
	if err != nil {
		return errUsage
	}
	if *data == "" || *list == "" || len(pos) != 1 {
		fmt.Fprintln(e.stderr, "secretary import: need --data DIR, --list allow|block and one FILE")
		fs.Usage()
		return errUsage
	}
	action, err := store.ParseList(*list)
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := store.OpenDir(*data)
	if err != nil {
		return err
	}
	defer st.Close()

	start := time.Now()
	shown := 0
	opt := store.ImportOptions{
		List:      action,
		BatchSize: *batch,
		BadRow: func(ie *store.ImportError) {
			if shown < 20 {
				fmt.Fprintf(e.stderr, "%s:%d: skipped: %v\n", pos[0], ie.Line, ie.Err)
			} else if shown == 20 {
				fmt.Fprintln(e.stderr, "(more bad rows; see the summary)")
			}
			shown++
		},
	}
	if !*quiet {
		opt.Progress = func(p store.ImportProgress) {
			fmt.Fprintf(e.stderr, "batch %d committed: %d rows read, %d numbers stored, %d bad (through line %d, %s)\n",
				p.Batch, p.Rows, p.Stored, p.Bad, p.Line, time.Since(start).Round(time.Millisecond))
		}
	}
	r := bufio.NewReaderSize(f, 1<<16)
	head, _ := r.Peek(64)
	var res store.ImportResult
	if store.IsVCard(head) {
		res, err = st.ImportVCard(ctx, r, opt)
	} else {
		res, err = st.ImportCSV(ctx, r, opt)
	}
	fmt.Fprintf(e.stderr, "imported %d numbers to the %s list from %s: %d rows, %d bad rows skipped, %d batches, %s\n",
		res.Stored, screening.ActionWord(action), pos[0], res.Rows, res.Bad, res.Batches, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return fmt.Errorf("stopped after %d committed numbers: %w", res.Stored, err)
	}
	return nil
}
