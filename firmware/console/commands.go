package console

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
)

// Command is one command word of the console: the table that help,
// dispatch (and later completion and a control socket) read.
type Command struct {
	Name    string   // the word typed: "allow"
	Aliases []string // other words for it: "quit" for exit
	Usage   string   // its forms: "allow add NUMBER [NAME] | allow del NUMBER"
	Summary string   // one line for help
	Help    string   // what "help NAME" adds: options, remarks, an example
	// Run gets the words after the command word and writes its answer
	// to w; an error is shown as "error: ..." in one plain sentence.
	Run func(ctx context.Context, args []string, w io.Writer) error
}

func (c *Console) builtins() []Command {
	return []Command{
		{Name: "help", Aliases: []string{"?"}, Usage: "help [COMMAND]", Summary: "every command, or one command in full",
			Help: "help set lists every setting with its values and default.\nexample: help allow", Run: c.help},
		{Name: "status", Usage: "status", Summary: "what the box is doing: line, relay, mode, calls, messages",
			Help: "example: status", Run: c.status},
		{Name: "allow", Usage: "allow add NUMBER [NAME] | allow del NUMBER", Summary: "always ring this number through (or stop)",
			Help: numberHelp + "\nexample: allow add 212-555-0143 HUDSON DENTAL", Run: c.list("allow", screening.ActionPass)},
		{Name: "block", Usage: "block add NUMBER [NAME] | block del NUMBER", Summary: "never let this number reach the phone (or stop)",
			Help: numberHelp + " What a blocked caller gets is the block-treatment setting.\nexample: block add 900-555-0000 ROBOCALLER",
			Run:  c.list("block", screening.ActionBlock)},
		{Name: "log", Usage: "log [-n N] [--json]", Summary: "the newest N calls (default 20), newest first",
			Help: "--json gives one JSON array for scripts. Ctrl-C stops a long answer.\nexample: log -n 5", Run: c.log},
		{Name: "msgs", Usage: "msgs list | msgs play ID", Summary: "voicemail messages; play rings the handset and plays one when picked up",
			Help: "example: msgs play 20261123-101500-0001", Run: c.msgs},
		{Name: "set", Usage: "set [KEY [VALUE]]", Summary: "every setting; set KEY VALUE changes one, set KEY puts back its default",
			Help: settingsHelp(), Run: c.set},
		{Name: "get", Usage: "get KEY", Summary: "one setting: its value, default and meaning",
			Help: "example: get ring-gap", Run: c.get},
		{Name: "exit", Aliases: []string{"quit"}, Usage: "exit", Summary: "leave the console (the box keeps running)",
			Help: "The box keeps handling calls. On a serial line the console starts again on the port.\n" +
				"On the terminal of secretary run --console - (make run) Enter opens a new session\n" +
				"and Ctrl-C then stops the box and ends the program.\nexample: exit",
			Run: func(context.Context, []string, io.Writer) error { return ErrExit }},
	}
}

const numberHelp = "NUMBER as usually written: 2125550143, 212-555-0143, (212)555-0143, +12125550143.\n" +
	"NAME is kept with the entry. A number is on one list at a time: adding it moves it."

// settingsHelp is "help set": the settings table.
func settingsHelp() string {
	var b strings.Builder
	b.WriteString("A change applies from the next call. The settings:\n")
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	for _, k := range screening.SettingTable() {
		fmt.Fprintf(tw, "  %s\t%s\tdefault %s\t%s\n", k.Key, k.Form, orDash(k.Default), k.Meaning)
	}
	tw.Flush()
	b.WriteString("example: set mode dnd; set ring-gap 6s; set ring-gap (back to 8s)")
	return b.String()
}

func (c *Console) help(_ context.Context, args []string, w io.Writer) error {
	switch len(args) {
	case 0:
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, cmd := range c.cmds {
			fmt.Fprintf(tw, "  %s\t%s\n", cmd.Usage, cmd.Summary)
		}
		fmt.Fprintln(tw, "  help COMMAND\tmore about one command, with an example")
		return tw.Flush()
	case 1:
		cmd, ok := c.lookup(args[0])
		if !ok {
			return usagef("no command %q (help lists them)", clean.Name(args[0]))
		}
		fmt.Fprintf(w, "usage: %s\n%s\n", cmd.Usage, cmd.Summary)
		if cmd.Help != "" {
			fmt.Fprintln(w, cmd.Help)
		}
		return nil
	}
	return usagef("usage: help [COMMAND]")
}

func (c *Console) status(_ context.Context, args []string, w io.Writer) error {
	if len(args) != 0 {
		return usagef("status takes no arguments")
	}
	_, err := fmt.Fprintln(w, c.b.Status().Text())
	return err
}

func (c *Console) msgs(_ context.Context, args []string, w io.Writer) error {
	if len(args) == 2 && args[0] == "play" {
		if err := c.b.PlayMessage(args[1]); err != nil {
			return err
		}
		fmt.Fprintln(w, "ringing the handset: pick up to hear the message")
		return nil
	}
	if len(args) != 1 || args[0] != "list" {
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
	var sent map[string]string
	if d, ok := c.b.(Deliveries); ok {
		sent = d.DeliveryStates()
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTIME\tFROM\tNAME\tLENGTH\tNEW\tDELIVERY")
	for _, m := range msgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.Time.Local().Format("2006-01-02 15:04"),
			orDash(m.Number), orDash(clean.Name(m.Name)), m.Duration.Round(time.Second), yes(!m.Heard), orDash(sent[m.ID]))
	}
	return tw.Flush()
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

// list is allow (act ActionPass) or block: add or delete a number.
func (c *Console) list(list string, act screening.Action) func(context.Context, []string, io.Writer) error {
	return func(_ context.Context, args []string, w io.Writer) error {
		if len(args) < 2 || (args[0] != "add" && args[0] != "del") {
			return usagef("usage: %s add NUMBER [NAME] | %s del NUMBER", list, list)
		}
		num := args[1]
		if !plausibleNumber(num) {
			return usagef("%q is not a phone number", clean.Name(num))
		}
		if args[0] == "del" {
			if len(args) != 2 {
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
		name := clean.Name(strings.Join(args[2:], " "))
		r, err := c.b.AddNumber(act, num, name, clean.Note("console"), c.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "ok: %s\n", r.Short())
		return nil
	}
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
		Time: r.Time.Format(time.RFC3339), Number: r.Number, Raw: clean.Text(r.Raw, 0), Name: clean.Name(r.Name),
		Presentation: r.Presentation.String(), Decision: r.Decision.String(), Rule: r.Rule, Reason: r.Reason,
		Outcome: r.Outcome.String(), DurationS: float64(r.Duration.Milliseconds()) / 1000, Message: r.Message,
	}
}

func (c *Console) log(_ context.Context, args []string, w io.Writer) error {
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
				return usagef("-n wants a count from 1 to 100000, not %q", clean.Name(args[i]))
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
			orDash(clean.Name(r.Name)), r.Decision, r.Outcome, r.Duration.Seconds(), orDash(r.Rule), orDash(r.Message))
	}
	return tw.Flush()
}
