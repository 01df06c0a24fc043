package screening

import (
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"secretary/screening/number"
	"secretary/screening/schedule"
)

// Policy is everything the engine keeps in memory: settings, the rules
// that are not exact numbers (patterns, names, classes), and the windows.
type Policy struct {
	Settings Settings
	Rules    []Rule // MatchPattern, MatchName and MatchClass rules
	Windows  []schedule.Window
	People   []Person          // the switchboard's people (person add), by menu key
	Routes   map[string]string // exact numbers (E.164) whose rule is for a person (Person.ID)
}

// Source is where the engine reads rules; store.Store implements it.
//
// Generation changes whenever Policy would return something different; the
// engine reloads Policy only then. LookupNumber is called for every call
// with a number (the allow/block lists can hold millions of numbers, so they
// are not cached). LastCall is called only in do-not-disturb mode. A Source
// may also be a ChallengeMemory.
type Source interface {
	Generation() uint64
	Policy() (Policy, error)
	LookupNumber(e164 string) (Rule, bool, error)
	LastCall(e164 string, since time.Time) (time.Time, bool, error)
}

// Engine decides calls. It is safe for concurrent use.
type Engine struct {
	src Source
	log *slog.Logger

	mu  sync.Mutex // serialises reloads
	cur atomic.Pointer[compiled]
}

// EngineOption configures an Engine.
type EngineOption func(*Engine)

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) EngineOption { return func(e *Engine) { e.log = l } }

// NewEngine returns an engine reading src. It does no I/O.
func NewEngine(src Source, opts ...EngineOption) *Engine {
	e := &Engine{src: src, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(e)
	}
	return e
}

// compiled is a Policy prepared for fast matching.
type compiled struct {
	gen      uint64
	settings Settings
	prefix   map[string][]*Rule // number patterns by literal prefix (digits, no '+')
	maxLit   int                // longest literal prefix
	names    []*Rule            // sorted by specificity
	classes  map[Class][]*Rule  // sorted by action precedence
	windows  map[string]schedule.Window
	people   []Person
	routes   map[string]string
}

func compile(gen uint64, p Policy) *compiled {
	c := &compiled{gen: gen, settings: p.Settings, prefix: map[string][]*Rule{},
		classes: map[Class][]*Rule{}, windows: map[string]schedule.Window{}, people: p.People, routes: p.Routes}
	for _, w := range p.Windows {
		c.windows[w.Name] = w
	}
	for i := range p.Rules {
		r := &p.Rules[i]
		switch r.Match.Kind {
		case MatchPattern:
			lp := literalPrefix(r.Match.Text)
			c.prefix[lp] = append(c.prefix[lp], r)
			c.maxLit = max(c.maxLit, len(lp))
		case MatchName:
			c.names = append(c.names, r)
		case MatchClass:
			c.classes[r.Match.Class] = append(c.classes[r.Match.Class], r)
		}
	}
	for _, rs := range c.prefix {
		sortRules(rs, func(r *Rule) int { return literalCount(r.Match.Text) })
	}
	sortRules(c.names, func(r *Rule) int { return literalCount(strings.TrimPrefix(r.Match.Text, "name:")) })
	for _, rs := range c.classes {
		sortRules(rs, func(*Rule) int { return 0 })
	}
	return c
}

// sortRules orders by specificity (more first), then action precedence
// (allow > screen > voicemail > block), then age (older first), then text.
func sortRules(rs []*Rule, spec func(*Rule) int) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if sa, sb := spec(a), spec(b); sa != sb {
			return sa > sb
		}
		if a.Action != b.Action {
			return a.Action < b.Action // ActionPass < Screen < Voicemail < Block
		}
		if !a.Created.Equal(b.Created) {
			return a.Created.Before(b.Created)
		}
		return a.Match.Text < b.Match.Text
	})
}

func (e *Engine) policy() (*compiled, error) {
	g := e.src.Generation()
	if c := e.cur.Load(); c != nil && c.gen == g {
		return c, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if c := e.cur.Load(); c != nil && c.gen == g {
		return c, nil
	}
	p, err := e.src.Policy()
	if err != nil {
		return nil, err
	}
	c := compile(g, p)
	e.cur.Store(c)
	return c, nil
}

// Settings returns the settings the engine currently uses.
func (e *Engine) Settings() (Settings, error) {
	c, err := e.policy()
	if err != nil {
		return Settings{}, err
	}
	return c.settings, nil
}

// applies reports whether r is in force at now (not expired, inside its window).
func (c *compiled) applies(r *Rule, now time.Time) bool {
	if !r.Active(now) {
		return false
	}
	if r.Schedule == "" {
		return true
	}
	name, outside := strings.CutPrefix(r.Schedule, "!")
	w, ok := c.windows[name]
	if !ok {
		// An unknown window never contains now: "office" rules sleep, "!office" rules apply.
		return outside
	}
	return w.Contains(now) != outside
}

// Decide returns what to do with call at now. It never fails: if the store
// cannot be read the call is passed (the box must never cost the owner a
// call) and the reason says why.
func (e *Engine) Decide(call Call, now time.Time) Decision { return e.decide(call, now, nil) }

// decide is Decide; with ex it also records, for Explain, every rule that
// matched and what the mode did, at the cost of looking past the winner.
func (e *Engine) decide(call Call, now time.Time, ex *Explanation) Decision {
	c, err := e.policy()
	if err != nil {
		e.log.Error("screening: cannot load rules", "err", err)
		return Decision{Action: ActionPass, Rule: "", Reason: fmt.Sprintf("the rules could not be read (%v); passing the call", err)}
	}
	s := c.settings
	cls, e164, why := classify(call, s.Number)
	d := Decision{Number: e164}
	mode, modeWhy := c.modeAt(now)
	if ex != nil {
		ex.Class, ex.Mode, ex.ModeWhy, ex.Winner = cls, mode, strings.TrimSuffix(strings.TrimPrefix(modeWhy, " ("), ")"), -1
	}
	if mode == schedule.ModePassthrough {
		d.Action, d.Rule, d.Reason = ActionPass, "mode passthrough", "pass-through mode: every call rings"
		if ex != nil { // what would match, for the owner
			_, _, _ = e.match(c, call, cls, e164, why, now, ex)
			ex.ModeEffect = "pass-through mode rings every call whatever the rules say"
		}
		return d
	}

	r, reason, err := e.match(c, call, cls, e164, why, now, ex)
	if err != nil {
		e.log.Error("screening: lookup failed", "number", e164, "err", err)
		d.Action, d.Reason = ActionPass, fmt.Sprintf("the lists could not be read (%v); passing the call", err)
		return d
	}
	if r != nil {
		d.Action, d.Rule, d.Treatment = r.Action, r.Short(), r.Treatment
		reason += c.route(&d, r, e164)
	} else {
		d.Action = s.Default
		reason = "no rule matched " + reason + "; the default is " + ActionWord(s.Default)
	}
	d.Reason = reason
	if effect := e.applyMode(&d, mode, modeWhy, r != nil, s, now); ex != nil {
		ex.ModeEffect = effect
	}
	d.Treatment = treatment(d.Action, d.Treatment, s.BlockTreatment)
	if d.Action == ActionBlock {
		d.Person = ""
	}
	return e.rememberChallenge(d, s, now)
}

// applyMode turns the rules' decision d into the mode's (dnd, vacation)
// and returns what the mode did, "" for nothing; ruled is whether a rule
// (not the default) decided.
func (e *Engine) applyMode(d *Decision, mode schedule.Mode, modeWhy string, ruled bool, s Settings, now time.Time) string {
	switch mode {
	case schedule.ModeDND:
		switch {
		case d.Action == ActionPass && ruled:
			d.Reason += "; a VIP rings through do-not-disturb" + modeWhy
			return "do-not-disturb" + modeWhy + " lets an allow rule (a VIP) ring"
		case d.Action == ActionBlock:
			return "do-not-disturb" + modeWhy + " leaves blocked callers blocked"
		}
		if d.Number != "" && s.RepeatWindow > 0 {
			last, ok, err := e.src.LastCall(d.Number, now.Add(-s.RepeatWindow))
			if err != nil {
				e.log.Error("screening: call log lookup failed", "err", err)
			}
			if ok { // keep the normal-mode decision
				d.Reason += fmt.Sprintf("; called again within %s (last %s ago), which breaks through do-not-disturb",
					s.RepeatWindow, now.Sub(last).Round(time.Second))
				return "a repeated call breaks through do-not-disturb" + modeWhy
			}
		}
		d.Action = ActionVoicemail
		d.Reason += "; do-not-disturb" + modeWhy + " sends everyone but VIPs to voicemail"
		if d.Rule == "" {
			d.Rule = "mode dnd"
		}
		return "do-not-disturb" + modeWhy + " sends the call to voicemail"
	case schedule.ModeVacation:
		if d.Action == ActionBlock {
			return "vacation mode leaves blocked callers blocked"
		}
		d.Action = ActionVoicemail
		d.Reason += "; vacation mode sends every call that is not blocked to voicemail"
		if d.Rule == "" {
			d.Rule = "mode vacation"
		}
		return "vacation mode sends the call to voicemail"
	}
	return ""
}

// treatment resolves how a call decided with action is treated: a block
// gets the rule's own treatment, else the block-treatment setting, else
// hang-up, so it is never TreatmentDefault; every other action has none
// (TreatmentDefault). This is the one place a treatment is resolved: the
// firmware acts on the decision as it is.
func treatment(action Action, rule, setting Treatment) Treatment {
	switch {
	case action != ActionBlock:
		return TreatmentDefault
	case rule != TreatmentDefault:
		return rule
	case setting != TreatmentDefault:
		return setting
	}
	return TreatmentHangup
}

// classify maps what the line reported to a class and, for a valid number,
// its E.164 form; why describes the caller for reasons.
func classify(call Call, cfg number.Config) (Class, string, string) {
	switch call.Presentation {
	case PresentationPrivate:
		return ClassPrivate, "", "for a withheld number"
	case PresentationUnavailable:
		return ClassUnavailable, "", "for an unavailable number"
	}
	res := number.Classify(call.Number, cfg)
	switch res.Class {
	case number.ClassPrivate:
		return ClassPrivate, "", "for a withheld number"
	case number.ClassUnavailable:
		return ClassUnavailable, "", "for an unavailable number"
	case number.ClassNoCID:
		return ClassNoCID, "", "for a call without caller ID"
	case number.ClassInvalid:
		return ClassInvalid, "", fmt.Sprintf("for an invalid number (%v)", res.Reason)
	}
	if number.International(res.E164, cfg) {
		return ClassInternational, res.E164, "for international number " + res.E164
	}
	return ClassNone, res.E164, "for " + res.E164
}

// match finds the rule that decides the call, by DESIGN.md precedence:
// exact number, then number patterns (longer literal prefix, then more
// literal digits), then name patterns (more literal characters), then
// classes; at equal specificity allow > screen > voicemail > block. With
// ex it goes on past the winner and records every rule that matches.
func (e *Engine) match(c *compiled, call Call, cls Class, e164, who string, now time.Time, ex *Explanation) (*Rule, string, error) {
	var win *Rule
	var why string
	// consider weighs a rule that matches the call; true: look no further.
	consider := func(r *Rule, step Step, what string) bool {
		in := c.applies(r, now)
		if ex != nil {
			ex.Matched = append(ex.Matched, Candidate{Rule: *r, Step: step, InForce: in, WhyNot: c.whyNot(r, now)})
		}
		if in && win == nil {
			win, why = r, describe(r, what)
			if ex != nil {
				ex.Winner = len(ex.Matched) - 1
			}
		}
		return win != nil && ex == nil
	}
	if e164 != "" {
		r, ok, err := e.src.LookupNumber(e164)
		if err != nil {
			return nil, "", err
		}
		if ok && consider(&r, StepExact, "the number is on the "+ActionWord(r.Action)+" list") {
			return win, why, nil
		}
		digits := e164[1:]
		for l := min(len(digits), c.maxLit); l >= 0; l-- {
			for _, r := range c.prefix[digits[:l]] {
				if matchDigits(r.Match.Text[1:], digits) && consider(r, StepPattern, e164+" matches "+r.Match.Text) {
					return win, why, nil
				}
			}
		}
	}
	if call.Name != "" && len(c.names) > 0 {
		name := strings.ToLower(strings.TrimSpace(call.Name))
		for _, r := range c.names {
			if globMatch(strings.TrimPrefix(r.Match.Text, "name:"), name) &&
				consider(r, StepName, fmt.Sprintf("the caller name %q matches %s", call.Name, r.Match.Text)) {
				return win, why, nil
			}
		}
	}
	if cls != ClassNone {
		for _, r := range c.classes[cls] {
			if consider(r, StepClass, "the caller is "+cls.String()) {
				return win, why, nil
			}
		}
	}
	if win == nil {
		return nil, who, nil
	}
	return win, why, nil
}

func describe(r *Rule, what string) string {
	s := what
	if r.Name != "" {
		s += " (" + r.Name + ")"
	}
	if r.Note != "" {
		s += ": " + r.Note
	}
	return s
}
