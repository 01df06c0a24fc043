package screening

import (
	"strings"
	"time"

	"secretary/screening/schedule"
)

// modeAt is the mode in force at now: the mode setting, or dnd inside the
// dnd-schedule window while the setting is normal; why is "" or
// " (schedule NAME)".
func (c *compiled) modeAt(now time.Time) (m schedule.Mode, why string) {
	s := c.settings
	if !s.ModeUntil.IsZero() && !now.Before(s.ModeUntil) {
		s.Mode = schedule.ModeNormal // the mode's time is over
	} else if !s.ModeUntil.IsZero() && s.Mode != schedule.ModeNormal {
		why = " (until " + s.ModeUntil.In(now.Location()).Format("2006-01-02 15:04") + ")"
	}
	if s.Mode == schedule.ModeNormal && s.DNDSchedule != "" {
		if w, ok := c.windows[s.DNDSchedule]; ok && w.Contains(now) {
			return schedule.ModeDND, " (schedule " + s.DNDSchedule + ")"
		}
	}
	return s.Mode, why
}

// ModeAt is the mode in force at now and, when a schedule put it there,
// "schedule NAME".
func (e *Engine) ModeAt(now time.Time) (schedule.Mode, string, error) {
	c, err := e.policy()
	if err != nil {
		return schedule.ModeNormal, "", err
	}
	m, why := c.modeAt(now)
	return m, strings.TrimSuffix(strings.TrimPrefix(why, " ("), ")"), nil
}

// ForUnknown is what Decide does with a caller no rule matches while mode
// m is in force (a repeat call breaking through do-not-disturb aside).
func (s Settings) ForUnknown(m schedule.Mode) Action {
	switch m {
	case schedule.ModePassthrough:
		return ActionPass
	case schedule.ModeDND, schedule.ModeVacation:
		if s.Default == ActionBlock {
			return ActionBlock
		}
		return ActionVoicemail
	}
	return s.Default
}
