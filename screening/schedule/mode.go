package schedule

import (
	"fmt"
	"strings"
)

// Mode is how the box treats calls overall.
type Mode int

const (
	ModeNormal      Mode = iota // rules decide
	ModeDND                     // do not disturb: only allow-listed VIPs ring, others go to voicemail
	ModeVacation                // nobody is there: everything not blocked goes to voicemail
	ModePassthrough             // the box is transparent: every call rings
)

func (m Mode) String() string {
	switch m {
	case ModeNormal:
		return "normal"
	case ModeDND:
		return "dnd"
	case ModeVacation:
		return "vacation"
	case ModePassthrough:
		return "passthrough"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode reads a mode name as String writes it ("do-not-disturb" and
// "pass-through" are accepted too).
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "normal":
		return ModeNormal, nil
	case "dnd", "do-not-disturb":
		return ModeDND, nil
	case "vacation":
		return ModeVacation, nil
	case "passthrough", "pass-through", "pass":
		return ModePassthrough, nil
	}
	return 0, fmt.Errorf("%w: mode %q: use normal, dnd, vacation or passthrough", ErrSyntax, s)
}
