package main

import (
	"log/slog"
	"time"
	_ "time/tzdata" // every tz database zone, with no zoneinfo files on the image

	"github.com/jonboulle/clockwork"

	"secretary/firmware/timekeep"
	"secretary/hal"
	"secretary/hal/haltest"
	"secretary/hal/sysclock"
)

// systemClock is the clock the box runs on and the computer clock the
// keeper sets. The simulated board gets a clock of its own, set without
// privileges and without touching this computer's; the others the
// computer's (clock_settime needs CAP_SYS_TIME: on the image the firmware
// has it, elsewhere setting fails and is reported). done releases it.
func systemClock(boardName string, log *slog.Logger) (clock clockwork.Clock, sys hal.SystemClock, done func()) {
	if boardName == "sim" {
		c := haltest.NewSystemClock(nil, nil)
		return c, c, func() {}
	}
	c, err := sysclock.Open()
	if err != nil {
		log.Warn("the computer's clock cannot be watched or set", "err", err)
		return clockwork.NewRealClock(), nil, func() {}
	}
	return clockwork.NewRealClock(), c, func() { c.Close() }
}

// zoneNote names the zone for status: "Europe/Rome", or "of the system
// (UTC)".
func zoneNote(st timekeep.State) string {
	if st.ZoneName != "" {
		return st.ZoneName
	}
	return "of the system (" + time.Now().In(st.Zone).Format("MST") + ")"
}
