package console

import (
	"fmt"
	"strings"
	"time"

	"secretary/firmware"
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/schedule"
)

// Status is what the status command shows; the backend gathers it, Text
// and JSON render it.
type Status struct {
	Board       string
	Caps        hal.Caps
	Version     string    // firmware version
	Started     time.Time // when the box started (uptime)
	Now         time.Time // the box's clock
	ClockSource string    // where the clock comes from: "system clock", "NTP", "set by hand"
	Box         firmware.Status
	Settings    screening.Settings
	SettingsErr error         // the settings could not be read
	Mode        schedule.Mode // in force now: the setting, or dnd inside dnd-schedule
	ModeWhy     string        // "" or "schedule NAME", "until 2026-12-01 07:00"
	Lists       [4]ListSize   // by screening.Action
	ListsErr    error
	LastCall    *screening.LogRecord // the newest call in the log; nil: none
	Messages    int
	Unheard     int
	MailboxFull bool
	StoreHealth string   // "healthy", "read-only", "unavailable"
	StoreErr    error    // why, when not healthy
	Notes       []string // more lines at the end (the installer settings)
}

// ListSize is one list's size.
type ListSize struct{ Numbers, Others int }

// Total is every entry of the list.
func (l ListSize) Total() int { return l.Numbers + l.Others }

// Uptime is how long the box has run.
func (s Status) Uptime() time.Duration {
	if s.Started.IsZero() {
		return 0
	}
	return s.Now.Sub(s.Started).Round(time.Second)
}

// unknownText is what happens now to a caller no rule matches.
func (s Status) unknownText() string {
	set := s.Settings
	unknown := screening.ActionWord(set.ForUnknown(s.Mode))
	if unknown == "allow" {
		unknown = "ring through"
	}
	if s.Mode == schedule.ModeDND && unknown == "voicemail" && set.RepeatWindow > 0 {
		unknown += fmt.Sprintf(" (calling again within %s breaks through)", screening.FormatDuration(set.RepeatWindow))
	}
	return unknown
}

// Text is the status as a few lines.
func (s Status) Text() string {
	var b strings.Builder
	if d := s.Box.Data; d.Degraded() {
		fmt.Fprintf(&b, "DEGRADED MODE: %s %s\n", clean.Text(d.Problem, 0), DegradedText(d.State))
	}
	fmt.Fprintf(&b, "secretary %s on board %s (%s), up %s\n", orDash(s.Version), s.Board, s.Caps, FormatAge(s.Uptime()))
	fmt.Fprintf(&b, "clock   %s (%s)\n", s.Now.Format("2006-01-02 15:04:05 MST"), orDash(s.ClockSource))
	fmt.Fprintf(&b, "line    %s, relay %s; modem %s\n", s.Box.Phase, s.relay(), s.modem())
	switch {
	case s.SettingsErr != nil && s.Box.Data.Degraded():
		b.WriteString("mode    settings cannot be read (degraded mode: see the first line)\n")
	case s.SettingsErr != nil:
		fmt.Fprintf(&b, "mode    settings cannot be read (%s); calls pass through\n", sentence(s.SettingsErr))
	default:
		mode := s.Mode.String()
		if s.ModeWhy != "" {
			mode += " (" + s.ModeWhy + ")"
		}
		fmt.Fprintf(&b, "mode    %s; unknown callers: %s; blocked callers: %s\n", mode, s.unknownText(), s.Settings.BlockTreatment)
		if n := len(s.Settings.Problems); n > 0 {
			fmt.Fprintf(&b, "        %d stored setting(s) could not be used and kept the default: %s\n", n, sentence(s.Settings.ProblemsError()))
		}
	}
	if s.ListsErr != nil {
		fmt.Fprintf(&b, "lists   cannot be read (%s)\n", sentence(s.ListsErr))
	} else {
		var parts []string
		for a := screening.ActionPass; a <= screening.ActionBlock; a++ {
			parts = append(parts, fmt.Sprintf("%s %d", screening.ActionWord(a), s.Lists[a].Total()))
		}
		fmt.Fprintf(&b, "lists   %s\n", strings.Join(parts, ", "))
	}
	last := "none yet"
	if r := s.LastCall; r != nil {
		last = fmt.Sprintf("%s %s, %s (%s ago)", r.Time.In(s.Now.Location()).Format("2006-01-02 15:04"), callerOf(*r), r.Outcome, FormatAge(s.Now.Sub(r.Time)))
	}
	fmt.Fprintf(&b, "calls   %d since start; last: %s\n", s.Box.Calls, last)
	full := ""
	if s.MailboxFull {
		full = " (mailbox FULL: delete heard messages)"
	}
	fmt.Fprintf(&b, "msgs    %d new of %d%s\n", s.Unheard, s.Messages, full)
	store := orDash(s.StoreHealth)
	if s.StoreErr != nil {
		store += ": " + sentence(s.StoreErr)
	}
	fmt.Fprintf(&b, "store   %s", store)
	if n := s.notSaved(); n > 0 {
		fmt.Fprintf(&b, "\nNOT SAVED since start: %d call-log record(s) or list change(s) (the disk is full, failing or too slow; msgs deletes old messages)", n)
	}
	for _, n := range s.Notes {
		b.WriteString("\n" + n)
	}
	return b.String()
}

// DegradedText is what the box does in degraded mode, for status and
// notices.
func DegradedText(d firmware.DataState) string {
	switch d {
	case firmware.DataReadOnly:
		return "Calls are screened with the lists as they are; nothing is saved (no call log, list changes or voicemail)."
	case firmware.DataUnavailable:
		return "Until then every call rings through to the phone (help store says more)."
	}
	return ""
}

// notSaved counts the call-log records and list changes the store
// refused or the writer dropped since start; 0 in degraded mode, whose
// first line says that nothing is saved.
func (s Status) notSaved() int {
	if s.Box.Data.Degraded() {
		return 0
	}
	return s.Box.StoreFailed + s.Box.StoreDropped
}

// modem is the line device's state.
func (s Status) modem() string {
	switch {
	case !s.Caps.Has(hal.CapLine):
		return "absent (this board has no modem)"
	case !s.Box.LineUp && s.Box.LineWhy != "":
		return "DOWN: " + clean.Text(s.Box.LineWhy, 0) + " (calls pass through to the phone)"
	case !s.Box.LineUp:
		return "DOWN (calls pass through to the phone)"
	}
	return "up"
}

// relay is the relay's state.
func (s Status) relay() string {
	if !s.Caps.Has(hal.CapRelay) {
		return "none"
	}
	return s.Box.Relay.String()
}

// StatusJSON is "status --json".
type StatusJSON struct {
	Version      string         `json:"version"`
	Board        string         `json:"board"`
	Caps         string         `json:"capabilities"`
	UptimeS      int64          `json:"uptime_s"`
	Clock        string         `json:"clock"`
	ClockSource  string         `json:"clock_source"`
	Line         string         `json:"line"`
	Relay        string         `json:"relay"`
	Modem        string         `json:"modem"`
	Mode         string         `json:"mode"`
	ModeWhy      string         `json:"mode_why,omitempty"`
	Unknown      string         `json:"unknown_callers,omitempty"`
	Lists        map[string]int `json:"lists"`
	CallsSince   int            `json:"calls_since_start"`
	LastCall     *LogJSON       `json:"last_call"`
	Messages     int            `json:"messages"`
	Unheard      int            `json:"unheard"`
	MailboxFull  bool           `json:"mailbox_full"`
	Store        string         `json:"store"`
	StoreProblem string         `json:"store_problem,omitempty"`
	Degraded     string         `json:"degraded,omitempty"`  // what degraded mode means now
	NotSaved     int            `json:"not_saved,omitempty"` // records and changes lost since start
	Problems     []string       `json:"problems,omitempty"`
	Notes        []string       `json:"notes,omitempty"`
}

// JSON is the status for scripts.
func (s Status) JSON() StatusJSON {
	j := StatusJSON{Version: s.Version, Board: s.Board, Caps: s.Caps.String(), UptimeS: int64(s.Uptime().Seconds()),
		Clock: s.Now.Format(time.RFC3339), ClockSource: s.ClockSource, Line: s.Box.Phase.String(), Relay: s.relay(),
		Modem: "up", Notes: s.Notes, Mode: s.Mode.String(), ModeWhy: s.ModeWhy, Lists: map[string]int{}, CallsSince: s.Box.Calls,
		Messages: s.Messages, Unheard: s.Unheard, MailboxFull: s.MailboxFull, Store: s.StoreHealth}
	switch {
	case !s.Caps.Has(hal.CapLine):
		j.Modem = "absent"
	case !s.Box.LineUp:
		j.Modem = "down"
	}
	if s.SettingsErr != nil {
		j.Problems = append(j.Problems, sentence(s.SettingsErr))
	} else {
		j.Unknown = s.unknownText()
		for _, p := range s.Settings.Problems {
			j.Problems = append(j.Problems, sentence(p))
		}
	}
	for a := screening.ActionPass; a <= screening.ActionBlock; a++ {
		j.Lists[screening.ActionWord(a)] = s.Lists[a].Total()
	}
	if s.LastCall != nil {
		l := ToJSON(*s.LastCall)
		j.LastCall = &l
	}
	if s.StoreErr != nil {
		j.StoreProblem = sentence(s.StoreErr)
	}
	if d := s.Box.Data; d.Degraded() {
		j.Degraded = clean.Text(d.Problem, 0) + " " + DegradedText(d.State)
	}
	j.NotSaved = s.notSaved()
	return j
}

// callerOf names a logged caller: number and name, or how caller ID put it.
func callerOf(r screening.LogRecord) string {
	who := r.Number
	if who == "" {
		who = "(" + r.Presentation.String() + ")"
	}
	if n := clean.Name(r.Name); n != "" {
		who += " " + n
	}
	return who
}

// FormatAge writes a duration the way people say it: "45s", "12m",
// "3h20m", "2d4h".
func FormatAge(d time.Duration) string {
	switch {
	case d < 0:
		return "0s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
}
