package screening

import (
	"fmt"
	"strings"
	"time"

	"secretary/screening/schedule"
)

// Step is the stage of the precedence at which a rule matched a call.
type Step int

const (
	StepExact   Step = iota // the exact number (the lists)
	StepPattern             // a number pattern
	StepName                // a caller-name pattern
	StepClass               // a caller-ID class
)

func (s Step) String() string {
	switch s {
	case StepExact:
		return "exact number"
	case StepPattern:
		return "number pattern"
	case StepName:
		return "name pattern"
	case StepClass:
		return "caller-ID class"
	}
	return fmt.Sprintf("Step(%d)", int(s))
}

// Candidate is a rule that matches a call, and whether it is in force.
type Candidate struct {
	Rule    Rule
	Step    Step
	InForce bool   // not expired and inside its schedule
	WhyNot  string // when not in force: "expired 2026-12-01 00:00", "outside schedule office"
}

// Explanation is why the engine decides what it does for a call: the
// decision, every rule that matches the caller in the order that decides
// (the first in force wins), and what the mode did to the rules' answer.
type Explanation struct {
	Decision   Decision
	Class      Class         // the caller-ID class; ClassNone for a valid national number
	Mode       schedule.Mode // the mode in force
	ModeWhy    string        // "" or what put the mode in force: "schedule nights"
	Matched    []Candidate   // in precedence order
	Winner     int           // index in Matched of the rule that decided; -1: none (the default setting)
	ModeEffect string        // what the mode did, "" for nothing (normal mode)
}

// Explain is Decide with its reasons: it runs the same decision (the same
// code, not a copy) and records every rule that matched on the way.
func (e *Engine) Explain(call Call, now time.Time) Explanation {
	ex := Explanation{Winner: -1}
	ex.Decision = e.decide(call, now, &ex)
	return ex
}

// whyNot says why r is not in force at now, "" when it is.
func (c *compiled) whyNot(r *Rule, now time.Time) string {
	if !r.Active(now) {
		return "expired " + r.Expires.In(now.Location()).Format("2006-01-02 15:04")
	}
	if r.Schedule == "" {
		return ""
	}
	name, outside := strings.CutPrefix(r.Schedule, "!")
	w, ok := c.windows[name]
	switch {
	case !ok && !outside:
		return "its schedule " + name + " does not exist"
	case !ok:
		return ""
	case w.Contains(now) == outside && outside:
		return "inside schedule " + name + " (the rule applies outside it)"
	case w.Contains(now) == outside:
		return "outside schedule " + name
	}
	return ""
}

// SortByPrecedence orders rules the way the engine weighs them: exact
// numbers, number patterns (longer literal prefix, then more literal
// digits), name patterns (more literal characters), caller-ID classes; at
// equal specificity allow > screen > voicemail > block, then the older
// rule. Rules of different kinds never compete for the same call except in
// this order, so the result is the order that decides.
func SortByPrecedence(rs []Rule) {
	ptrs := make([]*Rule, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
	}
	sortRules(ptrs, precedence)
	out := make([]Rule, len(rs))
	for i, p := range ptrs {
		out[i] = *p
	}
	copy(rs, out)
}

// precedence is a rule's place in SortByPrecedence: kinds apart, then the
// specificity compile sorts by within a kind.
func precedence(r *Rule) int {
	const kind = 1 << 20
	switch r.Match.Kind {
	case MatchExact:
		return 4 * kind
	case MatchPattern:
		return 3*kind + len(literalPrefix(r.Match.Text))*64 + literalCount(r.Match.Text)
	case MatchName:
		return 2*kind + literalCount(strings.TrimPrefix(r.Match.Text, "name:"))
	}
	return kind - int(r.Match.Class)
}
