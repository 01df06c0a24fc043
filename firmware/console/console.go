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

	"secretary/screening/clean"
	"secretary/screening/words"
)

// MaxLine is the longest command line accepted, in bytes.
const MaxLine = 4096

// Console runs commands against a Backend and sends notices to the
// sessions attached to it.
type Console struct {
	b       Backend
	cmds    []Command
	now     func() time.Time
	Prompt  string
	Version string // shown by status (the backend may say it too)
	// Attention, if set, names what needs the owner now in a few words
	// ("STORE DAMAGED: type help store"), or "" when nothing does. Every
	// prompt then shows it: "secretary (STORE DAMAGED: type help store)> ".
	// It is called before each prompt and notice and must be quick.
	Attention func() string

	auth auth // the PIN's lockout, shared by every session

	mu       sync.Mutex            // guards sessions
	sessions map[*session]struct{} // where Notify sends
}

// New returns a console; extra commands (e.g. the simulated board's "sim")
// join the built-in ones in help, dispatch and completion. now may be nil
// (the real clock).
func New(b Backend, extra []Command, now func() time.Time) *Console {
	if now == nil {
		now = time.Now
	}
	c := &Console{b: b, now: now, Prompt: "secretary> ", sessions: map[*session]struct{}{}}
	c.cmds = append(c.builtins(), extra...)
	return c
}

// prompt is Prompt with the Attention note, if any, before its "> ".
func (c *Console) prompt() string {
	if c.Attention == nil {
		return c.Prompt
	}
	note := clean.Text(c.Attention(), 0)
	if note == "" {
		return c.Prompt
	}
	base := strings.TrimSuffix(strings.TrimRight(c.Prompt, " "), ">")
	return strings.TrimRight(base, " ") + " (" + note + ")> "
}

// Commands is the command table: help, dispatch and completion read it,
// and so can a control socket.
func (c *Console) Commands() []Command { return append([]Command(nil), c.cmds...) }

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

// Exec runs one command line and writes its answer to w, with nobody to
// answer questions (a command that must ask says how to do without). It
// returns ErrExit for exit; every other failure has already been written
// as "error: ..." (an interrupted answer is not: it was cut short on
// purpose).
func (c *Console) Exec(ctx context.Context, line string, w io.Writer) error {
	return c.ExecTerm(ctx, line, w, nil)
}

// ExecTerm is Exec in a session whose Term answers the command's
// questions (nil: nobody does).
func (c *Console) ExecTerm(ctx context.Context, line string, w io.Writer, t Term) error {
	return c.exec(ctx, line, w, t, nil)
}

func (c *Console) exec(ctx context.Context, line string, w io.Writer, t Term, st *sessionState) error {
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
	if t == nil {
		t = noTerm{}
	}
	if st == nil {
		st = &sessionState{}
	}
	cmd, req, err := resolve(c.cmds, args)
	if err == nil {
		req.Term, req.state = t, st
		err = cmd.Run(ctx, req, w)
	}
	if err != nil && !errors.Is(err, ErrExit) && !errors.Is(err, ErrInterrupted) && ctx.Err() == nil {
		fmt.Fprintf(w, "error: %s\n", sentence(err))
	}
	return err
}

// pkgPrefix is the "package: " (or "package: syntax error: ") that Go
// errors start with, which means nothing to an owner.
var pkgPrefix = regexp.MustCompile(`(^|; |: )(screening|store|voicemail|console|number|schedule|firmware|words|sim|modem|call|backup|control)(: syntax error)?: `)

// sentence makes an error one plain line for an owner.
func sentence(err error) string {
	var owned interface{ Sentence() string }
	if errors.As(err, &owned) {
		return clean.Text(owned.Sentence(), 0)
	}
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
