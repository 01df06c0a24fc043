package console

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"secretary/screening/clean"
)

// Command is one command word of the console, or one sub-command of it
// ("allow add"): the table that help, dispatch, completion and the
// control socket read.
type Command struct {
	Name    string   // the word typed: "allow"
	Aliases []string // other words for it: "quit" for exit
	Usage   string   // its form: "allow add PATTERN [NAME...] [options]"
	Summary string   // one line for help
	Help    string   // what "help NAME" adds: remarks, an example
	Options []Option // the options it takes (a command with Subs: none of its own)
	// Subs are its sub-commands ("add", "del"); Default is the one run
	// when none is named ("" : one must be).
	Subs    []Command
	Default string
	// Raw passes every word after the command word to Run as Args,
	// options unparsed (the simulated world's "sim").
	Raw bool
	// Complete, if set, offers words for Tab after the words in args,
	// starting with prefix (list entries, setting names, message numbers).
	Complete func(ctx context.Context, args []string, prefix string) []string
	// Run runs the command; an error is shown as "error: ..." in one
	// plain sentence.
	Run func(ctx context.Context, r *Request, w io.Writer) error
}

// Option is one option of a command.
type Option struct {
	Name string // "--json", "-n"
	Arg  string // the value's name ("N", "DATE"); "" for a flag
	Help string // one line
}

// Request is one command as typed, resolved against the table.
type Request struct {
	Path []string // the command words, spelled as in the table: ["allow", "add"]
	Args []string // the other words, options taken out
	// Term is the session the command runs in, for questions; never nil.
	Term  Term
	opts  map[string]string
	state *sessionState
}

// Has reports whether the option (its full name) was given.
func (r *Request) Has(name string) bool { _, ok := r.opts[name]; return ok }

// Value is the option's value, "" when not given.
func (r *Request) Value(name string) string { return r.opts[name] }

// Count reads a whole-number option in lo..hi; def when not given.
func (r *Request) Count(name string, def, lo, hi int) (int, error) {
	v, ok := r.opts[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, usagef("%s wants a whole number from %d to %d, not %q", name, lo, hi, clean.Name(v))
	}
	return n, nil
}

// Name is the command as typed in canonical words: "allow add".
func (r *Request) Name() string { return strings.Join(r.Path, " ") }

// match finds the command a word names: an exact name or alias, else the
// only one it is a prefix of, ignoring case. An ambiguous prefix is an
// error that lists the candidates.
func match(cmds []Command, word, what string) (*Command, error) {
	w := strings.ToLower(word)
	var cands []*Command
	for i := range cmds {
		c := &cmds[i]
		names := append([]string{c.Name}, c.Aliases...)
		for _, n := range names {
			if n == w {
				return c, nil
			}
		}
		for _, n := range names {
			if strings.HasPrefix(n, w) {
				cands = append(cands, c)
				break
			}
		}
	}
	switch len(cands) {
	case 1:
		return cands[0], nil
	case 0:
		return nil, usagef("%s %q (%s)", what, clean.Name(word), listNames(cmds))
	}
	names := make([]string, len(cands))
	for i, c := range cands {
		names[i] = c.Name
	}
	return nil, usagef("%q could be %s: type more of it", clean.Name(word), orList(names))
}

// listNames is the hint after an unknown word.
func listNames(cmds []Command) string {
	if len(cmds) > 8 {
		return "help lists them"
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Name
	}
	return "use " + orList(names)
}

// orList is "a, b or c".
func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// resolve finds the command (and sub-command) words names and parses its
// options: case-insensitive, any unique prefix of a command, sub-command
// or long option; "--opt=value" or "--opt value"; "--" ends the options.
func resolve(cmds []Command, words []string) (*Command, *Request, error) {
	if len(words) == 0 {
		return nil, nil, usagef("no command")
	}
	cmd, err := match(cmds, words[0], "unknown command")
	if err != nil {
		return nil, nil, err
	}
	req := &Request{Path: []string{cmd.Name}, opts: map[string]string{}}
	rest := words[1:]
	if len(cmd.Subs) > 0 {
		sub := cmd.Default
		if len(rest) > 0 && !isOption(rest[0]) {
			sub, rest = rest[0], rest[1:]
		}
		if sub == "" {
			return nil, nil, usagef("%s what? %s", cmd.Name, subUsage(cmd))
		}
		s, err := match(cmd.Subs, sub, cmd.Name+" has no")
		if err != nil {
			return nil, nil, err
		}
		cmd = s
		req.Path = append(req.Path, s.Name)
	}
	if cmd.Raw {
		req.Args = rest
		return cmd, req, nil
	}
	if err := parseOptions(cmd, req, rest); err != nil {
		return nil, nil, err
	}
	return cmd, req, nil
}

// subUsage is the forms of a command with sub-commands, for an error.
func subUsage(cmd *Command) string {
	forms := make([]string, len(cmd.Subs))
	for i, s := range cmd.Subs {
		forms[i] = s.Usage
	}
	return "usage: " + strings.Join(forms, " | ")
}

// isOption tells an option from a word: "-n", "--json"; not "-" or a
// negative number.
func isOption(w string) bool {
	if len(w) < 2 || w[0] != '-' {
		return false
	}
	return !(w[1] >= '0' && w[1] <= '9')
}

func parseOptions(cmd *Command, req *Request, words []string) error {
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "--" {
			req.Args = append(req.Args, words[i+1:]...)
			return nil
		}
		if !isOption(w) {
			req.Args = append(req.Args, w)
			continue
		}
		name, val, hasVal := strings.Cut(w, "=")
		o, err := findOption(cmd, name)
		if err != nil {
			return err
		}
		switch {
		case o.Arg == "" && hasVal:
			return usagef("%s takes no value", o.Name)
		case o.Arg != "" && !hasVal:
			if i+1 >= len(words) {
				return usagef("%s needs a value (%s)", o.Name, o.Arg)
			}
			i++
			val = words[i]
		}
		if _, dup := req.opts[o.Name]; dup {
			return usagef("%s is given twice", o.Name)
		}
		req.opts[o.Name] = val
	}
	return nil
}

// findOption finds an option by its name or a unique prefix of a long
// one, ignoring case.
func findOption(cmd *Command, name string) (*Option, error) {
	n := strings.ToLower(name)
	var cands []*Option
	for i := range cmd.Options {
		o := &cmd.Options[i]
		if o.Name == n {
			return o, nil
		}
		if strings.HasPrefix(n, "--") && len(n) > 2 && strings.HasPrefix(o.Name, n) {
			cands = append(cands, o)
		}
	}
	if len(cands) == 1 {
		return cands[0], nil
	}
	names := make([]string, 0, len(cmd.Options))
	for _, o := range cmd.Options {
		names = append(names, o.Name)
	}
	if len(cands) > 1 {
		amb := make([]string, len(cands))
		for i, o := range cands {
			amb[i] = o.Name
		}
		return nil, usagef("%s could be %s: type more of it", clean.Name(name), orList(amb))
	}
	if len(names) == 0 {
		return nil, usagef("%s takes no options (%s given)", cmdWords(cmd), clean.Name(name))
	}
	return nil, usagef("unknown option %s (%s takes %s)", clean.Name(name), cmdWords(cmd), orList(names))
}

// cmdWords is the command words of a usage line: "allow add".
func cmdWords(cmd *Command) string {
	var out []string
	for _, f := range strings.Fields(cmd.Usage) {
		if f != strings.ToLower(f) || strings.ContainsAny(f, "[]|-") {
			break
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return cmd.Name
	}
	return strings.Join(out, " ")
}

// helpText is "help NAME": the usage of the command or of each of its
// sub-commands, their options, remarks and examples.
func helpText(cmd *Command) string {
	var b strings.Builder
	forms := []*Command{cmd}
	if len(cmd.Subs) > 0 {
		forms = forms[:0]
		for i := range cmd.Subs {
			forms = append(forms, &cmd.Subs[i])
		}
	}
	b.WriteString("usage:")
	for _, f := range forms {
		fmt.Fprintf(&b, "\n  %s", f.Usage)
	}
	fmt.Fprintf(&b, "\n%s\n", cmd.Summary)
	var opts []Option
	for _, f := range forms {
		for _, o := range f.Options {
			if !slices.ContainsFunc(opts, func(p Option) bool { return p.Name == o.Name }) {
				opts = append(opts, o)
			}
		}
	}
	if len(opts) > 0 {
		sort.SliceStable(opts, func(i, j int) bool { return opts[i].Name < opts[j].Name })
		b.WriteString("options:\n")
		for _, o := range opts {
			name := o.Name
			if o.Arg != "" {
				name += " " + o.Arg
			}
			fmt.Fprintf(&b, "  %-18s %s\n", name, o.Help)
		}
	}
	if len(cmd.Aliases) > 0 {
		fmt.Fprintf(&b, "also: %s\n", strings.Join(cmd.Aliases, ", "))
	}
	if cmd.Help != "" {
		b.WriteString(cmd.Help)
		b.WriteByte('\n')
	}
	for _, f := range forms {
		if f != cmd && f.Help != "" {
			b.WriteString(f.Help)
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
