package call

import (
	"strings"
	"unicode/utf8"
)

// DisplayName is the most characters a handset's caller-ID display shows
// of a name: the name field of a Bellcore MDMF message (GR-30) holds 15.
const DisplayName = 15

// ScreenedMark starts the name the handset shows for a screened call, so
// the owner tells it from a call that rang through.
const ScreenedMark = "? "

// ScreenedDisplay is the name the handset's display shows for a screened
// call whose caller ID name was name: the mark and the name, cut to the 15
// characters of the name field ("? HUDSON DENTAL"; a longer name keeps its
// first 13 characters, "? WIRELESS CALL"), or "? SCREENED" when the line
// sent no name. The number goes in its own field, as the line sent it.
func ScreenedDisplay(name string) string {
	name = strings.Join(strings.Fields(CleanName(name)), " ")
	if name == "" {
		name = "SCREENED"
	}
	return FitDisplay(ScreenedMark + name)
}

// FitDisplay cuts s to the DisplayName characters a display shows, on a
// character boundary, without trailing spaces.
func FitDisplay(s string) string {
	if utf8.RuneCountInString(s) <= DisplayName {
		return s
	}
	n := 0
	for i := range s {
		if n == DisplayName {
			return strings.TrimRight(s[:i], " ")
		}
		n++
	}
	return s
}
