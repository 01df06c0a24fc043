package modem

// Test helpers shared by the package's internal tests (the tracker's) and
// its external tests (package modem_test), which see them exported here.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"secretary/hal"
)

// Transcripts is where the wire transcripts live.
const Transcripts = "../../testdata/transcripts"

// ReadTranscript returns a transcript without its '#' comment lines.
func ReadTranscript(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Transcripts, name))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// WireBytes turns a transcript line into the bytes on the wire: "<DLE>"
// style names become control bytes.
func WireBytes(l string) []byte {
	r := strings.NewReplacer("<DLE>", "\x10", "<ETX>", "\x03", "<NUL>", "\x00", "<CAN>", "\x18", "<SUB>", "\x1a")
	return []byte(r.Replace(l))
}

// ReplayLines extracts what the modem sent: lines marked "< " (or every
// line when a transcript has no direction marks, echoes included: the
// driver must ignore what it does not understand), skipping "> " host
// lines and placeholders such as "<voice data, ...>".
func ReplayLines(text string) []string {
	lines := strings.Split(text, "\n")
	marked := false
	for _, l := range lines {
		if strings.HasPrefix(l, "< ") || strings.HasPrefix(l, "> ") {
			marked = true
		}
	}
	var out []string
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		if marked {
			if !strings.HasPrefix(l, "< ") {
				continue
			}
			l = l[2:]
		}
		if strings.HasPrefix(l, "<voice") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// TimedLine is a transcript line with the time a modem on a real line
// would print it.
type TimedLine struct {
	At   time.Duration // since the start of the transcript
	Line string
}

// Timing is a ring cadence for TimeTranscript.
type Timing struct {
	Period   time.Duration // ring to ring (2 s on + 4 s off = 6 s)
	CIDAfter time.Duration // first caller-ID line after the ring before it (2.5 s)
	PreRing  time.Duration // first ring after caller ID that came before any ring (0.4 s)
	Gap      time.Duration // silence before a line matching the gap pattern (a new call)
}

// NorthAmerica is 2 s on / 4 s off with caller ID 0.5 s after the first burst.
var NorthAmerica = Timing{Period: 6 * time.Second, CIDAfter: 2500 * time.Millisecond, PreRing: 400 * time.Millisecond, Gap: 20 * time.Second}

var cidLineRE = regexp.MustCompile(`^(?i)(DATE|TIME|NMBR|NAME|MESG|DDN_NMBR|DDN)\s*=|^(04|80|06|82)[0-9A-Fa-f]{4,}$`)

// TimeTranscript gives each modem line the time it would come at on a
// line ringing with cadence tm: rings one period apart, a caller-ID block
// CIDAfter the ring before it (or just before the first ring), other
// lines 10 ms apart, and Gap before each line matching gap (nil: none).
func TimeTranscript(lines []string, tm Timing, gap *regexp.Regexp) []TimedLine {
	var out []TimedLine
	var now, lastRing time.Duration
	rung, inCID, cidBeforeRing := false, false, false
	for _, l := range lines {
		bare := strings.TrimSpace(strings.NewReplacer("<DLE>", "").Replace(l))
		up := strings.ToUpper(bare)
		switch {
		case gap != nil && gap.MatchString(l):
			now += tm.Gap
			rung, inCID = false, false
		case up == "RING" || strings.HasPrefix(up, "RING ") || up == "R" && strings.HasPrefix(l, "<DLE>"):
			switch {
			case rung:
				now = max(now+10*time.Millisecond, lastRing+tm.Period)
			case cidBeforeRing:
				now += tm.PreRing
			default:
				now += 10 * time.Millisecond
			}
			lastRing, rung, inCID, cidBeforeRing = now, true, false, false
		case cidLineRE.MatchString(bare):
			if !inCID && rung {
				now = max(now+10*time.Millisecond, lastRing+tm.CIDAfter)
			} else {
				now += 10 * time.Millisecond
			}
			inCID, cidBeforeRing = true, !rung
		default:
			now += 10 * time.Millisecond
			inCID = inCID && bare == ""
		}
		out = append(out, TimedLine{At: now, Line: l})
	}
	return out
}

// EventString renders events compactly for comparison: "new" precedes an
// event that starts a call (NewCall), "new/N" a caller ID that starts one
// with N rings already counted.
func EventString(evs []hal.LineEvent) string {
	var parts []string
	for _, ev := range evs {
		switch {
		case ev.NewCall && ev.Kind == hal.LineCallerID:
			parts = append(parts, fmt.Sprintf("new/%d", ev.Ring)) // rings the new call already had
		case ev.NewCall:
			parts = append(parts, "new")
		}
		switch ev.Kind {
		case hal.LineRing:
			parts = append(parts, fmt.Sprintf("ring%d", ev.Ring))
		case hal.LineCallerID:
			parts = append(parts, "cid"+cidString(ev.CallerID))
		case hal.LineCallWaiting:
			if ev.CallerID.Presentation != hal.PresentationNone {
				parts = append(parts, "call-waiting"+cidString(ev.CallerID))
			} else {
				parts = append(parts, "call-waiting")
			}
		case hal.LineDTMF:
			parts = append(parts, "dtmf"+string(ev.Digit))
		default:
			parts = append(parts, ev.Kind.String())
		}
	}
	return strings.Join(parts, " ")
}

func cidString(c hal.CallerID) string {
	return fmt.Sprintf("(%s|%s|%s%s|%s|%v)", c.Number, c.Name, c.Date, c.Time, c.NumberAbsent, c.Presentation)
}
