package number

import (
	"fmt"
	"strings"
)

// Class is what caller ID told us about the caller's number.
type Class int

const (
	ClassNoCID       Class = iota // no caller ID arrived at all
	ClassAvailable                // a valid number
	ClassPrivate                  // withheld by the caller ("P")
	ClassUnavailable              // out of area / not delivered ("O")
	ClassInvalid                  // something arrived but it is not a number
)

func (c Class) String() string {
	switch c {
	case ClassNoCID:
		return "no-cid"
	case ClassAvailable:
		return "available"
	case ClassPrivate:
		return "private"
	case ClassUnavailable:
		return "unavailable"
	case ClassInvalid:
		return "invalid"
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// Result is a classified caller ID number.
type Result struct {
	Class  Class
	E164   string // set when Class is ClassAvailable
	Reason error  // why the number is invalid (ClassInvalid only)
}

// Classify normalises the number field of a caller ID message. The modem
// and the FSK decoder report a withheld number as "P" and an unavailable one
// as "O" (also accepted: "PRIVATE", "ANONYMOUS", "UNAVAILABLE",
// "OUT OF AREA"); an empty field means no caller ID.
func Classify(raw string, cfg Config) Result {
	s := strings.TrimSpace(raw)
	switch strings.ToUpper(s) {
	case "":
		return Result{Class: ClassNoCID}
	case "P", "PRIVATE", "ANONYMOUS", "WITHHELD", "RESTRICTED", "BLOCKED":
		return Result{Class: ClassPrivate}
	case "O", "UNAVAILABLE", "OUT OF AREA", "OUT-OF-AREA", "UNKNOWN":
		return Result{Class: ClassUnavailable}
	}
	n, err := Normalize(s, cfg)
	if err != nil {
		return Result{Class: ClassInvalid, Reason: err}
	}
	if isDummy(n) {
		return Result{Class: ClassInvalid, Reason: invalid(raw, "all digits after the country code are the same")}
	}
	return Result{Class: ClassAvailable, E164: n}
}

// isDummy catches placeholders such as +12222222222 that spoofers use.
func isDummy(e164 string) bool {
	if len(e164) < 8 {
		return false
	}
	rest := e164[2:]
	for i := 1; i < len(rest); i++ {
		if rest[i] != rest[0] {
			return false
		}
	}
	return true
}
