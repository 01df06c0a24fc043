package timekeep

import (
	"errors"
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestCallerTime(t *testing.T) {
	rome := mustZone(t, "Europe/Rome")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, rome)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name, date, hhmm, ref, want string
	}{
		{"same day", "1129", "1402", "2026-11-29 13:50", "2026-11-29 14:02"},
		{"a minute behind the clock", "1129", "1349", "2026-11-29 13:50", "2026-11-29 13:49"},
		{"off for months", "0915", "0800", "2026-01-15 10:00", "2026-09-15 08:00"},
		{"off for eleven months", "1220", "0800", "2026-01-15 10:00", "2026-12-20 08:00"},
		{"new year after the last known time", "0101", "0005", "2026-12-31 23:50", "2027-01-01 00:05"},
		{"new year, box off a week", "0105", "0930", "2026-12-31 23:50", "2027-01-05 09:30"},
		{"clock an hour ahead into the new year", "1231", "2330", "2027-01-01 00:30", "2026-12-31 23:30"},
		{"29 February of the next leap year", "0229", "1200", "2027-06-01 00:00", "2028-02-29 12:00"},
		{"29 February this leap year", "0229", "1200", "2028-02-01 00:00", "2028-02-29 12:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := CallerTime(c.date, c.hhmm, at(c.ref), rome)
			if err != nil {
				t.Fatal(err)
			}
			if want := at(c.want); !got.Equal(want) || got.Location() != rome {
				t.Errorf("CallerTime(%s %s, ref %s) = %s, want %s in Europe/Rome", c.date, c.hhmm, c.ref, got, want)
			}
		})
	}
}

func TestCallerTime_Absurd(t *testing.T) {
	ref := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range [][2]string{
		{"1301", "1200"}, {"0001", "1200"}, {"0100", "1200"}, {"0132", "1200"}, {"0230", "1200"},
		{"0229", "1200"}, // no 29 February in 2025-2027
		{"0101", "2400"}, {"0101", "1260"}, {"01a1", "1200"}, {"0101", "12:0"}, {"101", "1200"},
		{"0101", ""}, {"", "1200"}, {"01011", "1200"}, {"0101", "+120"}, {"-101", "1200"},
	} {
		if got, err := CallerTime(c[0], c[1], ref, time.UTC); !errors.Is(err, ErrCallerTime) {
			t.Errorf("CallerTime(%q, %q) = %v, %v; want ErrCallerTime", c[0], c[1], got, err)
		}
	}
}

func TestSighting(t *testing.T) {
	at := time.Date(2026, 11, 29, 14, 2, 30, 0, time.UTC)
	for _, c := range []struct {
		said   time.Time
		inSync bool
	}{
		{at.Truncate(time.Minute), true},                        // the minute the clock shows
		{at.Add(-time.Minute).Truncate(time.Minute), true},      // 14:01: the clock may be 20 s fast
		{at.Add(-2 * time.Minute).Truncate(time.Minute), false}, // 14:00: at least 80 s fast
		{at.Add(time.Minute).Truncate(time.Minute), true},
		{at.Add(3 * time.Minute).Truncate(time.Minute), false},
		{at.Add(-3 * time.Minute).Truncate(time.Minute), false},
		{at.Add(-26 * time.Hour), false},
	} {
		if got := newSighting(c.said, at).inSync(); got != c.inSync {
			t.Errorf("clock %s, caller ID %s: inSync = %v, want %v", at.Format("15:04:05"), c.said.Format("15:04"), got, c.inSync)
		}
	}
	// two calls seven minutes apart, both saying the clock is 2 h 10 min slow
	a := newSighting(at.Add(2*time.Hour+10*time.Minute).Truncate(time.Minute), at)
	at2 := at.Add(7*time.Minute + 10*time.Second)
	b := newSighting(at2.Add(2*time.Hour+10*time.Minute).Truncate(time.Minute), at2)
	off, ok := a.agree(b)
	if !ok || off < 2*time.Hour+9*time.Minute || off > 2*time.Hour+11*time.Minute {
		t.Errorf("agree = %v, %v; want about 2h10m", off, ok)
	}
	if _, ok := a.agree(newSighting(at.Add(3*time.Hour), at2)); ok {
		t.Error("sightings an hour apart agree")
	}
}

func FuzzCallerTime(f *testing.F) {
	for _, s := range [][2]string{{"1129", "1402"}, {"0229", "0000"}, {"1231", "2359"}, {"0101", "0000"}, {"9999", "9999"}, {"", ""}} {
		f.Add(s[0], s[1], int64(1795000000))
	}
	f.Fuzz(func(t *testing.T, date, hhmm string, unix int64) {
		ref := time.Unix(unix%(1<<40), 0).UTC()
		got, err := CallerTime(date, hhmm, ref, time.UTC)
		if err != nil {
			if !errors.Is(err, ErrCallerTime) {
				t.Fatalf("error %v is not ErrCallerTime", err)
			}
			return
		}
		if got.Format("0102") != date || got.Format("1504") != hhmm {
			t.Fatalf("CallerTime(%q, %q) = %s", date, hhmm, got)
		}
		if got.Before(ref.Add(-24*time.Hour)) || got.After(ref.AddDate(2, 0, 1)) {
			t.Fatalf("CallerTime(%q, %q, %s) = %s: more than a day back or two years ahead", date, hhmm, ref, got)
		}
	})
}
