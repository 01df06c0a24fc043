package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"secretary/screening"
	"secretary/screening/store"
)

func cmdDecide(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "decide", "--data DIR [--name NAME] [--at TIME] NUMBER|P|O|\"\"")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	name := fs.String("name", "", "caller ID name")
	at := fs.String("at", "", "decide as if at this time (2006-01-02T15:04 local or RFC 3339); default now")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	pos, err := parseInterleaved(fs, fs.Args())
	if err != nil {
		return errUsage
	}
	if *data == "" || len(pos) != 1 {
		fmt.Fprintln(e.stderr, "secretary decide: need --data DIR and one NUMBER (P = withheld, O = unavailable, \"\" = no caller ID)")
		fs.Usage()
		return errUsage
	}
	now := time.Now()
	if *at != "" {
		if now, err = screening.ParseDate(*at, time.Local); err != nil {
			return err
		}
	}
	var st *store.Store
	if _, err := os.Stat(store.Path(*data)); err == nil {
		st, err = store.Open(store.Path(*data), store.WithReadOnly())
		if err != nil {
			return err
		}
	} else if st, err = store.OpenDir(*data); err != nil {
		return err
	}
	defer st.Close()

	call := screening.Call{Number: pos[0], Name: *name, Presentation: screening.PresentationAvailable}
	switch strings.ToUpper(strings.TrimSpace(pos[0])) {
	case "P":
		call = screening.Call{Name: *name, Presentation: screening.PresentationPrivate}
	case "O":
		call = screening.Call{Name: *name, Presentation: screening.PresentationUnavailable}
	case "":
		call = screening.Call{Name: *name, Presentation: screening.PresentationNone}
	}
	d := screening.NewEngine(st).Decide(call, now)
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Decision string `json:"decision"`
		Rule     string `json:"rule"`
		Reason   string `json:"reason"`
	}{d.Action.String(), d.Rule, d.Reason})
}
