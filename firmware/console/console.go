package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/words"
)

// MaxLine is the longest command line accepted, in bytes.
const MaxLine = 4096

// Backend is what the commands act on; cmd wires it to the store, the
// appliance and the mailbox.
type Backend interface {
	// Status is what the status command shows (see Status).
	Status() Status
	AddNumber(action screening.Action, raw, name, note string, now time.Time) (screening.Rule, error)
	DeleteRule(text string) (bool, error)
	Log(n int) ([]screening.LogRecord, error) // newest first
	Messages() ([]screening.Message, error)   // newest first
	// PlayMessage rings the handset and plays message id when picked up.
	PlayMessage(id string) error
	Settings() (screening.Settings, error)
	// SetSetting validates and stores one setting (value "" puts back its
	// default); it applies from the next call.
	SetSetting(key, value string) error
}

// Deliveries is a Backend that sends messages on to the owner (e-mail,
// push): msgs list then shows each message's delivery.
type Deliveries interface {
	// DeliveryStates maps message IDs to their delivery in a few words
	// ("e-mail sent, push waiting (3 tries)").
	DeliveryStates() map[string]string
}

// Console runs commands against a Backend and sends notices to the
// sessions attached to it.
type Console struct {
	b      Backend
	cmds   []Command
	now    func() time.Time
	Prompt string

	mu       sync.Mutex            // guards sessions
	sessions map[*session]struct{} // where Notify sends
}

// New returns a console; extra commands (e.g. the simulated board's "sim")
// join the built-in ones in help and dispatch. now may be nil.
func New(b Backend, extra []Command, now func() time.Time) *Console {
	if now == nil {
		now = time.Now
	}
	c := &Console{b: b, now: now, Prompt: "secretary> ", sessions: map[*session]struct{}{}}
	c.cmds = append(c.builtins(), extra...)
	return c
}

// Commands is the command table: help and dispatch read it, and so can
// completion or a control socket.
func (c *Console) Commands() []Command { return append([]Command(nil), c.cmds...) }

// lookup finds a command by name or alias.
func (c *Console) lookup(name string) (Command, bool) {
	for _, cmd := range c.cmds {
		if cmd.Name == name {
			return cmd, true
		}
		for _, a := range cmd.Aliases {
			if a == name {
				return cmd, true
			}
		}
	}
	return Command{}, false
}

// Notify shows one line of news (a call arriving, its end) to every
// session attached now, and never waits: each session has a bounded queue
// that its own goroutine writes out; what a slow reader cannot take is
// dropped and counted ("(N notices dropped)" follows when the line can be
// written again). Without a session the line goes nowhere.
func (c *Console) Notify(msg string) {
	msg = clean.Text(msg, 0)
	c.mu.Lock()
	defer c.mu.Unlock()
	for s := range c.sessions {
		s.push(msg)
	}
}

// usageError is bad input: shown as "error: ..." with the command's usage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Exec runs one command line and writes its answer to w. It returns
// ErrExit for exit; every other failure has already been written as
// "error: ..." (an interrupted answer is not: it was cut short on purpose).
func (c *Console) Exec(ctx context.Context, line string, w io.Writer) error {
	if len(line) > MaxLine {
		fmt.Fprintf(w, "error: line too long (over %d bytes); nothing was done\n", MaxLine)
		return ErrLineTooLong
	}
	args, err := words.Split(line)
	if err != nil {
		var se *words.SyntaxError
		if errors.As(err, &se) {
			fmt.Fprintf(w, "error: %s\n", se.Reason)
		}
		return err
	}
	if len(args) == 0 {
		return nil
	}
	cmd, ok := c.lookup(args[0])
	if !ok {
		err = usagef("unknown command %q (try help)", clean.Name(args[0]))
	} else {
		err = cmd.Run(ctx, args[1:], w)
	}
	if err != nil && !errors.Is(err, ErrExit) && !errors.Is(err, ErrInterrupted) && ctx.Err() == nil {
		fmt.Fprintf(w, "error: %s\n", sentence(err))
	}
	return err
}

// pkgPrefix is the "package: " (or "package: syntax error: ") that Go
// errors start with, which means nothing to an owner.
var pkgPrefix = regexp.MustCompile(`(^|; |: )(screening|store|voicemail|console|number|schedule|firmware|words|sim|modem|call)(: syntax error)?: `)

// sentence makes an error one plain line for an owner.
func sentence(err error) string {
	s := strings.ReplaceAll(err.Error(), "\n", "; ")
	for {
		t := pkgPrefix.ReplaceAllString(s, "$1")
		if t == s {
			break
		}
		s = t
	}
	return clean.Text(s, 0)
}
