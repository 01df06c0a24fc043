package screening

import (
	"fmt"
	"strings"

	"secretary/screening/number"
)

// MatchKind says what a rule matches.
type MatchKind int

const (
	MatchExact   MatchKind = iota // one E.164 number
	MatchPattern                  // number prefix/wildcard: +1900*, +1555???4567
	MatchName                     // caller ID name glob: name:*SPAM*
	MatchClass                    // caller ID class: @private, @unavailable, ...
)

func (k MatchKind) String() string {
	switch k {
	case MatchExact:
		return "exact"
	case MatchPattern:
		return "pattern"
	case MatchName:
		return "name"
	case MatchClass:
		return "class"
	}
	return fmt.Sprintf("MatchKind(%d)", int(k))
}

// Class is a caller-ID class a rule can match.
type Class int

const (
	ClassNone          Class = iota // not a class match
	ClassPrivate                    // @private: number withheld
	ClassUnavailable                // @unavailable: out of area
	ClassInternational              // @international: a valid number outside the configured country
	ClassInvalid                    // @invalid: something arrived that is not a number
	ClassNoCID                      // @no-cid: no caller ID at all
)

var classNames = map[Class]string{
	ClassPrivate: "@private", ClassUnavailable: "@unavailable", ClassInternational: "@international",
	ClassInvalid: "@invalid", ClassNoCID: "@no-cid",
}

func (c Class) String() string {
	if s, ok := classNames[c]; ok {
		return s
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// Match is the left-hand side of a rule, in canonical form.
type Match struct {
	Kind  MatchKind
	Text  string // canonical text: "+15551234567", "+1900*", "name:*spam*", "@private"
	Class Class  // for MatchClass
}

func (m Match) String() string { return m.Text }

// ParseMatch reads the match part of a rule:
//
//	+1 555 123 4567, (555) 123-4567   exact number, normalised with cfg
//	+1900*  900*  +1555???4567        number pattern: '?' one digit, '*' (last only) any rest
//	@private @unavailable @international @invalid @no-cid
//	name:*SPAM*                       caller ID name glob, case-insensitive
//
// A pattern without '+' is national: in NANP "900*" means "+1900*" and
// "1900*" too; elsewhere a leading national prefix is replaced by the
// country code.
func ParseMatch(s string, cfg number.Config) (Match, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Match{}, fmt.Errorf("%w: empty match; give a number, a pattern such as +1900*, a class such as @private, or name:*TEXT*", ErrSyntax)
	case strings.HasPrefix(s, "@"):
		for c, n := range classNames {
			if strings.EqualFold(s, n) {
				return Match{Kind: MatchClass, Text: n, Class: c}, nil
			}
		}
		return Match{}, fmt.Errorf("%w: class %q: use @private, @unavailable, @international, @invalid or @no-cid", ErrSyntax, s)
	case len(s) >= 5 && strings.EqualFold(s[:5], "name:"):
		g := strings.ToLower(strings.TrimSpace(s[5:]))
		if g == "" {
			return Match{}, fmt.Errorf("%w: name pattern is empty; e.g. name:*SPAM*", ErrSyntax)
		}
		for _, r := range g {
			if r < ' ' || r == 0x7f {
				return Match{}, fmt.Errorf("%w: name pattern %q has a control character", ErrSyntax, s)
			}
		}
		return Match{Kind: MatchName, Text: "name:" + g}, nil
	case strings.ContainsAny(s, "*?"):
		p, err := normalizePattern(s, cfg)
		if err != nil {
			return Match{}, err
		}
		return Match{Kind: MatchPattern, Text: p}, nil
	}
	n, err := number.Normalize(s, cfg)
	if err != nil {
		return Match{}, fmt.Errorf("%w: %w", ErrSyntax, err)
	}
	return Match{Kind: MatchExact, Text: n}, nil
}

func normalizePattern(s string, cfg number.Config) (string, error) {
	var b strings.Builder
	plus := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '?', r == '*':
			b.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", fmt.Errorf("%w: pattern %q: %q is not a digit, '?' or '*'", ErrSyntax, s, r)
		}
	}
	p := b.String()
	if i := strings.IndexByte(p, '*'); i >= 0 && i != len(p)-1 {
		return "", fmt.Errorf("%w: pattern %q: '*' may only end a pattern", ErrSyntax, s)
	}
	if p == "" || p == "*" {
		return "", fmt.Errorf("%w: pattern %q matches every number; use a class or the default setting", ErrSyntax, s)
	}
	if !plus {
		cc := cfg.CountryCode
		if cc == "" {
			cc = "1"
		}
		np := cfg.NationalPrefix
		if np == "" {
			np = map[bool]string{true: "1", false: "0"}[cc == "1"]
		}
		ip := cfg.InternationalPrefix
		if ip == "" {
			ip = map[bool]string{true: "011", false: "00"}[cc == "1"]
		}
		switch {
		case strings.HasPrefix(p, ip) && len(p) > len(ip):
			p = p[len(ip):]
			if p == "*" {
				return "", fmt.Errorf("%w: pattern %q matches every international number; use the class @international", ErrSyntax, s)
			}
		case cc == "1" && strings.HasPrefix(p, "1"):
		case strings.HasPrefix(p, np) && np != "":
			p = cc + p[len(np):]
		default:
			p = cc + p
		}
	}
	if p[0] == '0' {
		return "", fmt.Errorf("%w: pattern %q: a country code cannot start with 0", ErrSyntax, s)
	}
	digits := len(strings.TrimSuffix(p, "*"))
	if digits > number.MaxDigits {
		return "", fmt.Errorf("%w: pattern %q is longer than %d digits", ErrSyntax, s, number.MaxDigits)
	}
	return "+" + p, nil
}

// literalPrefix is the digits of a number pattern before its first wildcard.
func literalPrefix(pattern string) string {
	p := strings.TrimPrefix(pattern, "+")
	if i := strings.IndexAny(p, "?*"); i >= 0 {
		return p[:i]
	}
	return p
}

// literalCount counts the non-wildcard characters of a pattern or glob.
func literalCount(p string) int {
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] != '?' && p[i] != '*' && p[i] != '+' {
			n++
		}
	}
	return n
}

// matchDigits reports whether digits (an E.164 number without '+') match
// pattern (without '+'): '?' is one digit, a final '*' any rest (or none).
func matchDigits(pattern, digits string) bool {
	star := strings.HasSuffix(pattern, "*")
	if star {
		pattern = pattern[:len(pattern)-1]
		if len(digits) < len(pattern) {
			return false
		}
	} else if len(digits) != len(pattern) {
		return false
	}
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != '?' && pattern[i] != digits[i] {
			return false
		}
	}
	return true
}

// globMatch matches s against a glob with '*' (any run) and '?' (one
// character). Both are already lower-case.
func globMatch(g, s string) bool {
	if isASCII(g) && isASCII(s) {
		return glob([]byte(g), []byte(s))
	}
	return glob([]rune(g), []rune(s))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// glob is the matcher over bytes (ASCII) or runes.
func glob[T byte | rune](g, t []T) bool {
	gi, ti := 0, 0
	starG, starT := -1, 0
	for ti < len(t) {
		switch {
		case gi < len(g) && (g[gi] == '?' || g[gi] == t[ti]):
			gi++
			ti++
		case gi < len(g) && g[gi] == '*':
			starG, starT = gi, ti
			gi++
		case starG >= 0:
			gi = starG + 1
			starT++
			ti = starT
		default:
			return false
		}
	}
	for gi < len(g) && g[gi] == '*' {
		gi++
	}
	return gi == len(g)
}
