package screening

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The switchboard: the people in the office a caller can ask for. Each
// person has a key on the callers' menu, a distinctive ring on the
// handset, a mailbox (messages tagged with the person), and optionally a
// mobile number unanswered calls are forwarded to and an e-mail address.

// MaxPeople is how many people the menu holds: one key each, 1 to 9 (0
// is the general mailbox).
const MaxPeople = 9

// Cadence is the distinctive ring a person's calls ring the handset with:
// the four GR-506 distinctive-ring patterns of North American phone
// companies' distinctive-ring services, which people (and phones that
// light a line key per pattern) tell apart. Every cycle lasts 6 s.
type Cadence int

const (
	CadenceNone           Cadence = iota // not chosen: assigned when the person is added
	CadenceLong                          // DR1: 2 s on, 4 s off (the normal North American ring)
	CadenceShortShort                    // DR2: 0.8 on, 0.4 off, 0.8 on, 4 off
	CadenceShortShortLong                // DR3: 0.4, 0.2, 0.4, 0.2, 0.8 on, 4 off
	CadenceShortLongShort                // DR4: 0.3, 0.2, 1.0, 0.2, 0.3 on, 4 off
)

// Cadences are the cadences a person can have, in the order new people
// get them.
var Cadences = []Cadence{CadenceLong, CadenceShortShort, CadenceShortShortLong, CadenceShortLongShort}

// CadenceCycle is the length of one ring cycle of every cadence.
const CadenceCycle = 6 * time.Second

func (c Cadence) String() string {
	switch c {
	case CadenceNone:
		return "none"
	case CadenceLong:
		return "long"
	case CadenceShortShort:
		return "short-short"
	case CadenceShortShortLong:
		return "short-short-long"
	case CadenceShortLongShort:
		return "short-long-short"
	}
	return fmt.Sprintf("Cadence(%d)", int(c))
}

// ParseCadence reads long, short-short, short-short-long or
// short-long-short (or dr1 to dr4).
func ParseCadence(s string) (Cadence, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for i, c := range Cadences {
		if s == c.String() || s == fmt.Sprintf("dr%d", i+1) {
			return c, nil
		}
	}
	return CadenceNone, fmt.Errorf("%w: ring %q: use long, short-short, short-short-long or short-long-short", ErrSyntax, s)
}

// Person is someone in the office callers can ask for.
type Person struct {
	Name    string    // as the owner wrote it ("Anna"); unique ignoring case
	Key     int       // the caller's menu key, 1-9
	Ring    Cadence   // the handset's ring for this person's calls
	Mobile  string    // E.164; unanswered calls may be forwarded there; "" none
	Email   string    // where the person's messages go; "" none
	Created time.Time //
}

// ID is the person's name as rules, settings and file names use it:
// lower case.
func (p Person) ID() string { return PersonID(p.Name) }

// PersonID is the form of a person's name that rules and settings store.
func PersonID(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// ValidPersonName checks a person's name: 1 to 20 ASCII letters, digits
// and '-', starting with a letter (so it never reads as a duration, and
// is safe as a file name).
func ValidPersonName(name string) error {
	if name == "" || len(name) > 20 {
		return fmt.Errorf("%w: a person's name has 1 to 20 characters", ErrSyntax)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '-')) {
			return fmt.Errorf("%w: name %q: use letters, digits and '-', starting with a letter", ErrSyntax, name)
		}
	}
	return nil
}

// ValidEmail is a light check of an e-mail address: one '@' with text on
// both sides, a dot in the domain, no spaces or control characters.
func ValidEmail(addr string) error {
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.Contains(domain, "@") ||
		len(addr) > 254 || !utf8.ValidString(addr) || strings.ContainsFunc(addr, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("%w: e-mail address %q: want name@example.com", ErrSyntax, addr)
	}
	return nil
}

// AddPerson puts p among people (replacing the person of the same name)
// and returns it with the menu key and ring filled in: a new person gets
// the lowest free key and the cadence the fewest others have; someone
// already there keeps theirs unless p sets them. It refuses a tenth
// person and a key that someone else has.
func AddPerson(p Person, people []Person) (Person, error) {
	if err := ValidPersonName(p.Name); err != nil {
		return p, err
	}
	if p.Email != "" {
		if err := ValidEmail(p.Email); err != nil {
			return p, err
		}
	}
	var others []Person
	for _, o := range people {
		if o.ID() != p.ID() {
			others = append(others, o)
			continue
		}
		if p.Key == 0 {
			p.Key = o.Key
		}
		if p.Ring == CadenceNone {
			p.Ring = o.Ring
		}
		if p.Created.IsZero() {
			p.Created = o.Created
		}
	}
	if len(others) >= MaxPeople {
		return p, fmt.Errorf("%w: the menu holds %d people (keys 1-9); remove someone first", ErrFull, MaxPeople)
	}
	used := map[int]string{}
	uses := map[Cadence]int{}
	for _, o := range others {
		used[o.Key] = o.Name
		uses[o.Ring]++
	}
	if p.Key != 0 {
		if p.Key < 1 || p.Key > MaxPeople {
			return p, fmt.Errorf("%w: key %d: want 1 to 9", ErrSyntax, p.Key)
		}
		if n, ok := used[p.Key]; ok {
			return p, fmt.Errorf("%w: key %d is %s's", ErrSyntax, p.Key, n)
		}
	}
	for k := 1; p.Key == 0; k++ {
		if _, ok := used[k]; !ok {
			p.Key = k
		}
	}
	if p.Ring == CadenceNone {
		p.Ring = Cadences[0]
		for _, c := range Cadences {
			if uses[c] < uses[p.Ring] {
				p.Ring = c
			}
		}
	}
	return p, nil
}

// FindPerson finds a person by name, ignoring case.
func FindPerson(people []Person, name string) (Person, bool) {
	id := PersonID(name)
	for _, p := range people {
		if p.ID() == id {
			return p, true
		}
	}
	return Person{}, false
}
