package screening

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"secretary/screening/number"
	"secretary/screening/schedule"
)

// Rule says what to do with calls that match. Exact-number rules are the
// allow and block lists; the store keeps one rule per Match.Text.
type Rule struct {
	Action    Action    // ActionPass is written "allow"
	Match     Match     //
	Name      string    // who this is, optional
	Note      string    // why, optional
	Expires   time.Time // zero: never; the rule is ignored from this instant on
	Schedule  string    // window name: the rule applies only inside it; "!name": only outside
	Treatment Treatment // for block rules; TreatmentDefault uses the global setting
	Created   time.Time // zero for bulk-imported entries
	Person    string    // the person calls are for (Person.ID): rung with their cadence, their mailbox; "" none
}

// ActionWord is the word rules use for an action: allow, screen, voicemail, block.
func ActionWord(a Action) string {
	if a == ActionPass {
		return "allow"
	}
	return a.String()
}

// ParseAction reads allow (or pass), screen, voicemail or block.
func ParseAction(s string) (Action, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "allow", "pass":
		return ActionPass, nil
	case "screen":
		return ActionScreen, nil
	case "voicemail", "vm":
		return ActionVoicemail, nil
	case "block":
		return ActionBlock, nil
	}
	return 0, fmt.Errorf("%w: action %q: use allow, screen, voicemail or block", ErrSyntax, s)
}

// ParseTreatment reads ignore, hangup, sit, message, fax or default.
func ParseTreatment(s string) (Treatment, error) {
	for t := TreatmentDefault; t <= TreatmentFax; t++ {
		if strings.EqualFold(strings.TrimSpace(s), t.String()) {
			return t, nil
		}
	}
	return 0, fmt.Errorf("%w: treatment %q: use ignore, hangup, sit, message, fax or default", ErrSyntax, s)
}

// Short is "ACTION MATCH", the rule as a decision names it.
func (r Rule) Short() string { return ActionWord(r.Action) + " " + r.Match.Text }

// String renders the rule in the syntax ParseRule reads (times in the
// location of Expires).
func (r Rule) String() string {
	var b strings.Builder
	b.WriteString(r.Short())
	if r.Name != "" {
		b.WriteString(" --name " + quote(r.Name))
	}
	if r.Note != "" {
		b.WriteString(" --note " + quote(r.Note))
	}
	if !r.Expires.IsZero() {
		b.WriteString(" --until " + r.Expires.Format("2006-01-02T15:04:05"))
	}
	if r.Schedule != "" {
		b.WriteString(" --schedule " + r.Schedule)
	}
	if r.Treatment != TreatmentDefault {
		b.WriteString(" --treatment " + r.Treatment.String())
	}
	if r.Person != "" {
		b.WriteString(" --for " + r.Person)
	}
	return b.String()
}

// Active reports whether the rule has not expired at now.
func (r Rule) Active(now time.Time) bool {
	return r.Expires.IsZero() || now.Before(r.Expires)
}

func quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'\\") && !strings.HasPrefix(s, "--") {
		return s
	}
	return strconv.Quote(s)
}

// ParseRule reads one rule:
//
//	ACTION MATCH [--name NAME] [--note NOTE] [--for DURATION | --until DATE]
//	             [--schedule [!]WINDOW] [--treatment ignore|hangup|sit|message|fax]
//	             [--for PERSON]
//
// ACTION is allow, screen, voicemail or block; MATCH as ParseMatch reads it.
// --for takes a duration (the rule expires) or a person's name (the calls
// are for that person; not on block rules): a person's name starts with a
// letter, a duration with a digit. --person PERSON says the same.
// Values with spaces are double-quoted (Go escapes). --for takes a Go
// duration (2h, 90m) or days (3d); --until takes 2006-01-02, 2006-01-02T15:04
// or RFC 3339, in now's location. Created is set to now.
func ParseRule(line string, now time.Time, cfg number.Config) (Rule, error) {
	words, err := splitWords(line)
	if err != nil {
		return Rule{}, err
	}
	if len(words) < 2 {
		return Rule{}, fmt.Errorf("%w: want \"ACTION MATCH [options]\", e.g. \"block +1900*\"", ErrSyntax)
	}
	var r Rule
	if r.Action, err = ParseAction(words[0]); err != nil {
		return Rule{}, err
	}
	// A match may contain spaces ("+1 555 123 4567"): take words up to the first option.
	i := 1
	for i < len(words) && !strings.HasPrefix(words[i], "--") {
		i++
	}
	if r.Match, err = ParseMatch(strings.Join(words[1:i], " "), cfg); err != nil {
		return Rule{}, err
	}
	r.Created = now
	seen := map[string]bool{}
	for ; i < len(words); i++ {
		opt := words[i]
		val := ""
		if k, v, ok := strings.Cut(opt, "="); ok {
			opt, val = k, v
		} else {
			if i+1 >= len(words) {
				return Rule{}, fmt.Errorf("%w: option %s needs a value", ErrSyntax, opt)
			}
			i++
			val = words[i]
		}
		if err := r.SetOption(opt, val, now, seen); err != nil {
			return Rule{}, err
		}
	}
	for _, s := range []string{r.Name, r.Note} {
		for _, c := range s {
			if c < ' ' || c == 0x7f {
				return Rule{}, fmt.Errorf("%w: control character in name or note", ErrSyntax)
			}
		}
	}
	return r, nil
}

// setPerson routes the rule's calls to the person named.
func (r *Rule) setPerson(name string) error {
	if r.Person != "" {
		return fmt.Errorf("%w: give one person", ErrSyntax)
	}
	if r.Action == ActionBlock {
		return fmt.Errorf("%w: --for PERSON is for allow, screen and voicemail rules", ErrSyntax)
	}
	if err := ValidPersonName(name); err != nil {
		return fmt.Errorf("%w: --for wants a duration (2h, 3d) or a person's name: %w", ErrSyntax, err)
	}
	r.Person = PersonID(name)
	return nil
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// RuleOptions are the options a rule takes, as ParseRule and the console
// read them.
var RuleOptions = []string{"--name", "--note", "--for", "--until", "--schedule", "--treatment", "--person"}

// SetOption applies one option of a rule (see ParseRule) to r: --name,
// --note, --for DURATION and --until DATE (from now, in now's location),
// --schedule [!]WINDOW, --treatment (block rules only), --for PERSON or
// --person PERSON (a name starts with a letter, a duration with a digit).
// seen, when not nil, collects the options given so far, to refuse --for
// with --until.
func (r *Rule) SetOption(opt, val string, now time.Time, seen map[string]bool) error {
	if opt == "--person" || opt == "--for" && !startsWithDigit(val) {
		return r.setPerson(val)
	}
	if seen != nil {
		if (opt == "--for" || opt == "--until") && (seen["--for"] || seen["--until"]) {
			return fmt.Errorf("%w: give one of --for and --until", ErrSyntax)
		}
		seen[opt] = true
	}
	var err error
	switch opt {
	case "--name":
		r.Name = val
	case "--note":
		r.Note = val
	case "--for":
		d, err := ParseDuration(val)
		if err != nil {
			return err
		}
		r.Expires = now.Add(d)
	case "--until":
		t, err := ParseDate(val, now.Location())
		if err != nil {
			return err
		}
		r.Expires = t
	case "--schedule":
		if err := schedule.ValidName(strings.TrimPrefix(val, "!")); err != nil {
			return fmt.Errorf("%w: %w", ErrSyntax, err)
		}
		r.Schedule = val
	case "--treatment":
		if r.Treatment, err = ParseTreatment(val); err != nil {
			return err
		}
		if r.Treatment != TreatmentDefault && r.Action != ActionBlock {
			return fmt.Errorf("%w: --treatment is only for block rules", ErrSyntax)
		}
	default:
		return fmt.Errorf("%w: unknown option %q: use --name, --note, --for, --until, --schedule or --treatment", ErrSyntax, opt)
	}
	return nil
}

// ParseDuration reads a positive Go duration ("2h", "90m") or whole days ("3d").
func ParseDuration(s string) (time.Duration, error) {
	var d time.Duration
	var err error
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		days, err = strconv.Atoi(n)
		d = time.Duration(days) * 24 * time.Hour
		if days > 100000 {
			err = strconv.ErrRange
		}
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%w: duration %q: want a positive duration such as 2h, 90m or 3d", ErrSyntax, s)
	}
	return d, nil
}

// ParseDate reads 2006-01-02 (midnight starting that day), 2006-01-02T15:04,
// 2006-01-02 15:04, 2006-01-02T15:04:05 or RFC 3339, in loc unless the text
// carries an offset.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: date %q: want 2006-01-02 or 2006-01-02T15:04", ErrSyntax, s)
}

// splitWords splits on blanks, honouring double-quoted Go strings.
func splitWords(s string) ([]string, error) {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if c == '"' || (c == '-' && strings.HasPrefix(s[i:], "--") && strings.Contains(wordAt(s, i), "=\"")) {
			// quoted word, or --opt="quoted value"
			prefix := ""
			if c != '"' {
				w := wordAt(s, i)
				eq := strings.Index(w, "=\"")
				prefix = w[:eq+1]
				i += eq + 1
			}
			q, err := strconv.QuotedPrefix(s[i:])
			if err != nil {
				return nil, fmt.Errorf("%w: unterminated or bad quoted text at %q", ErrSyntax, s[i:])
			}
			v, _ := strconv.Unquote(q)
			out = append(out, prefix+v)
			i += len(q)
			continue
		}
		w := wordAt(s, i)
		out = append(out, w)
		i += len(w)
	}
	return out, nil
}

func wordAt(s string, i int) string {
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '\t' {
		j++
	}
	return s[i:j]
}
