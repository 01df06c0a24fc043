package dsp

import (
	"fmt"
	"strings"
	"time"
)

// SITCode is one of the eight North American special-information-tone codes
// (Telcordia; the sequences are three tones, see Segments).
type SITCode int

const (
	SITNone    SITCode = iota
	SITIC              // IC: intercept, number not in service
	SITNC              // NC: no circuit found, inter-LATA
	SITNCPrime         // NC': no circuit found, intra-LATA
	SITVC              // VC: vacant code
	SITRO              // RO: reorder, inter-LATA
	SITROPrime         // RO': reorder, intra-LATA
	SITIO              // IO: ineffective other
	SITFU              // FU: reserved for future use
)

// SITCodes lists the eight codes in a stable order.
func SITCodes() []SITCode {
	return []SITCode{SITIC, SITNC, SITNCPrime, SITVC, SITRO, SITROPrime, SITIO, SITFU}
}

func (c SITCode) String() string {
	switch c {
	case SITNone:
		return "none"
	case SITIC:
		return "IC"
	case SITNC:
		return "NC"
	case SITNCPrime:
		return "NC'"
	case SITVC:
		return "VC"
	case SITRO:
		return "RO"
	case SITROPrime:
		return "RO'"
	case SITIO:
		return "IO"
	case SITFU:
		return "FU"
	}
	return "SITCode(?)"
}

// ParseSITCode accepts "IC", "NC", "NC'" (or "NC1", "NCP"), "VC", "RO",
// "RO'" (or "RO1", "ROP"), "IO", "FU", any case.
func ParseSITCode(s string) (SITCode, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.NewReplacer("’", "'", "PRIME", "'", "1", "'", "P", "'").Replace(u)
	for _, c := range SITCodes() {
		if c.String() == u {
			return c, nil
		}
	}
	return SITNone, fmt.Errorf("%w: %q", ErrBadSIT, s)
}

// SIT segment frequencies (Hz) and durations.
const (
	SITLow1   = 913.8
	SITHigh1  = 985.2
	SITLow2   = 1370.6
	SITHigh2  = 1428.5
	SITThird  = 1776.7
	SITShort  = 274 * time.Millisecond
	SITLong   = 380 * time.Millisecond
	SITLevel  = -24.0 // dBm0 per segment, typical
	sitThirdD = SITLong
)

// SITSegment is one tone of a SIT sequence.
type SITSegment struct {
	Freq float64
	Dur  time.Duration
}

// Segments returns the three tones of the code. The table: first tone low
// (913.8) or high (985.2), short (274 ms) or long (380 ms); second tone low
// (1370.6) or high (1428.5), short or long; third always 1776.7 Hz long.
//
//	IC  low  short, low  short     NC  high long,  high long
//	NC' low  long,  low  long      VC  high long,  low  short
//	RO  low  short, high long      RO' high short, low  long
//	IO  low  long,  high short     FU  high short, high short
//
// PROTOCOLS.md §6.2 gives IC, VC and both reorders and "no circuit" as
// 913.8/380 + 1370.6/380; the vectors' truth files give NC (inter-LATA) as
// 985.2/380 + 1428.5/380, RO as 913.8/274 + 1428.5/380, FU as 985.2/274 +
// 1428.5/274. So the 913.8/1370.6 long-long pair is NC' (intra-LATA) and the
// remaining combination, low long + high short, is IO; this matches the
// Telcordia table as commonly reproduced.
func (c SITCode) Segments() ([3]SITSegment, bool) {
	type p struct {
		f1 float64
		d1 time.Duration
		f2 float64
		d2 time.Duration
	}
	var x p
	switch c {
	case SITIC:
		x = p{SITLow1, SITShort, SITLow2, SITShort}
	case SITNC:
		x = p{SITHigh1, SITLong, SITHigh2, SITLong}
	case SITNCPrime:
		x = p{SITLow1, SITLong, SITLow2, SITLong}
	case SITVC:
		x = p{SITHigh1, SITLong, SITLow2, SITShort}
	case SITRO:
		x = p{SITLow1, SITShort, SITHigh2, SITLong}
	case SITROPrime:
		x = p{SITHigh1, SITShort, SITLow2, SITLong}
	case SITIO:
		x = p{SITLow1, SITLong, SITHigh2, SITShort}
	case SITFU:
		x = p{SITHigh1, SITShort, SITHigh2, SITShort}
	default:
		return [3]SITSegment{}, false
	}
	return [3]SITSegment{{x.f1, x.d1}, {x.f2, x.d2}, {SITThird, sitThirdD}}, true
}

// sitFromShape maps the measured shape back to a code (SITNone if the shape is
// not one of the eight).
func sitFromShape(high1, long1, high2, long2 bool) SITCode {
	for _, c := range SITCodes() {
		s, _ := c.Segments()
		if (s[0].Freq == SITHigh1) == high1 && (s[0].Dur == SITLong) == long1 &&
			(s[1].Freq == SITHigh2) == high2 && (s[1].Dur == SITLong) == long2 {
			return c
		}
	}
	return SITNone
}

// SITSignal returns the three tones of code at dbm0 with no gaps.
func SITSignal(code SITCode, dbm0 float64) ([]int16, error) {
	segs, ok := code.Segments()
	if !ok {
		return nil, fmt.Errorf("%w: %v", ErrBadSIT, code)
	}
	var out []int16
	for _, s := range segs {
		out = AppendSegments(out, Segment{F1: s.Freq, LevelDBm0: dbm0, Dur: s.Dur})
	}
	return out, nil
}
