package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"time"

	"secretary/firmware/timekeep"
	"secretary/screening/clean"
)

// timeCommand is time: the box's date, time and zone and where the time
// came from; time set gives it the time by hand.
func (c *Console) timeCommand() Command {
	return Command{Name: "time", Usage: "time [set YYYY-MM-DD HH:MM]", Summary: "the box's date, time and zone, and where the time came from; time set sets it",
		Default: "show",
		Help: "The box has no battery clock. It takes the time from the network when it has one, else from the\n" +
			"date and time caller ID brings with calls (the clock moves when two calls agree), and keeps the\n" +
			"last known time across restarts. time set gives it the time by hand, in the box's time zone (HH:MM\n" +
			"alone keeps today's date); caller ID then leaves it alone until the next start. set timezone ZONE\n" +
			"changes the zone at once (a tz database name: Europe/Rome, America/New_York).\n" +
			"example: time set 2026-11-29 14:05",
		Subs: []Command{
			{Name: "show", Usage: "time", Run: c.timeShow},
			{Name: "set", Usage: "time set YYYY-MM-DD HH:MM | time set HH:MM", Run: c.timeSet},
		}}
}

func (c *Console) timeShow(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "time"); err != nil {
		return err
	}
	for _, l := range c.b.Clock().Lines() {
		if _, err := fmt.Fprintln(w, clean.Text(l, 0)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Console) timeSet(_ context.Context, r *Request, w io.Writer) error {
	if len(r.Args) < 1 || len(r.Args) > 2 {
		return usagef("usage: time set YYYY-MM-DD HH:MM | time set HH:MM")
	}
	t, err := parseOwnerTime(r.Args, c.b.Clock().Now)
	if err != nil {
		return err
	}
	if err := c.b.SetClock(t); err != nil {
		return ownerTimeError(err, t)
	}
	st := c.b.Clock()
	more := ""
	if st.Network {
		more = " (the network's time replaces it at its next update)"
	}
	return okf(w, "clock set to %s, zone %s; source: %s%s", st.Now.Format("2006-01-02 15:04 MST"), st.ZoneText(), st.SourceText(), more)
}

// parseOwnerTime reads "YYYY-MM-DD HH:MM[:SS]" or "HH:MM[:SS]" (today, by
// now's date) in now's zone.
func parseOwnerTime(args []string, now time.Time) (time.Time, error) {
	date, clock := now.Format("2006-01-02"), args[0]
	if len(args) == 2 {
		date, clock = args[0], args[1]
	}
	layout := "2006-01-02 15:04"
	if strings.Count(clock, ":") == 2 {
		layout += ":05"
	}
	t, err := time.ParseInLocation(layout, date+" "+clock, now.Location())
	if err != nil {
		return time.Time{}, usagef("%q is not a date and time: want YYYY-MM-DD HH:MM, e.g. time set 2026-11-29 14:05",
			clean.Name(strings.Join(args, " ")))
	}
	return t, nil
}

// ownerTimeError is one plain sentence for what SetClock refused.
func ownerTimeError(err error, t time.Time) error {
	switch {
	case errors.Is(err, timekeep.ErrTimeRange):
		return usagef("%s is before this firmware was made or too far ahead; the clock is unchanged", t.Format("2006-01-02 15:04"))
	case errors.Is(err, timekeep.ErrCannotSet):
		why := "it refused"
		var errno syscall.Errno
		if errors.As(err, &errno) {
			why = errno.Error()
		}
		return fmt.Errorf("the clock could not be set (%s): the firmware needs the right to set the time", why)
	}
	return err
}
