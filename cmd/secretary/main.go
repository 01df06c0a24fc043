// Command secretary is the firmware of the automated-secretary box and the
// installer's tool: one binary with subcommands. It is the only composition
// root: it parses flags, chooses the board and wires board, drivers and
// screening together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// version is stamped by the Makefile from git (-X main.version=...).
var version = "dev"

// errUsage means the command line was wrong; the message was already printed.
var errUsage = errors.New("usage")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a subcommand may use of the process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"run", "run the firmware on a board", cmdRun},
		{"import", "import a CSV or vCard file into a list (through the running box, or into a stopped box's store)", cmdImport},
		{"export", "print a list as CSV or vCard", cmdExport},
		{"decide", "print the decision for a caller as JSON", cmdDecide},
		{"log", "print the call log (as the console's log)", cmdLog},
		{"msgs", "list the messages, or export them as WAV files with an index", cmdMsgs},
		{"backup", "write a backup of the whole box (lists, settings, log, messages) to a file", cmdBackup},
		{"restore", "put a backup back (the running box steps aside for a moment)", cmdRestore},
		{"monitor", "print line events (ring, caller ID) from a modem", cmdMonitor},
		{"decode", "print everything found in a line recording (WAV)", cmdDecode},
		{"gen", "write a line signal (cid, dtmf, sit, busy, ringback) to a WAV file", cmdGen},
		{"selftest", "check the box's hardware and print a pass/fail table", cmdSelftest},
		{"simhw", "run the simulated board's hardware (used by run --board sim)", cmdSimHW},
		{"version", "print the firmware version", cmdVersion},
	}
}

func main() { os.Exit(mainProcess()) }

// mainProcess runs this process's command line, SIGINT and SIGTERM ending
// its context, and returns the exit code.
func mainProcess() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runMain(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
}

// runMain dispatches to a subcommand and returns the process exit code.
func runMain(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var status exitStatus
		switch {
		case err == nil:
			return 0
		case errors.As(err, &status):
			return int(status) // the command said why
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.Is(err, errReboot):
			if err := restartSystem(); err != nil {
				fmt.Fprintf(e.stderr, "secretary %s: the box stopped to restart, but the system cannot be restarted: %v\n", c.name, err)
				return 1
			}
			return 0
		default:
			fmt.Fprintf(e.stderr, "secretary %s: %v\n", c.name, ownerError(err))
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "secretary: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "secretary %s: firmware of the automated-secretary box\n\nUsage: secretary COMMAND [flags]\n\nCommands:\n", version)
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'secretary COMMAND --help' for a command's flags.\n")
}

// newFlags makes a flag set for a subcommand that prints its usage to stderr
// and returns errors instead of exiting.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: secretary %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, mapping a bad command line to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

func cmdVersion(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, version)
	return nil
}
