package schedule_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"secretary/screening/schedule"
)

// 2026-11-23 is a Monday.
func at(day int, hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", fmt.Sprintf("2026-11-%02d %s", 23+day, hhmm), time.UTC)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWindow_Contains(t *testing.T) {
	tests := []struct {
		spec string
		t    time.Time
		want bool
	}{
		{"office mon-fri 09:00-17:00", at(0, "09:00"), true},
		{"office mon-fri 09:00-17:00", at(0, "08:59"), false},
		{"office mon-fri 09:00-17:00", at(0, "16:59"), true},
		{"office mon-fri 09:00-17:00", at(0, "17:00"), false},
		{"office mon-fri 09:00-17:00", at(5, "10:00"), false}, // Saturday
		{"office mon-fri 09:00-17:00", at(4, "10:00"), true},  // Friday
		{"night daily 22:00-07:00", at(0, "23:30"), true},
		{"night daily 22:00-07:00", at(0, "06:59"), true},
		{"night daily 22:00-07:00", at(0, "07:00"), false},
		{"fri-night fri 22:00-02:00", at(5, "01:00"), true},  // Saturday morning belongs to Friday
		{"fri-night fri 22:00-02:00", at(4, "01:00"), false}, // Friday morning belongs to Thursday
		{"weekend sat-sun 00:00-24:00", at(6, "23:59"), true},
		{"weekend sat-sun 00:00-24:00", at(0, "00:00"), false},
		{"wrap fri-mon 12:00-13:00", at(0, "12:30"), true},
		{"wrap fri-mon 12:00-13:00", at(1, "12:30"), false},
		{"split mon-fri 09:00-12:00, mon-fri 13:00-17:00", at(2, "12:30"), false},
		{"split mon-fri 09:00-12:00, mon-fri 13:00-17:00", at(2, "13:30"), true},
		{"plus mon+wed 09:00-10:00", at(2, "09:30"), true},
		{"plus mon+wed 09:00-10:00", at(1, "09:30"), false},
	}
	for _, tt := range tests {
		t.Run(tt.spec+"/"+tt.t.Format("Mon15:04"), func(t *testing.T) {
			w, err := schedule.Parse(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := w.Contains(tt.t); got != tt.want {
				t.Errorf("Contains(%s) = %v", tt.t.Format(time.RFC1123), got)
			}
			// String round-trips
			w2, err := schedule.Parse(w.String())
			if err != nil || w2.String() != w.String() {
				t.Errorf("round trip %q -> %q, %v", w.String(), w2.String(), err)
			}
		})
	}
}

func TestParse_Errors(t *testing.T) {
	for _, s := range []string{"", "office", "office mon-fri", "office mon-fri 9-17", "office xyz 09:00-17:00",
		"office mon-fri 09:00-09:00", "office mon-fri 24:00-10:00", "office mon-fri 09:60-10:00", "1st mon 09:00-10:00",
		"office mon-fri 09:00-17:00,", "office mo 09:00-10:00"} {
		if _, err := schedule.Parse(s); err == nil || !errors.Is(err, schedule.ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want a syntax error", s, err)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []schedule.Mode{schedule.ModeNormal, schedule.ModeDND, schedule.ModeVacation, schedule.ModePassthrough} {
		got, err := schedule.ParseMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v %v", m, got, err)
		}
	}
	if _, err := schedule.ParseMode("sleep"); err == nil {
		t.Error("ParseMode accepted sleep")
	}
}

func ExampleWindow_Contains() {
	w, _ := schedule.Parse("office mon-fri 09:00-17:00")
	monday10 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	saturday10 := monday10.AddDate(0, 0, 5)
	fmt.Println(w, w.Contains(monday10), w.Contains(saturday10))
	// Output: office mon-fri 09:00-17:00 true false
}
