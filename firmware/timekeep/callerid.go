package timekeep

import (
	"fmt"
	"time"
)

// CallerTime reads a caller ID's date (MMDD) and time (HHMM) in zone, the
// local time of the exchange. Caller ID has no year: it is the first such
// minute at or after ref minus a day, ref being the last known time. A box
// that stopped on 31 December and hears "0101 0005" after it starts again
// reads 1 January of the next year; one whose clock is an hour ahead on 1
// January reads "1231 2330" as the year before. A date that is not in the
// three years around ref (30 February, 29 February two years ahead) is
// ErrCallerTime, as are values that are not a date and time at all.
func CallerTime(date, hhmm string, ref time.Time, zone *time.Location) (time.Time, error) {
	mmdd, ok1 := fourDigits(date)
	hm, ok2 := fourDigits(hhmm)
	month, day, hour, minute := mmdd/100, mmdd%100, hm/100, hm%100
	if !ok1 || !ok2 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 {
		return time.Time{}, fmt.Errorf("%w: %q %q", ErrCallerTime, date, hhmm)
	}
	ref = ref.In(zone)
	from := ref.Add(-24 * time.Hour)
	for y := ref.Year() - 1; y <= ref.Year()+1; y++ {
		t := time.Date(y, time.Month(month), day, hour, minute, 0, 0, zone)
		if t.Month() != time.Month(month) || t.Day() != day {
			continue // no such day that year
		}
		if !t.Before(from) {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q is not a date near %s", ErrCallerTime, date, ref.Format("2006-01-02"))
}

// fourDigits reads exactly four ASCII digits.
func fourDigits(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// sighting is what one caller ID says about the clock: the true time
// minus the clock's was within [lo, hi) when it came. The exchange sends
// the minute (the true time is within it), and the caller ID arrives a
// few seconds after the exchange stamped it (grace).
type sighting struct {
	lo, hi time.Duration
	at     time.Time // the clock when the caller ID came
	said   time.Time // what it said
}

// grace is how late after the exchange's minute a caller ID may arrive.
const grace = 10 * time.Second

func newSighting(said, at time.Time) sighting {
	return sighting{lo: said.Sub(at), hi: said.Add(time.Minute + grace).Sub(at), at: at, said: said}
}

// inSync reports whether the clock may be right to within a minute.
func (s sighting) inSync() bool { return s.lo < time.Minute && s.hi > -time.Minute }

// agree returns the middle of what both sightings allow, if anything.
func (s sighting) agree(o sighting) (time.Duration, bool) {
	lo, hi := max(s.lo, o.lo), min(s.hi, o.hi)
	if lo >= hi {
		return 0, false
	}
	return lo + (hi-lo)/2, true
}
