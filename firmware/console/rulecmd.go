package console

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/schedule"
)

func (c *Console) ruleCommand() Command {
	return Command{Name: "rule", Usage: "rule explain|list ...", Summary: "why a caller gets what it gets; every rule in the order that decides",
		Help: "explain takes a number in any written form (quoted when it has spaces), or private, unavailable or none\n" +
			"for a call without a number, then the caller-ID name if any.\nexample: rule explain 900-555-0000 \"WIN A CRUISE\"",
		Subs: []Command{
			{Name: "explain", Aliases: []string{"why"}, Usage: "rule explain NUMBER [NAME] [--json]", Options: []Option{optJSON},
				Run: c.ruleExplain},
			{Name: "list", Aliases: []string{"ls", "show"}, Usage: "rule list [--json]", Options: []Option{optJSON},
				Run: c.ruleList},
		}}
}

// explainCall reads "NUMBER [NAME]" of rule explain: a number with or
// without spaces (as list add reads it), or a word for a call without one.
func explainCall(args []string) (screening.Call, error) {
	if len(args) == 0 {
		return screening.Call{}, usagef("usage: rule explain NUMBER [NAME] (or private, unavailable, none)")
	}
	switch strings.ToLower(strings.TrimPrefix(args[0], "@")) {
	case "private", "p", "withheld":
		return screening.Call{Presentation: screening.PresentationPrivate, Name: strings.Join(args[1:], " ")}, nil
	case "unavailable", "o", "out-of-area":
		return screening.Call{Presentation: screening.PresentationUnavailable, Name: strings.Join(args[1:], " ")}, nil
	case "none", "no-cid":
		return screening.Call{Presentation: screening.PresentationNone, Name: strings.Join(args[1:], " ")}, nil
	}
	k := 1
	for k < len(args) && numberish(args[k]) && !strings.ContainsAny(args[k], "*?") {
		k++
	}
	return screening.Call{Number: strings.Join(args[:k], " "), Name: strings.Join(args[k:], " "),
		Presentation: screening.PresentationAvailable}, nil
}

// ExplainJSON is "rule explain --json".
type ExplainJSON struct {
	Decision   string      `json:"decision"`
	Treatment  string      `json:"treatment,omitempty"`
	Rule       string      `json:"rule"`
	Reason     string      `json:"reason"`
	Number     string      `json:"number,omitempty"`
	Class      string      `json:"class,omitempty"`
	Mode       string      `json:"mode"`
	ModeWhy    string      `json:"mode_why,omitempty"`
	ModeEffect string      `json:"mode_effect,omitempty"`
	Matched    []MatchJSON `json:"matched"`
}

// MatchJSON is one rule that matched.
type MatchJSON struct {
	Step    string   `json:"step"`
	Rule    RuleJSON `json:"rule"`
	InForce bool     `json:"in_force"`
	WhyNot  string   `json:"why_not,omitempty"`
	Decides bool     `json:"decides"`
}

func (c *Console) ruleExplain(_ context.Context, r *Request, w io.Writer) error {
	call, err := explainCall(r.Args)
	if err != nil {
		return err
	}
	call.Name = clean.Name(call.Name)
	ex := c.b.Explain(call, c.now())
	d := ex.Decision
	if r.Has("--json") {
		j := ExplainJSON{Decision: screening.ActionWord(d.Action), Rule: d.Rule, Reason: d.Reason, Number: d.Number,
			Mode: ex.Mode.String(), ModeWhy: ex.ModeWhy, ModeEffect: ex.ModeEffect, Matched: []MatchJSON{}}
		if d.Action == screening.ActionBlock {
			j.Treatment = d.Treatment.String()
		}
		if ex.Class != screening.ClassNone {
			j.Class = ex.Class.String()
		}
		for i, m := range ex.Matched {
			j.Matched = append(j.Matched, MatchJSON{Step: m.Step.String(), Rule: ruleJSON(m.Rule), InForce: m.InForce,
				WhyNot: m.WhyNot, Decides: i == ex.Winner})
		}
		return writeJSON(w, j)
	}
	what := screening.ActionWord(d.Action)
	if d.Action == screening.ActionBlock {
		what += " (" + d.Treatment.String() + ")"
	}
	by := d.Rule
	if by == "" {
		by = "the default setting"
	}
	fmt.Fprintf(w, "decision: %s, by %s\n", what, by)
	fmt.Fprintf(w, "reason:   %s\n", clean.Text(d.Reason, 0))
	mode := ex.Mode.String()
	if ex.ModeWhy != "" {
		mode += " (" + ex.ModeWhy + ")"
	}
	if ex.ModeEffect != "" {
		mode += ": " + ex.ModeEffect
	}
	fmt.Fprintf(w, "mode:     %s\n", mode)
	if len(ex.Matched) == 0 {
		_, err := fmt.Fprintln(w, "no rule matches this caller")
		return err
	}
	fmt.Fprintln(w, "rules that match, in the order that decides:")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	for i, m := range ex.Matched {
		state := "in force"
		if !m.InForce {
			state = "not in force: " + m.WhyNot
		}
		mark := ""
		switch {
		case i == ex.Winner:
			mark = "<- decides"
		case ex.Winner >= 0 && i > ex.Winner && m.InForce:
			mark = "(a rule before it wins)"
		}
		fmt.Fprintf(tw, "  %d.\t%s\t%s\t%s\t%s\n", i+1, m.Step, ruleText(m.Rule, c.now()), state, mark)
	}
	return tw.Flush()
}

// exactOnly keeps the exact-number rules of a walk (the others come
// sorted by precedence from PatternRules).
func exactOnly(r screening.Rule) bool { return r.Match.Kind == screening.MatchExact }

// ruleStep is the precedence step of a rule.
func ruleStep(r screening.Rule) screening.Step {
	switch r.Match.Kind {
	case screening.MatchPattern:
		return screening.StepPattern
	case screening.MatchName:
		return screening.StepName
	case screening.MatchClass:
		return screening.StepClass
	}
	return screening.StepExact
}

func (c *Console) ruleList(ctx context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "rule list [--json]"); err != nil {
		return err
	}
	set, err := c.b.Settings()
	if err != nil {
		return err
	}
	others, err := c.b.PatternRules()
	if err != nil {
		return err
	}
	screening.SortByPrecedence(others)
	if r.Has("--json") {
		return c.ruleListJSON(ctx, w, set, others)
	}
	now := c.now()
	fmt.Fprintln(w, "The first rule in force that matches a caller decides; exact numbers first, then number patterns,\nname patterns and caller-ID classes; at equal rank allow > screen > voicemail > block.")
	n := 0
	pager := r.Term.Interactive()
	page := bulkPage
	if pager {
		page = pageSize
	}
	row := func(rule screening.Rule) error {
		n++
		state := "in force"
		if !rule.Active(now) {
			state = "expired"
		}
		_, err := fmt.Fprintf(w, "%4d. %-15s  %-44s  %s\n", n, ruleStep(rule), ruleText(rule, now), state)
		return err
	}
	err = c.walk(ctx, 0, true, 0, page, exactOnly, func(rs []screening.Rule, last bool) (bool, error) {
		for _, rule := range rs {
			if err := row(rule); err != nil {
				return false, err
			}
		}
		if !pager || last {
			return true, nil
		}
		return more(r, n, n+len(others), false)
	})
	if err != nil {
		return err
	}
	for _, rule := range others {
		if err := row(rule); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%4s  %-15s  %s every other caller (set default)\n", "-", "default", screening.ActionWord(set.Default))
	_, err = fmt.Fprintf(w, "mode %s: %s\n", set.Mode, modeMeaning[set.Mode])
	return err
}

// modeMeaning is what a mode does to the rules' answer.
var modeMeaning = map[schedule.Mode]string{
	schedule.ModeNormal:      "the rules above decide (dnd-schedule aside: see status)",
	schedule.ModeDND:         "allow rules ring, block rules block, every other call goes to voicemail",
	schedule.ModeVacation:    "every call the rules do not block goes to voicemail",
	schedule.ModePassthrough: "every call rings; the rules are not used",
}

// RuleListJSON is "rule list --json": the rules in the order that
// decides, the default, the mode.
type RuleListJSON struct {
	Mode    string     `json:"mode"`
	Default string     `json:"default"`
	Rules   []RuleJSON `json:"rules"`
}

// ruleListJSON streams RuleListJSON: the exact numbers are read a page at
// a time.
func (c *Console) ruleListJSON(ctx context.Context, w io.Writer, set screening.Settings, others []screening.Rule) error {
	if _, err := fmt.Fprintf(w, "{\n  \"mode\": %q,\n  \"default\": %q,\n  \"rules\": ", set.Mode.String(), screening.ActionWord(set.Default)); err != nil {
		return err
	}
	j := &jsonList{w: w}
	if err := c.walkJSON(ctx, j, 0, true, 0, exactOnly); err != nil {
		return err
	}
	for _, rule := range others {
		if err := j.add(ruleJSON(rule)); err != nil {
			return err
		}
	}
	if err := j.end(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n}\n")
	return err
}
