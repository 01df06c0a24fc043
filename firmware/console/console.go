package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"secretary/firmware/call"
	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/words"
)

// MaxLine is the longest command line accepted, in bytes.
const MaxLine = 4096

// Backend is what the commands act on; cmd wires it to the store, the
// appliance and the mailbox.
type Backend interface {
	// Status is a few lines about the box.
	Status() string
	AddNumber(action screening.Action, raw, name, note string, now time.Time) (screening.Rule, error)
	DeleteRule(text string) (bool, error)
	Log(n int) ([]screening.LogRecord, error) // newest first
	Messages() ([]screening.Message, error)   // newest first
	// PlayMessage rings the handset and plays message id when picked up.
	PlayMessage(id string) error
	Settings() (screening.Settings, error)
	// SetSetting validates and stores one setting; it applies from the
	// next call.
	SetSetting(key, value string) error
}

// Extension is an extra command word added by the composition root.
type Extension struct {
	Summary string // one line for help
	// Run gets the words after the command word and writes its answer.
	Run func(ctx context.Context, args []string, w io.Writer) error
}

// Console runs commands against a Backend.
type Console struct {
	b      Backend
	ext    map[string]Extension
	now    func() time.Time
	Prompt string
	// Resident: the console lives on a line that stays (a serial port):
	// ^C clears the line being typed and ^D does nothing, so no key ends
	// the session; only the line failing (or quit) ends Run.
	Resident bool

	mu  sync.Mutex
	out io.Writer // the session Notify writes to, if any
}

// Attach makes w the destination of Notify until detach is called; Run
// attaches its terminal itself.
func (c *Console) Attach(w io.Writer) (detach func()) {
	c.mu.Lock()
	c.out = w
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		if c.out == w {
			c.out = nil
		}
		c.mu.Unlock()
	}
}

// Notify shows one line of news (a call arriving, its end) to whoever is
// at the console now; on the terminal the prompt and the half-typed line
// are redrawn under it. Without a session the line is dropped.
func (c *Console) Notify(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out != nil {
		fmt.Fprintf(c.out, "* %s\n", call.CleanName(msg))
	}
}

// New returns a console; ext may be nil.
func New(b Backend, ext map[string]Extension, now func() time.Time) *Console {
	if now == nil {
		now = time.Now
	}
	return &Console{b: b, ext: ext, now: now, Prompt: "secretary> "}
}

// usageError is bad input: shown as "error: ..." with the command's usage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

var help = []struct{ cmd, text string }{
	{"help", "this list"},
	{"status", "what the box is doing"},
	{"allow add NUMBER [NAME]", "always ring this number through"},
	{"allow del NUMBER", "remove it from the allow list"},
	{"block add NUMBER [NAME]", "never let this number reach the phone"},
	{"block del NUMBER", "remove it from the block list"},
	{"log [-n N] [--json]", "the newest N calls (default 20), newest first"},
	{"msgs list", "voicemail messages"},
	{"msgs play ID", "ring the handset and play the message when picked up"},
	{"set", "show the settings"},
	{"set KEY VALUE", "change one (e.g. set mode dnd, set challenge on); applies from the next call"},
	{"quit", "leave the console (the box keeps running)"},
}

// Exec runs one command line and writes its answer to w. It returns io.EOF
// for "quit"; every other failure has already been written as "error: ...".
func (c *Console) Exec(ctx context.Context, line string, w io.Writer) error {
	if len(line) > MaxLine {
		err := fmt.Errorf("console: line too long (over %d bytes); nothing was done", MaxLine)
		fmt.Fprintf(w, "error: %s\n", strings.TrimPrefix(err.Error(), "console: "))
		return err
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
	err = c.dispatch(ctx, args, w)
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintf(w, "error: %s\n", sentence(err))
	}
	return err
}

// sentence makes an error one plain line.
func sentence(err error) string {
	s := strings.ReplaceAll(err.Error(), "\n", "; ")
	return call.CleanName(s)
}

func (c *Console) dispatch(ctx context.Context, words []string, w io.Writer) error {
	switch words[0] {
	case "help", "?":
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, h := range help {
			fmt.Fprintf(tw, "  %s\t%s\n", h.cmd, h.text)
		}
		var names []string
		for n := range c.ext {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(tw, "  %s ...\t%s\n", n, c.ext[n].Summary)
		}
		return tw.Flush()
	case "quit", "exit":
		return io.EOF
	case "status":
		if len(words) != 1 {
			return usagef("status takes no arguments")
		}
		fmt.Fprintln(w, c.b.Status())
		return nil
	case "allow", "block":
		return c.list(words, w)
	case "log":
		return c.log(words[1:], w)
	case "set":
		return c.set(words[1:], w)
	case "msgs":
		if len(words) == 3 && words[1] == "play" {
			if err := c.b.PlayMessage(words[2]); err != nil {
				return err
			}
			fmt.Fprintln(w, "ringing the handset: pick up to hear the message")
			return nil
		}
		if len(words) != 2 || words[1] != "list" {
			return usagef("usage: msgs list | msgs play ID")
		}
		msgs, err := c.b.Messages()
		if err != nil {
			return err
		}
		if len(msgs) == 0 {
			fmt.Fprintln(w, "no messages")
			return nil
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTIME\tFROM\tNAME\tLENGTH\tNEW")
		for _, m := range msgs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Time.Local().Format("2006-01-02 15:04"),
				orDash(m.Number), orDash(call.CleanName(m.Name)), m.Duration.Round(time.Second), yes(!m.Heard))
		}
		return tw.Flush()
	}
	if e, ok := c.ext[words[0]]; ok {
		return e.Run(ctx, words[1:], w)
	}
	return usagef("unknown command %q (try help)", call.CleanName(words[0]))
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (c *Console) list(words []string, w io.Writer) error {
	list := words[0]
	if len(words) < 3 || (words[1] != "add" && words[1] != "del") {
		return usagef("usage: %s add NUMBER [NAME] | %s del NUMBER", list, list)
	}
	num := words[2]
	if !plausibleNumber(num) {
		return usagef("%q is not a phone number", call.CleanName(num))
	}
	if words[1] == "del" {
		if len(words) != 3 {
			return usagef("usage: %s del NUMBER", list)
		}
		ok, err := c.b.DeleteRule(num)
		if err != nil {
			return err
		}
		if !ok {
			return usagef("%s is not on any list", num)
		}
		fmt.Fprintf(w, "removed %s\n", num)
		return nil
	}
	name := call.CleanName(strings.Join(words[3:], " "))
	act := screening.ActionPass
	if list == "block" {
		act = screening.ActionBlock
	}
	r, err := c.b.AddNumber(act, num, name, "console", c.now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ok: %s\n", r.Short())
	return nil
}

// plausibleNumber accepts digits with the usual punctuation.
func plausibleNumber(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0, c == '-', c == '(', c == ')', c == '.', c == ' ':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}

// LogJSON is one record of "log --json".
type LogJSON struct {
	Time         string  `json:"time"`
	Number       string  `json:"number"`
	Raw          string  `json:"raw,omitempty"`
	Name         string  `json:"name"`
	Presentation string  `json:"presentation"`
	Decision     string  `json:"decision"`
	Rule         string  `json:"rule"`
	Reason       string  `json:"reason,omitempty"`
	Outcome      string  `json:"outcome"`
	DurationS    float64 `json:"duration_s"`
	Message      string  `json:"message"`
}

// ToJSON converts a log record.
func ToJSON(r screening.LogRecord) LogJSON {
	return LogJSON{
		Time: r.Time.Format(time.RFC3339), Number: r.Number, Raw: call.CleanName(r.Raw), Name: call.CleanName(r.Name),
		Presentation: r.Presentation.String(), Decision: r.Decision.String(), Rule: r.Rule, Reason: r.Reason,
		Outcome: r.Outcome.String(), DurationS: float64(r.Duration.Milliseconds()) / 1000, Message: r.Message,
	}
}

func (c *Console) log(args []string, w io.Writer) error {
	n, asJSON := 20, false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--json" || a == "-json":
			asJSON = true
		case a == "-n" || a == "--n":
			if i+1 >= len(args) {
				return usagef("-n needs a number")
			}
			i++
			v, err := strconv.Atoi(args[i])
			if err != nil || v < 1 || v > 100000 {
				return usagef("-n wants a count from 1 to 100000, not %q", call.CleanName(args[i]))
			}
			n = v
		default:
			return usagef("usage: log [-n N] [--json]")
		}
	}
	recs, err := c.b.Log(n)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]LogJSON, 0, len(recs))
		for _, r := range recs {
			out = append(out, ToJSON(r))
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	if len(recs) == 0 {
		fmt.Fprintln(w, "no calls yet")
		return nil
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tNUMBER\tNAME\tDECISION\tOUTCOME\tSECS\tRULE\tMESSAGE")
	for _, r := range recs {
		num := r.Number
		if num == "" {
			num = r.Presentation.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\n", r.Time.Local().Format("01-02 15:04:05"), num,
			orDash(call.CleanName(r.Name)), r.Decision, r.Outcome, r.Duration.Seconds(), orDash(r.Rule), orDash(r.Message))
	}
	return tw.Flush()
}

// Run serves the console on rw with a line editor until ctx ends, the
// reader ends, or the owner types quit. To stop it from outside, cancel ctx
// and close rw (a blocked read cannot be interrupted otherwise).
func (c *Console) Run(ctx context.Context, rw io.ReadWriter) error {
	in := &keyFilter{r: rw, resident: c.Resident}
	t := term.NewTerminal(struct {
		io.Reader
		io.Writer
	}{in, rw}, c.Prompt)
	fmt.Fprintln(t, "secretary console; type help")
	defer c.Attach(t)()
	for {
		if ctx.Err() != nil {
			return nil
		}
		line, err := t.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("console: %w", err)
		}
		if err := c.Exec(ctx, line, t); errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// set shows every setting with its value, default and meaning, changes
// one, or puts one back to its default.
func (c *Console) set(args []string, w io.Writer) error {
	switch len(args) {
	case 0:
		st, err := c.b.Settings()
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "  SETTING\tVALUE\tDEFAULT\tMEANING")
		for _, k := range screening.SettingTable() {
			v, _ := st.Get(k.Key)
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", k.Key, orDash(v), orDash(k.Default), k.Meaning)
		}
		return tw.Flush()
	case 1, 2:
		k, ok := screening.LookupSetting(args[0])
		if !ok {
			return screening.UnknownSetting(clean.Name(args[0]))
		}
		value := ""
		if len(args) == 2 {
			value = args[1]
		}
		if err := c.b.SetSetting(k.Key, value); err != nil {
			return err
		}
		st, err := c.b.Settings()
		if err != nil {
			return err
		}
		v, _ := st.Get(k.Key)
		if value == "" {
			fmt.Fprintf(w, "ok: %s = %s, its default (from the next call)\n", k.Key, orDash(v))
			return nil
		}
		fmt.Fprintf(w, "ok: %s = %s (from the next call)\n", k.Key, orDash(v))
		return nil
	}
	return usagef("usage: set | set KEY | set KEY VALUE (quote a value with spaces)")
}
