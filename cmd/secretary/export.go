package main

import (
	"bufio"
	"context"
	"fmt"
	"os"

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
	fs := newFlags(e, "export", "--data DIR --list allow|block > FILE.csv")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	list := fs.String("list", "", "list to export: allow or block (required)")
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
	st, err := openExisting(*data)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	if _, err := st.ExportCSV(ctx, w, action); err != nil {
		return err
	}
	return w.Flush()
}
