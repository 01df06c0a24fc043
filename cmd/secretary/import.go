package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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

// oneOperand reads what follows the flags (flags may also come after it)
// and returns its one word; when there is not exactly one, or ready says a
// required flag is missing, it says what the command needs and its usage.
func oneOperand(e *env, fs *flag.FlagSet, ready func() bool, need string) (string, error) {
	pos, err := parseInterleaved(fs, fs.Args())
	if err != nil {
		return "", errUsage
	}
	if !ready() || len(pos) != 1 {
		fmt.Fprintf(e.stderr, "secretary %s: need %s\n", fs.Name(), need)
		fs.Usage()
		return "", errUsage
	}
	return pos[0], nil
}

// cmdImport is the console's import with a file: through the running box,
// or into the store of a stopped one.
func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import", "--data DIR --list allow|block|screen|voicemail [--format auto|csv|vcard] [--dry-run] FILE|-")
	data := fs.String("data", "", "data directory holding "+store.FileName+" (required)")
	list := fs.String("list", "", "list to import into: allow, block, screen or voicemail (required)")
	format := fs.String("format", "auto", "auto (vCard if the file starts with BEGIN:VCARD), csv or vcard")
	dry := fs.Bool("dry-run", false, "print what would be imported (CSV on stdout) and change nothing")
	quiet := fs.Bool("quiet", false, "no progress lines, only skipped rows and the summary")
	stats := fs.Bool("stats", false, "after the summary, print the peak resident memory (VmHWM) of this process")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	name, err := oneOperand(e, fs, func() bool { return *data != "" && *list != "" },
		"--data DIR, --list allow|block|screen|voicemail and one FILE (- for standard input)")
	if err != nil {
		return err
	}
	argv := []string{"import", *list}
	if f := strings.ToLower(*format); f != "auto" {
		argv = append(argv, "--format", f)
	}
	if *dry {
		argv = append(argv, "--dry-run")
	}
	if *quiet {
		argv = append(argv, "--quiet")
	}
	in := e.stdin
	if name == "-" {
		name = "standard input"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
		name = filepath.Base(name)
	}
	acc := writeStore
	if *dry {
		acc = maybeStore
	}
	err = boxCommand(ctx, e, *data, append(argv, "--name", name), in, e.stdout, acc)
	if *stats {
		fmt.Fprintf(e.stderr, "peak memory: %s\n", peakMemory())
	}
	return err
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
