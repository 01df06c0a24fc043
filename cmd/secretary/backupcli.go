package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"secretary/screening/store"
)

// dataFlag takes --data DIR (or --data=DIR) out of args; the other words
// go to the console command as they are.
func dataFlag(args []string) (data string, rest []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--data" || a == "-data":
			if i+1 >= len(args) {
				return "", nil, false
			}
			data = args[i+1]
			i++
		case strings.HasPrefix(a, "--data=") || strings.HasPrefix(a, "-data="):
			data = a[strings.Index(a, "=")+1:]
		default:
			rest = append(rest, a)
		}
	}
	return data, rest, data != ""
}

// cmdLog is the console's log: secretary log --data DIR [-n N] [--since DATE] [--json].
func cmdLog(ctx context.Context, e *env, args []string) error {
	data, rest, ok := dataFlag(args)
	if !ok || helpAsked(rest) {
		fmt.Fprintln(e.stderr, "Usage: secretary log --data DIR [-n N] [--since DATE] [--json]\n  the console's log: the calls, newest first, with the reason for each decision")
		return usageOrHelp(rest)
	}
	return boxCommand(ctx, e, data, append([]string{"log"}, rest...), nil, e.stdout, readStore)
}

// cmdMsgs is the console's msgs list, and msgs export into a directory.
func cmdMsgs(ctx context.Context, e *env, args []string) error {
	data, rest, ok := dataFlag(args)
	const usage = "Usage: secretary msgs list --data DIR [--json]\n       secretary msgs export --data DIR -o DIR|-\n" +
		"  export writes each message as a WAV file (16-bit PCM, 8 kHz) and index.json into DIR (- : a tar on stdout)"
	if !ok || len(rest) == 0 || helpAsked(rest) || (rest[0] != "list" && rest[0] != "export") {
		fmt.Fprintln(e.stderr, usage)
		return usageOrHelp(rest)
	}
	if rest[0] == "list" {
		return boxCommand(ctx, e, data, append([]string{"msgs"}, rest...), nil, e.stdout, readStore)
	}
	out := ""
	for i := 1; i < len(rest); i++ {
		if (rest[i] == "-o" || rest[i] == "--out") && i+1 < len(rest) && out == "" {
			out = rest[i+1]
			i++
			continue
		}
		fmt.Fprintln(e.stderr, usage)
		return errUsage
	}
	if out == "" {
		fmt.Fprintln(e.stderr, usage)
		return errUsage
	}
	argv := []string{"msgs", "export"}
	if out == "-" {
		return boxCommand(ctx, e, data, argv, nil, e.stdout, readStore)
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	var names []string
	go func() {
		var err error
		names, err = untar(pr, out)
		pr.CloseWithError(err) // a bad archive stops the command
		io.Copy(io.Discard, pr)
		done <- err
	}()
	err := boxCommand(ctx, e, data, argv, nil, pw, readStore)
	pw.Close()
	if uerr := <-done; uerr != nil {
		err = uerr // what went wrong first
	}
	if err == nil {
		fmt.Fprintf(e.stderr, "wrote %s to %s\n", plural(len(names), "file"), out)
	}
	return err
}

func helpAsked(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
	}
	return false
}

func usageOrHelp(args []string) error {
	if helpAsked(args) {
		return nil
	}
	return errUsage
}

// cmdBackup writes the console's backup to a file, whole or not at all.
func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "backup", "--data DIR -o FILE|- [--text]")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	out := fs.String("o", "", "the backup file to write (- : standard output) (required)")
	text := fs.Bool("text", false, "write the text form (base64 between BEGIN and END lines) the console prints")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" || *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "secretary backup: need --data DIR and -o FILE")
		fs.Usage()
		return errUsage
	}
	argv := []string{"backup"}
	if *text {
		argv = append(argv, "--text")
	}
	if *out == "-" {
		return boxCommand(ctx, e, *data, argv, nil, e.stdout, readStore)
	}
	f, err := createOut(*out)
	if err != nil {
		return err
	}
	defer f.abort()
	if err := boxCommand(ctx, e, *data, argv, nil, f, readStore); err != nil {
		return err
	}
	return f.commit()
}

// cmdRestore gives a backup file to the console's restore.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "restore", "--data DIR FILE|-")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	file, err := oneOperand(e, fs, func() bool { return *data != "" }, "--data DIR and the backup FILE (- for standard input)")
	if err != nil {
		return err
	}
	in := e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	return boxCommand(ctx, e, *data, []string{"restore"}, in, e.stdout, restoreStore)
}

// freshDir is what a data directory held before a restore into it, when it
// had no store: the restore opens a new, empty store to replace, and that
// store is not the owner's. A restore that succeeds leaves no copy of it
// kept aside (secretary.db.old-TIME); one that fails removes everything it
// made, the directory too if it made that, so a refused backup leaves the
// directory as it was.
type freshDir struct {
	dir     string
	existed bool
	had     map[string]bool
}

func noteFresh(dir string) *freshDir {
	f := &freshDir{dir: dir, had: map[string]bool{}}
	ents, err := os.ReadDir(dir)
	f.existed = err == nil
	for _, e := range ents {
		f.had[e.Name()] = true
	}
	return f
}

// tidy removes what the restore made and must not leave (the store is
// closed).
func (f *freshDir) tidy(restored bool) {
	ents, _ := os.ReadDir(f.dir)
	for _, e := range ents {
		if f.had[e.Name()] || (restored && !strings.HasPrefix(e.Name(), store.FileName+".old-")) {
			continue
		}
		os.RemoveAll(filepath.Join(f.dir, e.Name()))
	}
	if !restored && !f.existed {
		os.Remove(f.dir) // only if empty
	}
}
