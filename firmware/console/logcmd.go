package console

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
)

func (c *Console) logCommand() Command {
	return Command{Name: "log", Usage: "log [-n N] [--since DATE] [--json]", Summary: "the calls, newest first, each with the reason for its decision",
		Options: []Option{{Name: "-n", Arg: "N", Help: "at most N calls (default 20, or every call since DATE)"},
			{Name: "--since", Arg: "DATE", Help: "calls from 2026-11-20, 2026-11-20T09:00, or 2h, 3d ago"}, optJSON},
		Help: "Ctrl-C stops a long answer.\nexample: log -n 5; log --since 1d --json", Run: c.log}
}

// LogJSON is one record of "log --json".
type LogJSON struct {
	Time         string  `json:"time"`
	Number       string  `json:"number"`
	Raw          string  `json:"raw,omitempty"`
	Name         string  `json:"name"`
	Presentation string  `json:"presentation"`
	Decision     string  `json:"decision"`
	Rule         string  `json:"rule"`
	Reason       string  `json:"reason,omitempty"`
	Outcome      string  `json:"outcome"`
	DurationS    float64 `json:"duration_s"`
	Message      string  `json:"message"`
	For          string  `json:"for,omitempty"`      // the person the call was for (person add)
	CallBack     string  `json:"callback,omitempty"` // the call-back number left with the message
	Urgent       bool    `json:"urgent,omitempty"`   // the caller marked the message urgent
}

// ToJSON converts a log record.
func ToJSON(r screening.LogRecord) LogJSON {
	return LogJSON{
		Time: r.Time.Format(time.RFC3339), Number: r.Number, Raw: clean.Text(r.Raw, 0), Name: clean.Name(r.Name),
		Presentation: r.Presentation.String(), Decision: r.Decision.String(), Rule: r.Rule, Reason: clean.Text(r.Reason, 0),
		Outcome: r.Outcome.String(), DurationS: float64(r.Duration.Milliseconds()) / 1000, Message: r.Message,
		For:      r.Person,
		CallBack: r.CallBack, Urgent: r.Urgent,
	}
}

// sinceTime reads --since: a date (with or without a time) or a duration
// back from now.
func sinceTime(s string, now time.Time) (time.Time, error) {
	if d, err := screening.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	t, err := screening.ParseDate(s, now.Location())
	if err != nil {
		return time.Time{}, usagef("--since %q: give a date such as 2026-11-20 or 2026-11-20T09:00, or 2h, 3d (ago)", clean.Name(s))
	}
	return t, nil
}

func (c *Console) log(ctx context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "log [-n N] [--since DATE] [--json]"); err != nil {
		return err
	}
	now := c.now()
	var since time.Time
	def := 20
	if r.Has("--since") {
		var err error
		if since, err = sinceTime(r.Value("--since"), now); err != nil {
			return err
		}
		def = 100_000
	}
	n, err := r.Count("-n", def, 1, 100_000)
	if err != nil {
		return err
	}
	recs, err := c.b.LogSince(since, n)
	if err != nil {
		return err
	}
	if r.Has("--json") {
		j := &jsonList{w: w}
		for _, rec := range recs {
			if err := j.add(ToJSON(rec)); err != nil {
				return err
			}
		}
		if err := j.end(); err != nil {
			return err
		}
		_, err = fmt.Fprintln(w)
		return err
	}
	if len(recs) == 0 {
		_, err := fmt.Fprintln(w, "no calls")
		return err
	}
	for _, rec := range recs {
		what := rec.Decision.String()
		if rec.Outcome.String() != what {
			what += " -> " + rec.Outcome.String()
		}
		line := fmt.Sprintf("%s  %s  %s  %s", rec.Time.In(now.Location()).Format("2006-01-02 15:04:05"), callerOf(rec), what,
			FormatAge(rec.Duration))
		if rec.Person != "" {
			line += "  for " + rec.Person
		}
		if rec.Message != "" {
			line += "  message " + rec.Message
			if rec.Urgent {
				line += " urgent"
			}
			if rec.CallBack != "" {
				line += ", call back " + rec.CallBack
			}
		}
		why := clean.Text(rec.Reason, 0)
		if why == "" {
			why = orDash(rec.Rule)
		}
		if _, err := fmt.Fprintf(w, "%s\n    %s\n", line, why); err != nil {
			return err
		}
	}
	return nil
}

func (c *Console) statsCommand() Command {
	return Command{Name: "stats", Usage: "stats [--days N] [--json]", Summary: "charts of the calls: per day by decision, busiest hours, top blocked, screening outcomes",
		Options: []Option{{Name: "--days", Arg: "N", Help: "the last N days, today included (default 7)"}, optJSON},
		Help:    "example: stats --days 30", Run: c.stats}
}

// Stats is what "stats" counts over the call log.
type Stats struct {
	From, To   time.Time      // the days counted: midnight to now
	Calls      int            // every call in them
	Days       []DayStats     // oldest first, one per day
	Hours      [24]int        // calls by hour of day
	TopBlocked []NumberCount  // the most blocked numbers, most first (at most 5)
	Screening  map[string]int // outcomes of screened calls
	Decisions  map[string]int // calls by decision
	byNumber   map[string]*NumberCount
}

// DayStats is one day's calls by decision.
type DayStats struct {
	Date      string `json:"date"`
	Allow     int    `json:"allow"`
	Screen    int    `json:"screen"`
	Voicemail int    `json:"voicemail"`
	Block     int    `json:"block"`
}

// Total is the day's calls.
func (d DayStats) Total() int { return d.Allow + d.Screen + d.Voicemail + d.Block }

// NumberCount is a caller and how often it called.
type NumberCount struct {
	Number string `json:"number"`
	Name   string `json:"name,omitempty"`
	Calls  int    `json:"calls"`
}

// countStats counts recs (newest first, all at or after the first day)
// over days days ending today.
func countStats(recs []screening.LogRecord, days int, now time.Time) Stats {
	y, m, d := now.Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, now.Location()).AddDate(0, 0, -(days - 1))
	s := Stats{From: from, To: now, Screening: map[string]int{}, Decisions: map[string]int{}, byNumber: map[string]*NumberCount{}}
	index := map[string]int{}
	for i := 0; i < days; i++ {
		date := from.AddDate(0, 0, i).Format("2006-01-02")
		index[date] = i
		s.Days = append(s.Days, DayStats{Date: date})
	}
	for _, r := range recs {
		t := r.Time.In(now.Location())
		i, ok := index[t.Format("2006-01-02")]
		if !ok {
			continue
		}
		s.Calls++
		s.Hours[t.Hour()]++
		day := &s.Days[i]
		s.Decisions[screening.ActionWord(r.Decision)]++
		switch r.Decision {
		case screening.ActionPass:
			day.Allow++
		case screening.ActionScreen:
			day.Screen++
			s.Screening[r.Outcome.String()]++
		case screening.ActionVoicemail:
			day.Voicemail++
		case screening.ActionBlock:
			day.Block++
			who := r.Number
			if who == "" {
				who = "(" + r.Presentation.String() + ")"
			}
			nc := s.byNumber[who]
			if nc == nil {
				nc = &NumberCount{Number: who, Name: clean.Name(r.Name)}
				s.byNumber[who] = nc
			}
			nc.Calls++
		}
	}
	for _, nc := range s.byNumber {
		s.TopBlocked = append(s.TopBlocked, *nc)
	}
	sortCounts(s.TopBlocked)
	if len(s.TopBlocked) > 5 {
		s.TopBlocked = s.TopBlocked[:5]
	}
	return s
}

// StatsJSON is "stats --json".
type StatsJSON struct {
	From       string         `json:"from"`
	To         string         `json:"to"`
	Calls      int            `json:"calls"`
	Decisions  map[string]int `json:"decisions"`
	Days       []DayStats     `json:"days"`
	Hours      [24]int        `json:"hours"`
	TopBlocked []NumberCount  `json:"top_blocked"`
	Screening  map[string]int `json:"screening_outcomes"`
}

func (c *Console) stats(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "stats [--days N] [--json]"); err != nil {
		return err
	}
	days, err := r.Count("--days", 7, 1, 366)
	if err != nil {
		return err
	}
	now := c.now()
	y, m, d := now.Date()
	recs, err := c.b.LogSince(time.Date(y, m, d, 0, 0, 0, 0, now.Location()).AddDate(0, 0, -(days-1)), 0)
	if err != nil {
		return err
	}
	s := countStats(recs, days, now)
	if r.Has("--json") {
		return writeJSON(w, StatsJSON{From: s.From.Format(time.RFC3339), To: s.To.Format(time.RFC3339), Calls: s.Calls,
			Decisions: s.Decisions, Days: s.Days, Hours: s.Hours, TopBlocked: append([]NumberCount{}, s.TopBlocked...), Screening: s.Screening})
	}
	_, err = io.WriteString(w, s.Charts())
	return err
}

// barWidth is the longest bar of a chart.
const barWidth = 40

// bar is n of max drawn with ch in at most barWidth columns (at least one
// column for any n > 0).
func bar(n, max int, ch string) string {
	if n <= 0 {
		return ""
	}
	k := n
	if max > barWidth {
		k = (n*barWidth + max - 1) / max
	}
	return strings.Repeat(ch, k)
}

// Charts draws the statistics as text.
func (s Stats) Charts() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d calls from %s to %s\n\n", s.Calls, s.From.Format("2006-01-02"), s.To.Format("2006-01-02 15:04"))
	b.WriteString("calls per day (A allowed, S screened, V voicemail, B blocked)\n")
	most := 0
	for _, d := range s.Days {
		most = max(most, d.Total())
	}
	for _, d := range s.Days {
		t, _ := time.Parse("2006-01-02", d.Date)
		parts := []struct {
			n  int
			ch string
		}{{d.Allow, "A"}, {d.Screen, "S"}, {d.Voicemail, "V"}, {d.Block, "B"}}
		var bars strings.Builder
		for _, p := range parts {
			bars.WriteString(bar(p.n, most, p.ch))
		}
		fmt.Fprintf(&b, "  %s %s %-*s %3d\n", d.Date, t.Format("Mon"), barWidth+3, bars.String(), d.Total())
	}
	b.WriteString("\nbusiest hours\n")
	busiest := 0
	for _, n := range s.Hours {
		busiest = max(busiest, n)
	}
	if busiest == 0 {
		b.WriteString("  (no calls)\n")
	}
	for h, n := range s.Hours {
		if n > 0 {
			fmt.Fprintf(&b, "  %02d:00-%02d:00 %-*s %3d\n", h, (h+1)%24, barWidth, bar(n, busiest, "#"), n)
		}
	}
	b.WriteString("\ntop blocked numbers\n")
	if len(s.TopBlocked) == 0 {
		b.WriteString("  (none blocked)\n")
	}
	for _, nc := range s.TopBlocked {
		fmt.Fprintf(&b, "  %-16s %-20s %3d\n", nc.Number, orDash(nc.Name), nc.Calls)
	}
	b.WriteString("\nscreened calls: what became of them\n")
	outcomes := []string{"accepted", "voicemail", "rejected", "abandoned", "failed-challenge", "passed", "failed"}
	screened := 0
	for _, n := range s.Screening {
		screened = max(screened, n)
	}
	if screened == 0 {
		b.WriteString("  (none screened)\n")
	}
	for _, o := range outcomes {
		if n := s.Screening[o]; n > 0 {
			fmt.Fprintf(&b, "  %-16s %-*s %3d\n", o, barWidth, bar(n, screened, "#"), n)
		}
	}
	return b.String()
}

// sortCounts orders by calls (most first), then number.
func sortCounts(ns []NumberCount) {
	slices.SortFunc(ns, func(a, b NumberCount) int {
		if a.Calls != b.Calls {
			return b.Calls - a.Calls
		}
		return strings.Compare(a.Number, b.Number)
	})
}
