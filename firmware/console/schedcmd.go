package console

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/schedule"
)

func (c *Console) scheduleCommand() Command {
	return Command{Name: "schedule", Aliases: []string{"schedules"}, Usage: "schedule add|del|list ...",
		Summary: "named weekly time windows, for rules (--schedule) and dnd-schedule", Default: "list",
		Help: "DAYS: mon tue wed thu fri sat sun, a range mon-fri, several joined with + (mon+wed), or daily.\n" +
			"A window that ends before it starts runs overnight (22:00-07:00); more spans follow after commas.\n" +
			"example: schedule add nights mon-fri 22:00-07:00, sat-sun 23:00-09:00; then set dnd-schedule nights",
		Subs: []Command{
			{Name: "add", Usage: "schedule add NAME DAYS HH:MM-HH:MM[, DAYS HH:MM-HH:MM...]", Run: c.scheduleAdd},
			{Name: "del", Aliases: []string{"delete", "remove", "rm"}, Usage: "schedule del NAME", Complete: c.completeWindows, Run: c.scheduleDel},
			{Name: "list", Aliases: []string{"ls", "show"}, Usage: "schedule list [--json]", Options: []Option{optJSON}, Run: c.scheduleList},
		}}
}

func (c *Console) scheduleAdd(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) < 3 {
		return usagef("usage: schedule add NAME DAYS HH:MM-HH:MM, e.g. schedule add nights mon-fri 22:00-07:00")
	}
	win, err := schedule.Parse(strings.Join(r.Args, " "))
	if err != nil {
		return err
	}
	old, _ := c.window(win.Name)
	if err := c.b.PutWindow(win); err != nil {
		return err
	}
	now := "not in force now"
	if win.Contains(c.now()) {
		now = "in force now"
	}
	msg := fmt.Sprintf("schedule %s (%s)", win, now)
	if old != nil {
		msg += ", replacing " + old.String()
	}
	return okf(w, "%s", msg)
}

// window finds a window by name (nil: none).
func (c *Console) window(name string) (*schedule.Window, error) {
	ws, err := c.b.Windows()
	if err != nil {
		return nil, err
	}
	for i := range ws {
		if strings.EqualFold(ws[i].Name, name) {
			return &ws[i], nil
		}
	}
	return nil, nil
}

func (c *Console) scheduleDel(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) != 1 {
		return usagef("usage: schedule del NAME")
	}
	name := r.Args[0]
	if win, _ := c.window(name); win != nil {
		name = win.Name
	}
	ok, err := c.b.DeleteWindow(name)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("there is no schedule %q (schedule list shows them)", clean.Name(name))
	}
	return okf(w, "schedule %s deleted; rules naming it no longer apply (those with !%s always do)", name, name)
}

// WindowJSON is one entry of "schedule list --json".
type WindowJSON struct {
	Name    string `json:"name"`
	Spans   string `json:"spans"`
	InForce bool   `json:"in_force"`
	DND     bool   `json:"dnd_schedule"`
}

func (c *Console) scheduleList(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "schedule list [--json]"); err != nil {
		return err
	}
	ws, err := c.b.Windows()
	if err != nil {
		return err
	}
	set, err := c.b.Settings()
	if err != nil {
		return err
	}
	now := c.now()
	if r.Has("--json") {
		out := []WindowJSON{}
		for _, win := range ws {
			out = append(out, WindowJSON{Name: win.Name, Spans: strings.TrimPrefix(win.String(), win.Name+" "),
				InForce: win.Contains(now), DND: win.Name == set.DNDSchedule})
		}
		return writeJSON(w, out)
	}
	if len(ws) == 0 {
		_, err := fmt.Fprintln(w, "no schedules (schedule add NAME DAYS HH:MM-HH:MM makes one)")
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tWHEN\tNOW\tUSED BY")
	for _, win := range ws {
		used := "-"
		if win.Name == set.DNDSchedule {
			used = "dnd-schedule"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", win.Name, strings.TrimPrefix(win.String(), win.Name+" "), yes(win.Contains(now)), used)
	}
	return tw.Flush()
}

func (c *Console) modeCommand() Command {
	return Command{Name: "mode", Usage: "mode [normal|dnd|vacation|passthrough] [--until TIME]",
		Summary: "show or change the mode: normal, dnd (do not disturb), vacation, passthrough",
		Options: []Option{{Name: "--until", Arg: "TIME", Help: "back to normal at HH:MM (the next one), a date, or after 2h, 3d"}},
		Help: "normal: the rules decide. dnd: VIPs (allow) ring, blocked callers stay blocked, everyone else goes to\n" +
			"voicemail (a second call within repeat-window rings). vacation: every call not blocked goes to voicemail.\n" +
			"passthrough: every call rings, as if the box were not there.\nexample: mode dnd --until 07:00",
		Complete: func(_ context.Context, args []string, prefix string) []string {
			if len(args) > 0 {
				return nil
			}
			return withPrefix([]string{"normal", "dnd", "vacation", "passthrough"}, prefix)
		},
		Run: c.mode}
}

func (c *Console) mode(_ context.Context, r *Request, w io.Writer) error {
	now := c.now()
	if len(r.Args) == 0 {
		if r.Has("--until") {
			return usagef("usage: mode dnd|vacation|passthrough --until TIME")
		}
		st := c.b.Status()
		if st.SettingsErr != nil {
			return st.SettingsErr
		}
		line := "mode " + st.Mode.String()
		if st.ModeWhy != "" {
			line += " (" + st.ModeWhy + ")"
		}
		if st.Mode != st.Settings.Mode {
			line += "; the mode setting is " + st.Settings.Mode.String()
		}
		_, err := fmt.Fprintf(w, "%s; unknown callers: %s\n", line, st.unknownText())
		return err
	}
	if len(r.Args) != 1 {
		return usagef("usage: mode [normal|dnd|vacation|passthrough] [--until TIME]")
	}
	m, err := schedule.ParseMode(r.Args[0])
	if err != nil {
		return usagef("mode %q: use normal, dnd, vacation or passthrough", clean.Name(r.Args[0]))
	}
	until := ""
	var at time.Time
	if r.Has("--until") {
		if m == schedule.ModeNormal {
			return usagef("--until is for dnd, vacation and passthrough: the mode goes back to normal then")
		}
		if at, err = untilTime(r.Value("--until"), now); err != nil {
			return err
		}
		until = at.Format(time.RFC3339)
	}
	if err := c.b.SetSettings([2]string{"mode", m.String()}, [2]string{"mode-until", until}); err != nil {
		return err
	}
	if until != "" {
		return okf(w, "mode %s until %s, then normal", m, at.Format("2006-01-02 15:04"))
	}
	return okf(w, "mode %s", m)
}

// untilTime reads when a mode ends: HH:MM (the next time the clock shows
// it), a date or date and time, or a duration from now (2h, 3d).
func untilTime(s string, now time.Time) (time.Time, error) {
	if d, err := screening.ParseDuration(s); err == nil {
		return now.Add(d), nil
	}
	if t, err := time.ParseInLocation("15:04", s, now.Location()); err == nil {
		at := time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), 0, 0, now.Location())
		if !at.After(now) {
			at = at.AddDate(0, 0, 1)
		}
		return at, nil
	}
	t, err := screening.ParseDate(s, now.Location())
	if err != nil {
		return time.Time{}, usagef("--until %q: give HH:MM, a date such as 2026-12-01 or 2026-12-01T07:00, or a duration such as 2h", clean.Name(s))
	}
	if !t.After(now) {
		return time.Time{}, usagef("--until %s is already past", t.Format("2006-01-02 15:04"))
	}
	return t, nil
}

// withPrefix keeps the words that start with prefix, ignoring case.
func withPrefix(ws []string, prefix string) []string {
	var out []string
	p := strings.ToLower(prefix)
	for _, w := range ws {
		if strings.HasPrefix(strings.ToLower(w), p) {
			out = append(out, w)
		}
	}
	return out
}
