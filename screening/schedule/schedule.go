package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Span is a set of weekdays and a daily time range [Start, End) in minutes
// after midnight. End <= Start means the span runs overnight.
type Span struct {
	Days  [7]bool // indexed by time.Weekday
	Start int     // minutes after midnight, 0..1439
	End   int     // minutes after midnight, 1..1440
}

// Window is a named weekly time window.
type Window struct {
	Name  string
	Spans []Span
}

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// Parse reads "NAME SPAN[, SPAN...]" where SPAN is "DAYS HH:MM-HH:MM".
func Parse(s string) (Window, error) {
	s = strings.TrimSpace(s)
	name, rest, ok := strings.Cut(s, " ")
	if !ok || strings.TrimSpace(rest) == "" {
		return Window{}, fmt.Errorf("%w: want \"NAME DAYS HH:MM-HH:MM\", got %q", ErrSyntax, s)
	}
	if err := ValidName(name); err != nil {
		return Window{}, err
	}
	w := Window{Name: name}
	for _, part := range strings.Split(rest, ",") {
		sp, err := ParseSpan(part)
		if err != nil {
			return Window{}, err
		}
		w.Spans = append(w.Spans, sp)
	}
	return w, nil
}

// ValidName checks a window name: a letter then letters, digits, '-' or '_'.
func ValidName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: empty window name", ErrSyntax)
	}
	for i, r := range name {
		letter := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !letter && (i == 0 || !(r >= '0' && r <= '9' || r == '-' || r == '_')) {
			return fmt.Errorf("%w: window name %q: use letters, digits, '-' and '_', starting with a letter", ErrSyntax, name)
		}
	}
	return nil
}

// ParseSpan reads "DAYS HH:MM-HH:MM".
func ParseSpan(s string) (Span, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return Span{}, fmt.Errorf("%w: span %q: want \"DAYS HH:MM-HH:MM\" such as \"mon-fri 09:00-17:00\"", ErrSyntax, strings.TrimSpace(s))
	}
	var sp Span
	if err := parseDays(f[0], &sp.Days); err != nil {
		return Span{}, err
	}
	a, b, ok := strings.Cut(f[1], "-")
	if !ok {
		return Span{}, fmt.Errorf("%w: time range %q: want HH:MM-HH:MM", ErrSyntax, f[1])
	}
	var err error
	if sp.Start, err = parseClock(a, false); err != nil {
		return Span{}, err
	}
	if sp.End, err = parseClock(b, true); err != nil {
		return Span{}, err
	}
	if sp.Start == sp.End {
		return Span{}, fmt.Errorf("%w: time range %q is empty", ErrSyntax, f[1])
	}
	return sp, nil
}

func parseDays(s string, days *[7]bool) error {
	s = strings.ToLower(s)
	if s == "daily" || s == "all" {
		for i := range days {
			days[i] = true
		}
		return nil
	}
	for _, item := range strings.Split(s, "+") {
		a, b, isRange := strings.Cut(item, "-")
		da, err := parseDay(a)
		if err != nil {
			return err
		}
		if !isRange {
			days[da] = true
			continue
		}
		db, err := parseDay(b)
		if err != nil {
			return err
		}
		for d := da; ; d = (d + 1) % 7 {
			days[d] = true
			if d == db {
				break
			}
		}
	}
	return nil
}

func parseDay(s string) (int, error) {
	if len(s) >= 3 {
		for i, n := range dayNames {
			if strings.HasPrefix(s, n) && strings.HasPrefix(fullDay(i), s) {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("%w: day %q: use mon tue wed thu fri sat sun, a range mon-fri, or daily", ErrSyntax, s)
}

func fullDay(i int) string { return strings.ToLower(time.Weekday(i).String()) }

func parseClock(s string, end bool) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || len(h) == 0 || len(h) > 2 || mm < 0 || mm > 59 || hh < 0 || hh > 24 || (hh == 24 && (mm != 0 || !end)) {
		return 0, fmt.Errorf("%w: time %q: want HH:MM between 00:00 and 23:59 (24:00 as an end)", ErrSyntax, s)
	}
	return hh*60 + mm, nil
}

// Contains reports whether t (in its own location) falls in the span.
func (sp Span) Contains(t time.Time) bool {
	mins := t.Hour()*60 + t.Minute()
	day := int(t.Weekday())
	if sp.End > sp.Start {
		return sp.Days[day] && mins >= sp.Start && mins < sp.End
	}
	// overnight: the evening part belongs to today, the morning part to yesterday
	if mins >= sp.Start {
		return sp.Days[day]
	}
	return mins < sp.End && sp.Days[(day+6)%7]
}

// Contains reports whether t falls in any span of the window.
func (w Window) Contains(t time.Time) bool {
	for _, sp := range w.Spans {
		if sp.Contains(t) {
			return true
		}
	}
	return false
}

// String renders the window in the syntax Parse reads.
func (w Window) String() string {
	parts := make([]string, len(w.Spans))
	for i, sp := range w.Spans {
		parts[i] = sp.String()
	}
	return w.Name + " " + strings.Join(parts, ", ")
}

// String renders the span as "DAYS HH:MM-HH:MM".
func (sp Span) String() string {
	var days []string
	all := true
	// render Monday-first runs
	order := []int{1, 2, 3, 4, 5, 6, 0}
	for i := 0; i < 7; {
		if !sp.Days[order[i]] {
			all = false
			i++
			continue
		}
		j := i
		for j+1 < 7 && sp.Days[order[j+1]] {
			j++
		}
		if j == i {
			days = append(days, dayNames[order[i]])
		} else {
			days = append(days, dayNames[order[i]]+"-"+dayNames[order[j]])
		}
		i = j + 1
	}
	d := strings.Join(days, "+")
	if all {
		d = "daily"
	}
	return fmt.Sprintf("%s %02d:%02d-%02d:%02d", d, sp.Start/60, sp.Start%60, sp.End/60, sp.End%60)
}
