package firmware

import (
	"log/slog"

	"secretary/firmware/call"
	"secretary/hal"
)

// led is the indicator's policy: fault while the line device is down or
// the data is degraded, blinking once per unheard message, steady when
// idle and healthy. The call loop alone calls it.
type led struct {
	ind     hal.Indicator // nil on boards without one
	mailbox Mailbox       // nil: no messages
	log     *slog.Logger
	data    DataState // the data's health, set by the loop
}

// update shows the state for the machine's phase.
func (l *led) update(phase call.Phase) {
	if l.ind == nil {
		return
	}
	p := hal.LEDPattern{Mode: hal.LEDOn}
	switch {
	case phase == call.PhaseLineDown, l.data != DataOK:
		p = hal.LEDPattern{Mode: hal.LEDFault}
	case l.mailbox != nil:
		if n := l.mailbox.Unheard(); n > 0 {
			p = hal.LEDPattern{Mode: hal.LEDBlink, Count: n}
		}
	}
	if err := l.ind.Set(p); err != nil {
		l.log.Warn("led", "err", err)
	}
}
