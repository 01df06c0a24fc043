package call

import (
	"strings"
	"unicode"
)

// NumberClips speaks a number digit by digit: the E.164 number without its
// "+1" country prefix when it is North American, else what was received.
func NumberClips(e164, raw string) []Clip {
	n := e164
	if strings.HasPrefix(n, "+1") && len(n) == 12 {
		n = n[2:]
	}
	if n == "" {
		n = raw
	}
	var clips []Clip
	for i := 0; i < len(n); i++ {
		if c := n[i]; c >= '0' && c <= '9' {
			clips = append(clips, DigitClip(c))
		}
	}
	if len(clips) == 0 {
		return []Clip{ClipNoNumber}
	}
	return clips
}

// CleanName removes control characters (and invalid bytes) from a caller
// name and trims spaces, so it is safe on a terminal and in the log.
func CleanName(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || unicode.IsControl(r) || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s))
}
