package console

import (
	"context"
	"strconv"
	"strings"

	"secretary/screening"
)

// complete is Tab: it completes the word before the cursor from the
// command table (commands, sub-commands, options) and what the command
// offers (list entries, setting names, schedules, messages). One
// candidate is put in with a space after it; several are put in as far
// as they agree, and listed (show) when that adds nothing.
func (c *Console) complete(ctx context.Context, line string, pos int) (newLine string, newPos int, show []string) {
	head, tail := line[:pos], line[pos:]
	start := strings.LastIndexAny(head, " \t") + 1
	word, before := head[start:], strings.Fields(head[:start])
	cands := c.candidates(ctx, before, word)
	if len(cands) == 0 {
		return line, pos, nil
	}
	if len(cands) == 1 {
		ins := cands[0] + " "
		return head[:start] + ins + tail, start + len(ins), nil
	}
	common := cands[0]
	for _, s := range cands[1:] {
		common = commonPrefix(common, s)
	}
	if len(common) > len(word) {
		return head[:start] + common + tail, start + len(common), nil
	}
	return line, pos, cands
}

// commonPrefix is the longest prefix of a and b, ignoring case (a's case).
func commonPrefix(a, b string) string {
	n := 0
	for n < len(a) && n < len(b) && strings.EqualFold(a[n:n+1], b[n:n+1]) {
		n++
	}
	return a[:n]
}

// candidates are the words that could come after before, starting with word.
func (c *Console) candidates(ctx context.Context, before []string, word string) []string {
	if len(before) == 0 {
		return c.completeCommands(ctx, nil, word)
	}
	cmd, err := match(c.cmds, before[0], "")
	if err != nil {
		return nil
	}
	args := before[1:]
	if len(cmd.Subs) > 0 {
		if len(args) == 0 {
			if isOption(word) {
				return nil
			}
			return names(cmd.Subs, word)
		}
		sub, err := match(cmd.Subs, args[0], "")
		if err != nil {
			return nil
		}
		cmd, args = sub, args[1:]
	}
	if isOption(word) || word == "-" {
		var opts []string
		for _, o := range cmd.Options {
			opts = append(opts, o.Name)
		}
		return withPrefix(opts, word)
	}
	if len(args) > 0 && isOption(args[len(args)-1]) {
		return nil // the value of an option
	}
	if cmd.Complete == nil {
		return nil
	}
	var plain []string
	for _, a := range args {
		if !isOption(a) {
			plain = append(plain, a)
		}
	}
	return cmd.Complete(ctx, plain, word)
}

// names are the command names that start with prefix.
func names(cmds []Command, prefix string) []string {
	var ns []string
	for _, c := range cmds {
		ns = append(ns, c.Name)
	}
	return withPrefix(ns, prefix)
}

// completeCommands offers command names (help's argument, and the first word).
func (c *Console) completeCommands(_ context.Context, args []string, prefix string) []string {
	if len(args) > 0 {
		return nil
	}
	return names(c.cmds, prefix)
}

// completeEntries offers the entries of a list that start with prefix
// (a number also without its '+'): one page of the list, no more.
func (c *Console) completeEntries(action screening.Action) func(context.Context, []string, string) []string {
	return func(_ context.Context, args []string, prefix string) []string {
		if len(args) > 0 {
			return nil
		}
		p := strings.ToLower(prefix)
		keep := func(r screening.Rule) bool {
			t := strings.ToLower(r.Match.Text)
			return strings.HasPrefix(t, p) || strings.HasPrefix(t, "+"+p)
		}
		rs, _, err := c.b.ListPage(action, false, "", 50, keep)
		if err != nil {
			return nil
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Match.Text)
		}
		return out
	}
}

// completeWindows offers schedule names.
func (c *Console) completeWindows(_ context.Context, args []string, prefix string) []string {
	if len(args) > 0 {
		return nil
	}
	return c.windowNames(prefix)
}

func (c *Console) windowNames(prefix string) []string {
	ws, err := c.b.Windows()
	if err != nil {
		return nil
	}
	var ns []string
	for _, w := range ws {
		ns = append(ns, w.Name)
	}
	return withPrefix(ns, prefix)
}

// completeMessages offers message numbers, and heard and all for del.
func (c *Console) completeMessages(_ context.Context, args []string, prefix string) []string {
	if len(args) > 0 {
		return nil
	}
	msgs, err := c.b.Messages()
	if err != nil {
		return nil
	}
	ws := []string{"heard", "all"}
	for i := range msgs {
		ws = append(ws, strconv.Itoa(i+1))
	}
	return withPrefix(ws, prefix)
}

// completeSettings offers setting names, then a setting's values when its
// form lists them (mode: normal|dnd|...).
func (c *Console) completeSettings(_ context.Context, args []string, prefix string) []string {
	switch len(args) {
	case 0:
		return withPrefix(screening.SettingKeys(), prefix)
	case 1:
		k, err := lookupSetting(args[0])
		if err == nil && k.Key == "dnd-schedule" {
			return c.windowNames(prefix)
		}
		if err != nil || strings.ContainsAny(k.Form, " ") {
			return nil
		}
		return withPrefix(strings.Split(k.Form, "|"), prefix)
	}
	return nil
}
