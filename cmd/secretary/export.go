package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"secretary/screening/store"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "--data DIR --list allow|block|screen|voicemail [--format csv|vcard] > FILE")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	list := fs.String("list", "", "list to export: allow, block, screen or voicemail (required)")
	format := fs.String("format", "csv", "csv (number,name,note) or vcard (vCard 3.0: FN, TEL, NOTE)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" || *list == "" || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "secretary export: need --data DIR and --list allow|block|screen|voicemail")
		fs.Usage()
		return errUsage
	}
	argv := []string{"export", *list}
	switch strings.ToLower(*format) {
	case "csv":
	case "vcard", "vcf":
		argv = append(argv, "--vcard")
	default:
		fmt.Fprintf(e.stderr, "secretary export: --format %q: use csv or vcard\n", *format)
		return errUsage
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	err := boxCommand(ctx, e, *data, argv, nil, w, readStore)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
