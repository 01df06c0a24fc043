package call

import (
	"strings"

	"secretary/hal"
)

// DisplayName is the most characters a handset's caller-ID display shows
// of a name: the name field of a Bellcore MDMF message (GR-30) holds 15.
const DisplayName = hal.DisplayName

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
	return hal.FitDisplayName(ScreenedMark + name)
}
