package hal

import (
	"context"
	"strings"
	"time"
)

// Presentation says what caller ID told us about the number.
type Presentation int

const (
	// PresentationNone: no caller ID arrived at all.
	PresentationNone Presentation = iota
	// PresentationAvailable: a number was delivered.
	PresentationAvailable
	// PresentationPrivate: withheld by the caller ("P").
	PresentationPrivate
	// PresentationUnavailable: out of area / unavailable ("O").
	PresentationUnavailable
)

func (p Presentation) String() string {
	switch p {
	case PresentationNone:
		return "none"
	case PresentationAvailable:
		return "available"
	case PresentationPrivate:
		return "private"
	case PresentationUnavailable:
		return "unavailable"
	}
	return "Presentation(?)"
}

// CallerID is what the line delivered about a caller, as received.
type CallerID struct {
	Number       string // digits as received ("" when absent)
	Name         string // listing name as received, cleaned (screening/clean.Name)
	Date         string // MMDD, "" if not sent
	Time         string // HHMM, "" if not sent
	NumberAbsent string // reason the number is absent: "P", "O" or ""
	NameAbsent   string // reason the name is absent: "P", "O" or ""
	Presentation Presentation
	Raw          string // the lines or hex the device printed, for the log
}

// LineEventKind enumerates what the line side reports.
type LineEventKind int

const (
	LineRing             LineEventKind = iota + 1 // a ring burst (Ring holds the count)
	LineCallerID                                  // caller ID decoded (CallerID)
	LineNoCallerID                                // second ring and no caller ID
	LineDTMF                                      // a key from the far end (Digit)
	LineBusy                                      // busy / reorder tone: far end gone
	LineDialTone                                  // dial tone: far end gone
	LineSilence                                   // no voice, then silence (presumed hang-up)
	LineQuiet                                     // voice, then silence (end of message)
	LineFaxCalling                                // fax CNG
	LineAnswerTone                                // fax/data answer tone (2100 Hz)
	LineDataCalling                               // data calling tone
	LineLoopDrop                                  // loop current interrupted (far end hung up)
	LinePolarity                                  // loop polarity reversal
	LineExtensionOffHook                          // another phone on the line is off-hook
	LineExtensionOnHook                           // that phone hung up again
	LineRingback                                  // ringback tone
	LineSIT                                       // special information tone
	LineCallWaiting                               // call-waiting alert, or the waiting caller's ID (CallerID)
	LineDown                                      // the device vanished or stopped answering (Err)
	LineUp                                        // the device is (re)initialised and idle
)

func (k LineEventKind) String() string {
	switch k {
	case LineRing:
		return "ring"
	case LineCallerID:
		return "cid"
	case LineNoCallerID:
		return "no-cid"
	case LineDTMF:
		return "dtmf"
	case LineBusy:
		return "busy"
	case LineDialTone:
		return "dialtone"
	case LineSilence:
		return "silence"
	case LineQuiet:
		return "quiet"
	case LineFaxCalling:
		return "fax"
	case LineAnswerTone:
		return "answer-tone"
	case LineDataCalling:
		return "data"
	case LineLoopDrop:
		return "loop-drop"
	case LinePolarity:
		return "polarity"
	case LineExtensionOffHook:
		return "extension-off-hook"
	case LineExtensionOnHook:
		return "extension-on-hook"
	case LineRingback:
		return "ringback"
	case LineSIT:
		return "sit"
	case LineCallWaiting:
		return "call-waiting"
	case LineDown:
		return "down"
	case LineUp:
		return "up"
	}
	return "LineEventKind(?)"
}

// LineEvent is one thing the line side reported.
//
// Incoming calls: NewCall marks the first event of each call; every
// LineRing, LineCallerID and LineNoCallerID after it belongs to that call
// until the next NewCall. The first event of a call is
//   - its first LineRing (Ring 1), usually;
//   - a LineCallerID with Ring 0 when caller ID comes before the first ring
//     (UK/ETSI): the next LineRing is Ring 1 of the same call;
//   - a LineCallerID with Ring 1 when the caller ID shows that the last ring
//     reported (counted as one more ring of the previous call) was in fact
//     the first ring of a new call: a call that starts within the ring gap
//     of the previous call's last ring. Exchanges send caller ID once per
//     call, between the first and second ring, so a caller ID after a ring
//     that already had one, or after the second ring, is a new call.
//
// A consumer still busy with the previous call takes NewCall as its end
// (that caller hung up) and starts the new call with the Ring count given.
// A new call without caller ID that starts within the ring gap cannot be
// told from the previous one: its rings count on. LineNoCallerID comes with
// the second ring of a call that had no caller ID.
//
// Call waiting (while the box holds the line): LineCallWaiting with an
// empty CallerID (PresentationNone) is the alert; LineCallWaiting with
// CallerID filled is the waiting caller's ID, where the device reports it.
//
// Caller-supplied text (CallerID.Name, Number, Date, Time, Raw) is cleaned
// by the driver (screening/clean) before it is reported.
type LineEvent struct {
	Kind     LineEventKind
	At       time.Time
	Ring     int             // LineRing: rings of the call so far (1: its first); LineCallerID: rings before it
	NewCall  bool            // the first event of an incoming call (see above)
	Cadence  []time.Duration // LineRing: on/off durations when the device reports them
	CallerID CallerID        // LineCallerID; LineCallWaiting: the waiting caller, when known
	Digit    byte            // LineDTMF: '0'-'9', '*', '#', 'A'-'D'
	Err      error           // LineDown: why
}

// Line is the phone line as seen through the FXO device (a voice modem).
//
// Methods that take a context block until done, the context ends, or the
// far end hangs up (ErrHungUp). Events keeps flowing during Play and Record,
// so a caller's keys and hang-up are seen while audio runs.
type Line interface {
	// Events delivers line events until Close; the channel is then closed.
	Events() <-chan LineEvent
	// Answer takes the line off-hook in voice mode.
	Answer(ctx context.Context) error
	// Play sends audio to the far end and returns when it has been played.
	Play(ctx context.Context, pcm []int16) error
	// Record hands received audio to sink in blocks until sink returns
	// false, the context ends, or the far end hangs up.
	Record(ctx context.Context, sink func(pcm []int16) bool) error
	// Tone plays a tone generated by the device: f1, f2 (0 for single) for d.
	Tone(ctx context.Context, f1, f2 float64, d time.Duration) error
	// PickUpAndDrop goes off-hook briefly without voice mode and hangs up:
	// the cheapest way to end an unwanted call.
	PickUpAndDrop(ctx context.Context, hold time.Duration) error
	// HangUp goes on-hook and returns to idle with caller ID armed.
	HangUp(ctx context.Context) error
	// Flash sends a hook flash (about half a second on-hook) on the line
	// the box answered. With the phone company's call transfer (or
	// three-way calling) the first flash puts the caller on hold and gives
	// a dial tone; the next one drops the number dialled meanwhile and
	// returns to the caller; hanging up while the number dialled is
	// connected hands the caller over to it.
	Flash(ctx context.Context) error
	// Dial dials number (digits, '*', '#') on the line the box holds,
	// after a Flash, and follows the call progress: nil when the called
	// party answered, ErrBusy (busy, reorder or special information
	// tones), ErrNoAnswer when it rang longer than ring or nothing came
	// back.
	Dial(ctx context.Context, number string, ring time.Duration) error
	// Close releases the device, leaving the line on-hook. Idempotent.
	Close() error
}

// LineState is implemented by a Line that knows whether its device is up
// now (initialised and idle), such as a supervised modem that may be
// missing or still starting. A firmware starting on a line that is not up
// leaves the line to the phone until the line reports LineUp. A Line
// without it counts as up.
type LineState interface {
	Up() bool
}

// DisplayName is the most characters of a name a handset's caller-ID
// display shows: the name field of a Bellcore MDMF message (GR-30) holds
// 15 (ETSI lines may send longer names; some phones refuse them).
const DisplayName = 15

// FitDisplayName cuts name to the DisplayName characters of the display,
// on a character boundary, without trailing spaces.
func FitDisplayName(name string) string {
	n := 0
	for i := range name {
		if n == DisplayName {
			return strings.TrimRight(name[:i], " ")
		}
		n++
	}
	return name
}
