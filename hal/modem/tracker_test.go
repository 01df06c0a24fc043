package modem

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"secretary/hal"
)

var t0 = time.Date(2026, 3, 15, 14, 30, 0, 0, time.UTC)

func defaultTracker() tracker {
	o := defaultOptions()
	return newTracker(trackerConfig{ringGap: o.ringGap, ringDebounce: o.ringDebounce, cidQuiet: o.cidQuiet})
}

// input is one thing the engine hands the tracker: a text line, or one of
// "<R>" (<DLE>R), "<w>" (call-waiting alert), "<off>" / "<on>" (the box
// takes / releases the line).
type input struct {
	at time.Duration
	in string
}

// run feeds inputs at their times, firing the quiet timer when it is due,
// as the engine does, and returns everything reported.
func run(tr *tracker, ins []input) []hal.LineEvent {
	var out []hal.LineEvent
	due := func(now time.Time) {
		if d, ok := tr.deadline(); ok && !d.After(now) {
			out = append(out, tr.tick(d)...)
		}
	}
	for _, in := range ins {
		now := t0.Add(in.at)
		due(now)
		switch in.in {
		case "<R>":
			out = append(out, tr.ring(now)...)
		case "<w>":
			out = append(out, tr.callWaiting(now)...)
		case "<off>", "<on>":
			out = append(out, tr.setOffHook(now, in.in == "<off>")...)
		default:
			evs, ok := tr.line(now, in.in)
			if !ok {
				evs = tr.other(now)
			}
			out = append(out, evs...)
		}
	}
	last := time.Duration(0)
	if len(ins) > 0 {
		last = ins[len(ins)-1].at
	}
	due(t0.Add(last + time.Minute))
	return out
}

// cadence makes n rings of one call starting at start, period apart.
func cadence(start, period time.Duration, n int) []input {
	var out []input
	for i := 0; i < n; i++ {
		out = append(out, input{start + time.Duration(i)*period, "RING"})
	}
	return out
}

// block is a formatted caller-ID block at at.
func block(at time.Duration, number, name string) []input {
	return []input{{at, "DATE = 0315"}, {at + 10*time.Millisecond, "TIME = 1430"},
		{at + 20*time.Millisecond, "NMBR = " + number}, {at + 30*time.Millisecond, "NAME = " + name}}
}

func seq(parts ...[]input) []input {
	var out []input
	for _, p := range parts {
		out = append(out, p...)
	}
	// stable by time
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].at < out[j-1].at; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

const sec = time.Second

// TestTracker_Calls: realistic ring cadences (2 s on / 4 s off: a RING
// every 6 s, caller ID 2.5 s after the first), calls that follow each other
// closely, floods and call waiting.
func TestTracker_Calls(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		ins  []input
		want string
	}{
		{"one call with caller ID", seq(cadence(0, 6*sec, 3), block(2500*ms, "2125550143", "DOE JOHN")),
			"new ring1 cid(2125550143|DOE JOHN|03151430||available) ring2 ring3"},
		{"no caller ID: reported with the second ring", seq(cadence(0, 6*sec, 3)),
			"new ring1 ring2 no-cid ring3"},
		{"a ring after the ring gap is a new call", seq(cadence(0, 6*sec, 2), cadence(20*sec, 6*sec, 2)),
			"new ring1 ring2 no-cid new ring1 ring2 no-cid"},
		// The first caller gives up after 3 rings; the second call's first
		// ring comes 3 s after the last one, within the ring gap: counted
		// as ring 4 of the first call until its caller ID shows otherwise.
		{"back to back within the ring gap, each with its own caller ID",
			seq(cadence(0, 6*sec, 3), block(2500*ms, "2125550143", "DOE JOHN"),
				cadence(15*sec, 6*sec, 3), block(17500*ms, "9005551234", "HUDSON DENTAL")),
			"new ring1 cid(2125550143|DOE JOHN|03151430||available) ring2 ring3 ring4 " +
				"new/1 cid(9005551234|HUDSON DENTAL|03151430||available) ring2 ring3"},
		{"the same caller again within the ring gap is a new call too",
			seq(cadence(0, 6*sec, 2), block(2500*ms, "2125550143", "DOE JOHN"),
				cadence(8*sec, 6*sec, 2), block(10500*ms, "2125550143", "DOE JOHN")),
			"new ring1 cid(2125550143|DOE JOHN|03151430||available) ring2 ring3 " +
				"new/1 cid(2125550143|DOE JOHN|03151430||available) ring2"},
		{"a call without caller ID, then one with it, within the gap",
			seq(cadence(0, 6*sec, 2), cadence(9*sec, 6*sec, 2), block(11500*ms, "2125550143", "DOE JOHN")),
			"new ring1 ring2 no-cid ring3 new/1 cid(2125550143|DOE JOHN|03151430||available) ring2"},
		{"caller ID before the first ring (UK) belongs to the call it precedes",
			seq(block(0, "P", "WITHHELD"), cadence(400*ms, 3*sec, 2)),
			"new/0 cid(|WITHHELD|03151430|P|private) ring1 ring2"},
		{"UK: the next call's caller ID before its first ring, within the gap",
			seq(block(0, "01632960123", "A CALLER"), cadence(400*ms, 3*sec, 2),
				block(9*sec, "01632960999", "B CALLER"), cadence(9400*ms, 3*sec, 2)),
			"new/0 cid(01632960123|A CALLER|03151430||available) ring1 ring2 " +
				"new/0 cid(01632960999|B CALLER|03151430||available) ring1 ring2"},
		{"stale caller ID long before a ring does not count for it",
			seq(block(0, "2125550143", "DOE JOHN"), cadence(30*sec, 6*sec, 2)),
			"new/0 cid(2125550143|DOE JOHN|03151430||available) new ring1 ring2 no-cid"},
		{"a repeated block in the same ring interval is one caller ID",
			seq(cadence(0, 6*sec, 2), block(2500*ms, "2125550143", "DOE JOHN"), block(2700*ms, "2125550143", "DOE JOHN")),
			"new ring1 cid(2125550143|DOE JOHN|03151430||available) ring2"},
		{"a second, different block in one ring interval is dropped",
			seq(cadence(0, 6*sec, 2), block(2500*ms, "2125550143", "DOE JOHN"), block(2700*ms, "9005551234", "X")),
			"new ring1 cid(2125550143|DOE JOHN|03151430||available) ring2"},
		{"an incomplete block waits for the quiet time",
			seq(cadence(0, 6*sec, 2), []input{{2500 * ms, "NMBR = 5551212"}}),
			"new ring1 cid(5551212||||available) ring2"},
		{"RING reported twice within 250 ms is one ring",
			seq(cadence(0, 6*sec, 2), []input{{50 * ms, "RING"}, {6100 * ms, "RING"}}),
			"new ring1 ring2 no-cid"},
		{"distinctive cadence reported before the ring",
			[]input{{0, "DROF=0"}, {0, "DRON=20"}, {0, "RING"}, {6 * sec, "DROF=40"}, {6 * sec, "DRON=20"}, {6 * sec, "RING"}},
			"new ring1 ring2 no-cid"},
		{"rings while the box holds the line are not calls",
			seq(cadence(0, 6*sec, 1), []input{{1 * sec, "<off>"}, {3 * sec, "<R>"}, {9 * sec, "<on>"}}, cadence(12*sec, 6*sec, 1)),
			"new ring1 new ring1"},
		{"call waiting: the alert, then the waiting caller's ID once",
			seq(cadence(0, 6*sec, 1), []input{{1 * sec, "<off>"}, {30 * sec, "<w>"}},
				block(30500*ms, "9005551234", "WAITING CALLER"), block(31*sec, "9005551234", "WAITING CALLER")),
			"new ring1 call-waiting call-waiting(9005551234|WAITING CALLER|03151430||available)"},
		{"call-waiting caller ID without an alert (modems that report none)",
			seq([]input{{0, "<off>"}}, block(5*sec, "9005551234", "WAITING CALLER"), []input{{7 * sec, "<on>"}}),
			"call-waiting(9005551234|WAITING CALLER|03151430||available)"},
		{"raw MDMF caller ID",
			seq(cadence(0, 6*sec, 2), []input{{2500 * ms, "802001083035313131383532020A3430373535353030303007084A4F484E20444F4584"}}),
			"new ring1 cid(4075550000|JOHN DOE|05111852||available) ring2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := defaultTracker()
			if got := EventString(run(&tr, tt.ins)); got != tt.want {
				t.Errorf("events\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

// A flood of RING and caller-ID lines at once (a line fault, a modem gone
// mad) is one ring and one caller ID; the call that follows is recognised
// with its own caller ID.
func TestTracker_Flood(t *testing.T) {
	var ins []input
	for i := 0; i < 300; i++ {
		at := time.Duration(i) * 100 * time.Microsecond
		ins = append(ins, input{at, "RING"}, input{at, fmt.Sprintf("NMBR = 55500%03d", i)},
			input{at, "NAME = FLOOD"}, input{at, "\xfe\x7f#!garbage~~"})
	}
	ins = append(ins, seq(cadence(2*sec, 6*sec, 2), block(4500*time.Millisecond, "2125550143", "REAL CALLER"))...)
	tr := defaultTracker()
	want := "new ring1 cid(55500000|FLOOD|||available) ring2 new/1 cid(2125550143|REAL CALLER|03151430||available) ring2"
	if got := EventString(run(&tr, ins)); got != want {
		t.Errorf("events\n got: %s\nwant: %s", got, want)
	}
}

// Caller-supplied text is cleaned at the driver's edge: formatted tags,
// raw MDMF and call-waiting caller ID alike.
func TestTracker_CleansCallerText(t *testing.T) {
	hostile := "\u202eLATNED\u200b NOSDUH\x1b[2J\x1b]0;pwned\x07" + strings.Repeat("x", 80)
	mdmf := func(name string) string {
		p := []byte{0x01, 8}
		p = append(p, "03151430"...)
		p = append(p, 0x02, 10)
		p = append(p, "9005551234"...)
		p = append(p, 0x07, byte(len(name)))
		p = append(p, name...)
		msg := append([]byte{0x80, byte(len(p))}, p...)
		var sum byte
		for _, b := range msg {
			sum += b
		}
		return fmt.Sprintf("%X", append(msg, -sum))
	}
	for _, tt := range []struct {
		name string
		ins  []input
	}{
		{"formatted", seq(cadence(0, 6*sec, 1), block(2500*time.Millisecond, "90055\u200b51234", hostile))},
		{"raw MDMF", seq(cadence(0, 6*sec, 1), []input{{2500 * time.Millisecond, mdmf("\u202eEVIL\u2066 NAME\x07")}})},
		{"call waiting", seq([]input{{0, "<off>"}}, block(time.Second, "9005551234", hostile))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr := defaultTracker()
			var cid *hal.CallerID
			for _, ev := range run(&tr, tt.ins) {
				if ev.CallerID.Presentation != hal.PresentationNone {
					cid = &ev.CallerID
				}
			}
			if cid == nil {
				t.Fatal("no caller ID reported")
			}
			for _, f := range []string{cid.Name, cid.Number, cid.Raw} {
				if strings.ContainsAny(f, "\u202e\u200b\u2066\x1b\x07") {
					t.Errorf("uncleaned text reached the event: %q", f)
				}
			}
			if strings.Contains(cid.Name, "[2J") || strings.Contains(cid.Name, "pwned") {
				t.Errorf("an escape sequence left a trace in the name: %q", cid.Name)
			}
			if n := len([]rune(cid.Name)); n > 50 || n == 0 {
				t.Errorf("name %q: %d characters", cid.Name, n)
			}
			if cid.Number != "9005551234" {
				t.Errorf("number %q", cid.Number)
			}
		})
	}
}

// TestTracker_Transcripts replays every wire transcript at the times a
// real line would bring its lines (2 s on / 4 s off; caller ID 2.5 s after
// the first ring; UK caller ID just before it).
func TestTracker_Transcripts(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(Transcripts, "*.txt"))
	if len(files) != len(transcriptEvents) {
		t.Errorf("%d transcripts in testdata, %d here: add the new one", len(files), len(transcriptEvents))
	}
	for _, tt := range transcriptEvents {
		t.Run(tt.File, func(t *testing.T) {
			var ins []input
			for _, l := range TimeTranscript(ReplayLines(ReadTranscript(t, tt.File)), NorthAmerica, tt.Gap) {
				line := strings.TrimSpace(l.Line)
				switch {
				case line == "<DLE>R":
					line = "<R>"
				case strings.Contains(line, "<DLE>"), line == "":
					continue // DTMF and stream controls are the engine's
				}
				ins = append(ins, input{l.At, line})
			}
			tr := defaultTracker()
			if got := EventString(run(&tr, ins)); got != tt.Want {
				t.Errorf("events\n got: %s\nwant: %s", got, tt.Want)
			}
		})
	}
}

// TranscriptEvent is what a transcript's modem lines mean on a real line.
type TranscriptEvent struct {
	File string
	Gap  *regexp.Regexp // lines before which a long silence passes (a new call)
	Want string         // tracker events (the driver adds DTMF)
}

var transcriptEvents = []TranscriptEvent{
	{"3com-manual-formatted-cid.txt", nil, "new ring1 cid(8475550001|U.S.ROBOTICS|10152038||available) ring2"},
	{"3com-manual-unformatted-cid.txt", nil, "new ring1 ring2 no-cid"}, // bad length/checksum: rejected
	{"conexant-miniterm-vcid-off-then-on.txt", regexp.MustCompile(`^ATZ$`),
		"new ring1 ring2 no-cid new ring1 cid(04xxxxxxx7||10151310||available) ring2"},
	{"ncid-api-unformatted-mdmf.txt", nil, "new ring1 cid(4075550000|JOHN DOE|05111852||available) ring2"},
	{"ncid-api-unformatted-sdmf.txt", nil, "new ring1 cid(4075550000||05111852||available) ring2"},
	{"ncid-debug-us-formatted-cid.txt", nil, "new ring1 cid(4075551212|Chmielewski Joh|05042149||available) ring2"},
	{"ncid-testdata-uk-withheld-mesg.txt", nil, "new/0 cid(|WITHHELD|04210934|P|private) ring1 ring2"},
	{"rockwell-askey-manual-cid-examples.txt", regexp.MustCompile(`^$`),
		"new ring1 cid(504551234|A N OTHER|03211405||available) ring2 ring3 " +
			"new ring1 ring2 no-cid ring3 " +
			"new ring1 cid(9145512345||03222405||available) ring2 ring3"},
	{"rockwell-hash-cls-answer-session.txt", nil, "new ring1"},
	{"usr5637-uk-no-spaces-no-name.txt", nil, "new/0 cid(07xxxxxxxx7||12031452||available)"},
	{"v253-answering-machine-session-multitech.txt", nil, "new ring1"},
	{"vls-query-response-conexant.txt", nil, ""},
	{"vsm-query-responses.txt", nil, ""},
	{"zoom3095-init-and-identify.txt", nil, ""},
	{"zoom3095-minicom-vtx-exit.txt", nil, ""},
}

// TranscriptEvents is the table for the over-the-wire replay.
var TranscriptEvents = transcriptEvents
