package call

import (
	"strconv"
	"strings"
	"time"

	"secretary/screening"
)

// What the owner hears about the messages, spoken from clips: counts,
// dates and times in words, numbers digit by digit.

// IntroClips greets the owner: "you have 2 new messages and 1 saved
// message", or "you have no messages".
func IntroClips(unheard, count int) []Clip {
	if count <= 0 {
		return []Clip{ClipNoMessages}
	}
	clips := []Clip{ClipYouHave}
	saved := count - unheard
	if unheard > 0 || saved == 0 {
		clips = append(clips, CountClips(unheard)...)
		clips = append(clips, plural(unheard, ClipNewMessage, ClipNewMessages))
	}
	if saved > 0 {
		if unheard > 0 {
			clips = append(clips, ClipAnd)
		}
		clips = append(clips, CountClips(saved)...)
		clips = append(clips, plural(saved, ClipSavedMessage, ClipSavedMessages))
	}
	return clips
}

func plural(n int, one, many Clip) Clip {
	if n == 1 {
		return one
	}
	return many
}

// EnvelopeClips says who left message i (from 0) and when: "message 1,
// urgent, today at 10 14 a m, from 2 1 2 ..., call back at 2 1 2 ...".
// now places "today" and "yesterday"; both are read in now's time zone.
func EnvelopeClips(m screening.Message, i int, now time.Time) []Clip {
	clips := append([]Clip{ClipMessageNumber}, CountClips(i+1)...)
	if m.Urgent {
		clips = append(clips, ClipUrgent)
	}
	if !m.Time.IsZero() {
		clips = append(clips, WhenClips(m.Time, now)...)
	}
	clips = append(clips, ClipFrom)
	clips = append(clips, NumberClips(m.Number, "")...)
	if m.CallBack != "" {
		clips = append(clips, ClipCallBackAt)
		clips = append(clips, NumberClips(m.CallBack, "")...)
	}
	return clips
}

// WhenClips says when t was, seen from now: "today at 10 14 a m",
// "yesterday at ...", "on Monday at ..." within a week, else "on November
// 23 at ...".
func WhenClips(t, now time.Time) []Clip {
	t = t.In(now.Location())
	day := func(x time.Time) time.Time { return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, x.Location()) }
	days := int(day(now).Sub(day(t)).Round(24*time.Hour) / (24 * time.Hour))
	var clips []Clip
	switch {
	case days == 0:
		clips = []Clip{ClipToday}
	case days == 1:
		clips = []Clip{ClipYesterday}
	case days > 1 && days < 7:
		clips = []Clip{WeekdayClip(t.Weekday())}
	default:
		clips = append([]Clip{MonthClip(t.Month())}, CountClips(t.Day())...)
	}
	return append(append(clips, ClipAt), TimeClips(t.Hour(), t.Minute())...)
}

// TimeClips says a time of day the American way: "10 14 a m", "10 oh 5 p
// m", "12 a m" (midnight).
func TimeClips(hour, minute int) []Clip {
	h := hour % 12
	if h == 0 {
		h = 12
	}
	clips := CountClips(h)
	switch {
	case minute == 0:
	case minute < 10:
		clips = append(append(clips, ClipOh), CountClips(minute)...)
	default:
		clips = append(clips, CountClips(minute)...)
	}
	if hour < 12 {
		return append(clips, ClipAM)
	}
	return append(clips, ClipPM)
}

// CountClips says n (0-999) in words: digits for 0-9, "n-10" to "n-19",
// tens ("n-20" ... "n-90") and a digit, "n-100" and the rest.
func CountClips(n int) []Clip {
	switch {
	case n < 0:
		return nil
	case n < 10:
		return []Clip{DigitClip(byte('0' + n))}
	case n < 20:
		return []Clip{numberClip(n)}
	case n < 100:
		clips := []Clip{numberClip(n / 10 * 10)}
		if n%10 != 0 {
			clips = append(clips, DigitClip(byte('0'+n%10)))
		}
		return clips
	case n < 1000:
		clips := append(CountClips(n/100), numberClip(100))
		if n%100 != 0 {
			clips = append(clips, CountClips(n%100)...)
		}
		return clips
	}
	return nil
}

// numberClip is the clip of 10-19, a multiple of ten, or 100: "n-14".
func numberClip(n int) Clip { return Clip("n-" + strconv.Itoa(n)) }

// WeekdayClip says "on Monday" and so on.
func WeekdayClip(d time.Weekday) Clip { return Clip("on-" + strings.ToLower(d.String())) }

// MonthClip says "on January" and so on.
func MonthClip(m time.Month) Clip { return Clip("on-" + strings.ToLower(m.String())) }
