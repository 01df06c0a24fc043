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

// TimeBackend is the box's clock, for the time command; *timekeep.Keeper
// implements it.
type TimeBackend interface {
	State() timekeep.State
	// SetByOwner steps the clock to t and saves it.
	SetByOwner(t time.Time) error
}

// TimeCommand is the time command on the box's clock: "time" shows the
// date, time, zone and where the time came from; "time set" sets it.
func TimeCommand(tb TimeBackend) Command {
	return Command{Name: "time", Usage: "time | time set YYYY-MM-DD HH:MM | time set HH:MM",
		Summary: "the box's date, time and zone, where the time came from; set sets it",
		Help: "The box has no battery clock. It takes the time from the network when it has one,\n" +
			"else from the date and time caller ID brings with calls (two calls must agree), and\n" +
			"keeps the last known time across restarts. time set gives it the time by hand, in the\n" +
			"box's time zone; HH:MM alone keeps today's date. set timezone ZONE changes the zone\n" +
			"(a tz database name such as Europe/Rome or America/New_York).\n" +
			"example: time set 2026-11-29 14:05",
		Run: func(_ context.Context, args []string, w io.Writer) error { return timeRun(tb, args, w) }}
}

func timeRun(tb TimeBackend, args []string, w io.Writer) error {
	if len(args) == 0 {
		for _, l := range tb.State().Lines() {
			fmt.Fprintln(w, clean.Text(l, 0))
		}
		return nil
	}
	if !strings.EqualFold(args[0], "set") || len(args) < 2 || len(args) > 3 {
		return usagef("usage: time | time set YYYY-MM-DD HH:MM | time set HH:MM")
	}
	st := tb.State()
	t, err := parseOwnerTime(args[1:], st.Now)
	if err != nil {
		return err
	}
	if err := tb.SetByOwner(t); err != nil {
		return ownerTimeError(err, t)
	}
	st = tb.State()
	fmt.Fprintf(w, "ok: clock set to %s, zone %s; source: %s", st.Now.Format("2006-01-02 15:04 MST"), st.ZoneText(), st.SourceText())
	if st.Network {
		fmt.Fprint(w, " (the network's time replaces it at its next update)")
	}
	fmt.Fprintln(w)
	return nil
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

// ownerTimeError is one plain sentence for what SetByOwner refused.
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
