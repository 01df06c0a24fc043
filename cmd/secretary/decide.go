package main

import (
	"context"

	"secretary/screening/store"
)

func cmdDecide(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "decide", "--data DIR [--name NAME] [--at TIME] NUMBER|P|O|\"\"")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	name := fs.String("name", "", "caller ID name")
	at := fs.String("at", "", "decide as if at this time (2006-01-02T15:04 local or RFC 3339); default now")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	number, err := oneOperand(e, fs, func() bool { return *data != "" },
		"--data DIR and one NUMBER (P = withheld, O = unavailable, \"\" = no caller ID)")
	if err != nil {
		return err
	}
	argv := []string{"decide", number}
	if number == "" {
		argv[1] = "none"
	}
	if *name != "" {
		argv = append(argv, "--name", *name)
	}
	if *at != "" {
		argv = append(argv, "--at", *at)
	}
	return boxCommand(ctx, e, *data, argv, nil, e.stdout, writeStore)
}
