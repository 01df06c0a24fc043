package delivery

import (
	"fmt"
	"strings"
	"time"

	"secretary/screening"
)

// Status is the delivery queue at the end of the loop's last pass.
type Status struct {
	At       time.Time // when the pass ended; zero before the first
	Channels []ChannelStatus
	Err      string // the queue could not be read
}

// ChannelStatus is one channel's part of the queue (messages still in the
// box only).
type ChannelStatus struct {
	Channel               screening.Channel
	On                    bool
	Sent, Waiting, Failed int
	Next                  time.Time // the earliest next attempt of a waiting route
	Problem               string    // the newest failure still standing (waiting or failed)
	Attention             bool      // it needs the owner
}

// Trouble reports whether a channel has failed routes or a failure that
// needs the owner.
func (s Status) Trouble() bool {
	for _, c := range s.Channels {
		if c.Failed > 0 || (c.Waiting > 0 && c.Attention) {
			return true
		}
	}
	return s.Err != ""
}

// Lines are the status lines of the console's status, times in loc.
func (s Status) Lines(loc *time.Location) []string {
	if s.Err != "" {
		return []string{"delivery: " + s.Err}
	}
	var out []string
	for _, c := range s.Channels {
		if !c.On && c.Waiting == 0 && c.Failed == 0 {
			continue
		}
		state := "on"
		if !c.On {
			state = "off"
		}
		line := fmt.Sprintf("delivery by %s %s: %d sent", c.Channel, state, c.Sent)
		if c.Waiting > 0 {
			line += fmt.Sprintf(", %d waiting (next try %s)", c.Waiting, c.Next.In(loc).Format("15:04"))
		}
		if c.Failed > 0 {
			line += fmt.Sprintf(", %d FAILED", c.Failed)
		}
		if c.Problem != "" {
			tag := "last error"
			if c.Attention || c.Failed > 0 {
				tag = "NEEDS YOU"
			}
			line += fmt.Sprintf("; %s: %s", tag, c.Problem)
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return []string{"delivery off (set email-to or push-url to send messages on)"}
	}
	return out
}

// Summaries is msgs list's delivery column: message ID -> a few words.
func Summaries(dels []screening.Delivery) map[string]string {
	out := make(map[string]string, len(dels))
	for _, d := range dels {
		out[d.MessageID] = strings.TrimSpace(d.Summary())
	}
	return out
}
