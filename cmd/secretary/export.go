package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"secretary/screening/store"
)

// openExisting opens DIR/secretary.db read-only; it must exist.
func openExisting(data string) (*store.Store, error) {
	if _, err := os.Stat(store.Path(data)); err != nil {
		return nil, fmt.Errorf("no database in %s: %w", data, err)
	}
	return store.Open(store.Path(data), store.WithReadOnly())
}

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "--data DIR --list allow|block [--format csv|vcard] > FILE")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	list := fs.String("list", "", "list to export: allow or block (required)")
	format := fs.String("format", "csv", "csv (number,name,note) or vcard (vCard 3.0: FN, TEL, NOTE)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" || *list == "" || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "secretary export: need --data DIR and --list allow|block")
		fs.Usage()
		return errUsage
	}
	action, err := store.ParseList(*list)
	if err != nil {
		return err
	}
	write := (*store.Store).ExportCSV
	switch strings.ToLower(*format) {
	case "csv":
	case "vcard", "vcf":
		write = (*store.Store).ExportVCard
	default:
		fmt.Fprintf(e.stderr, "secretary export: --format %q: use csv or vcard\n", *format)
		return errUsage
	}
	st, err := openExisting(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	if _, err := write(st, ctx, w, action); err != nil {
		return err
	}
	return w.Flush()
}
