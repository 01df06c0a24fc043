package console

import (
	"fmt"
	"strings"

	"secretary/firmware"
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/schedule"
)

// Status is what the status command shows; the backend gathers it and
// Text renders it.
type Status struct {
	Board       string
	Caps        hal.Caps
	Box         firmware.Status
	Settings    screening.Settings
	SettingsErr error         // the settings could not be read
	Mode        schedule.Mode // in force now: the setting, or dnd inside dnd-schedule
	ModeWhy     string        // "" or "schedule NAME"
	Unheard     int
	MailboxFull bool
	Version     string   // the firmware's version, "" = not shown
	Notes       []string // more lines at the end (the installer settings)
}

// Text is the status as a few lines.
func (s Status) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "board %s (%s)", s.Board, s.Caps)
	if s.Version != "" {
		fmt.Fprintf(&b, ", firmware %s", s.Version)
	}
	line, relay := "up", s.Box.Relay.String()
	if !s.Box.LineUp {
		line = "DOWN (passing calls through)"
	}
	if !s.Caps.Has(hal.CapLine) {
		line = "absent (this board has no modem)"
	}
	if !s.Caps.Has(hal.CapRelay) {
		relay = "none"
	}
	fmt.Fprintf(&b, "\nline %s, relay %s, call state %s\n", line, relay, s.Box.Phase)
	if s.SettingsErr != nil {
		fmt.Fprintf(&b, "settings cannot be read (%s); calls pass through\n", sentence(s.SettingsErr))
	} else {
		set := s.Settings
		mode := s.Mode.String()
		if s.ModeWhy != "" {
			mode += " (" + s.ModeWhy + ")"
		}
		unknown := screening.ActionWord(set.ForUnknown(s.Mode))
		if unknown == "allow" {
			unknown = "ring through"
		}
		if s.Mode == schedule.ModeDND && unknown == "voicemail" && set.RepeatWindow > 0 {
			unknown += fmt.Sprintf(" (calling again within %s breaks through)", screening.FormatDuration(set.RepeatWindow))
		}
		fmt.Fprintf(&b, "mode %s, unknown callers: %s, blocked callers: %s\n", mode, unknown, set.BlockTreatment)
		if n := len(set.Problems); n > 0 {
			fmt.Fprintf(&b, "%d stored setting(s) could not be used and kept the default: %s\n", n, sentence(set.ProblemsError()))
		}
	}
	fmt.Fprintf(&b, "calls since start %d, new messages %d", s.Box.Calls, s.Unheard)
	if s.MailboxFull {
		b.WriteString(" (mailbox FULL)")
	}
	for _, n := range s.Notes {
		b.WriteString("\n" + n)
	}
	return b.String()
}
