package console

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"secretary/screening"
	"secretary/screening/clean"
)

// The options several commands share.
var (
	optJSON  = Option{Name: "--json", Help: "one JSON value, for scripts"}
	optCount = Option{Name: "-n", Arg: "N", Help: "at most N entries"}
	optYes   = Option{Name: "--yes", Help: "do it without asking"}
)

// builtins is the command table, in the order help lists it.
func (c *Console) builtins() []Command {
	cmds := []Command{
		{Name: "help", Aliases: []string{"?"}, Usage: "help [COMMAND]", Summary: "every command, or one command in full",
			Help: "Commands, sub-commands and options may be shortened to any unique prefix and typed in any case\n" +
				"(bl li = block list). Tab completes commands, options, list entries and setting names; the arrows\n" +
				"recall earlier lines. example: help allow",
			Complete: c.completeCommands, Run: c.help},
		{Name: "status", Usage: "status [--json]", Summary: "what the box is doing: line, modem, mode, lists, calls, messages, store",
			Options: []Option{optJSON}, Help: "example: status", Run: c.status},
	}
	for _, l := range lists {
		cmds = append(cmds, c.listCommand(l))
	}
	cmds = append(cmds, c.ruleCommand(), c.scheduleCommand(), c.modeCommand(), c.logCommand(), c.statsCommand(), c.msgsCommand(),
		c.personCommand())
	cmds = append(cmds, c.dataCommands()...)
	cmds = append(cmds, c.storeCommand())
	if _, ok := c.b.(DeliveryBackend); ok {
		cmds = append(cmds, c.deliveryCommand())
	}
	cmds = append(cmds,
		Command{Name: "set", Usage: "set [KEY [VALUE]]", Summary: "every setting; set KEY VALUE changes one, set KEY puts back its default",
			Help: settingsHelp(), Complete: c.completeSettings, Run: c.set},
		Command{Name: "get", Usage: "get KEY", Summary: "one setting: its value, default and meaning",
			Help: "example: get ring-gap", Complete: c.completeSettings, Run: c.get},
		c.timeCommand(),
		c.passwdCommand(),
		Command{Name: "selftest", Usage: "selftest", Summary: "check the store, the mailbox, the modem and the clock while the box runs",
			Help: "The hardware check that needs the box stopped is secretary selftest --board NAME.\nexample: selftest",
			Run:  c.selftest},
		Command{Name: "reboot", Usage: "reboot [--yes]", Summary: "restart the box (asks first; calls pass through meanwhile)",
			Options: []Option{optYes}, Help: "On the simulated board it says what it would do.\nexample: reboot", Run: c.reboot},
		Command{Name: "exit", Aliases: []string{"quit", "logout"}, Usage: "exit", Summary: "leave the console (the box keeps running)",
			Help: "The box keeps handling calls. On a serial line the console starts again on the port (asking for the\n" +
				"PIN if one is set). On the terminal of secretary run --console - (make run) Enter opens a new session\n" +
				"and Ctrl-C then stops the box and ends the program.\nexample: exit",
			Run: func(context.Context, *Request, io.Writer) error { return ErrExit }},
	)
	return cmds
}

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

func (c *Console) help(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) == 0 {
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		for _, cmd := range c.cmds {
			fmt.Fprintf(tw, "  %s\t%s\n", cmd.Name, cmd.Summary)
		}
		fmt.Fprintln(tw, "  help COMMAND\tmore about one command: its forms, options and an example")
		return tw.Flush()
	}
	cmd, err := match(c.cmds, r.Args[0], "no command")
	if err != nil {
		return err
	}
	if len(r.Args) > 1 && len(cmd.Subs) > 0 {
		if sub, err := match(cmd.Subs, r.Args[1], cmd.Name+" has no"); err == nil {
			s := *sub
			s.Summary = cmd.Summary
			_, err := fmt.Fprintln(w, helpText(&s))
			return err
		}
	}
	_, err = fmt.Fprintln(w, helpText(cmd))
	return err
}

func (c *Console) status(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 0 {
		return usagef("usage: status [--json]")
	}
	st := c.b.Status()
	if st.Version == "" {
		st.Version = c.Version
	}
	if st.Now.IsZero() {
		st.Now = c.now()
	}
	if r.Has("--json") {
		return writeJSON(w, st.JSON())
	}
	_, err := fmt.Fprintln(w, st.Text())
	return err
}

// jsonIndent is v as indented JSON, each line after the first starting
// with prefix.
func jsonIndent(v any, prefix string) ([]byte, error) { return json.MarshalIndent(v, prefix, "  ") }

// writeJSON writes v as one indented JSON value.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
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

// okf writes the one "ok: ..." line of a change.
func okf(w io.Writer, format string, args ...any) error {
	_, err := fmt.Fprintf(w, "ok: "+format+"\n", args...)
	return err
}

// confirm asks a yes/no question unless --yes was given; where nobody
// can answer it says to give --yes.
func confirm(r *Request, question string) (bool, error) {
	if r.Has("--yes") {
		return true, nil
	}
	ans, err := r.Term.Ask(question + " (yes/no) ")
	if err != nil {
		if err == ErrNoAnswer {
			return false, usagef("%s asks to confirm: add --yes", r.Name())
		}
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(ans)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

// noArgs refuses words a command does not take.
func noArgs(r *Request, usage string) error {
	if len(r.Args) != 0 {
		return usagef("%s takes no %q (usage: %s)", r.Name(), clean.Name(r.Args[0]), usage)
	}
	return nil
}
