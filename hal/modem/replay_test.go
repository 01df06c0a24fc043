package modem_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

// wireBytes turns a transcript line into the bytes on the wire: "<DLE>"
// style names become control bytes.
func wireBytes(l string) []byte {
	r := strings.NewReplacer("<DLE>", "\x10", "<ETX>", "\x03", "<NUL>", "\x00", "<CAN>", "\x18", "<SUB>", "\x1a")
	return []byte(r.Replace(l))
}

// replayLines extracts what the modem sent: lines marked "< " (or every
// line when a transcript has no direction marks, echoes included: the
// driver must ignore what it does not understand), skipping "> " host
// lines and placeholders such as "<voice data, ...>".
func replayLines(text string) []string {
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

// eventString renders events compactly for comparison.
func eventString(evs []hal.LineEvent) string {
	var parts []string
	for _, ev := range evs {
		switch ev.Kind {
		case hal.LineRing:
			parts = append(parts, fmt.Sprintf("ring%d", ev.Ring))
		case hal.LineCallerID:
			c := ev.CallerID
			parts = append(parts, fmt.Sprintf("cid(%s|%s|%s%s|%s|%v)", c.Number, c.Name, c.Date, c.Time, c.NumberAbsent, c.Presentation))
		case hal.LineDTMF:
			parts = append(parts, "dtmf"+string(ev.Digit))
		default:
			parts = append(parts, ev.Kind.String())
		}
	}
	return strings.Join(parts, " ")
}

// TestReplay_Transcripts plays the modem side of every wire transcript to
// the driver over a real pty and checks the events it reports.
func TestReplay_Transcripts(t *testing.T) {
	const gap = 400 * time.Millisecond // > the 250 ms ring gap used here: a new call
	tests := []struct {
		file string
		gap  *regexp.Regexp // lines before which time passes (a new call)
		want string
	}{
		{"3com-manual-formatted-cid.txt", nil, "ring1 cid(8475550001|U.S.ROBOTICS|10152038||available) ring2"},
		{"3com-manual-unformatted-cid.txt", nil, "ring1 ring2 no-cid"}, // bad length/checksum: rejected
		{"conexant-miniterm-vcid-off-then-on.txt", regexp.MustCompile(`^ATZ$`),
			"ring1 ring2 no-cid ring1 cid(04xxxxxxx7||10151310||available) ring2"},
		{"ncid-api-unformatted-mdmf.txt", nil, "ring1 cid(4075550000|JOHN DOE|05111852||available) ring2"},
		{"ncid-api-unformatted-sdmf.txt", nil, "ring1 cid(4075550000||05111852||available) ring2"},
		{"ncid-debug-us-formatted-cid.txt", nil, "ring1 cid(4075551212|Chmielewski Joh|05042149||available) ring2"},
		{"ncid-testdata-uk-withheld-mesg.txt", nil, "cid(|WITHHELD|04210934|P|private) ring1 ring2"},
		{"rockwell-askey-manual-cid-examples.txt", regexp.MustCompile(`^$`),
			"ring1 cid(504551234|A N OTHER|03211405||available) ring2 ring3 " +
				"ring1 ring2 no-cid ring3 " +
				"ring1 cid(9145512345||03222405||available) ring2 ring3"},
		{"rockwell-hash-cls-answer-session.txt", nil, "ring1"},
		{"usr5637-uk-no-spaces-no-name.txt", nil, "cid(07xxxxxxxx7||12031452||available)"},
		{"v253-answering-machine-session-multitech.txt", nil, "ring1 dtmf5"},
		{"vls-query-response-conexant.txt", nil, ""},
		{"vsm-query-responses.txt", nil, ""},
		{"zoom3095-init-and-identify.txt", nil, ""},
		{"zoom3095-minicom-vtx-exit.txt", nil, ""},
	}
	files, _ := filepath.Glob(filepath.Join(transcripts, "*.txt"))
	if len(files) != len(tests) {
		t.Errorf("%d transcripts in testdata, %d replayed: add the new one here", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, modemtest.ProfileZoom3095, modem.WithRingGap(250*time.Millisecond), modem.WithCIDQuiet(100*time.Millisecond))
			for _, l := range replayLines(readTranscript(t, tt.file)) {
				if tt.gap != nil && tt.gap.MatchString(l) {
					time.Sleep(gap)
				}
				r.emu.Inject(append(wireBytes(l), '\r', '\n'))
			}
			got := eventString(collect(r.ev, 600*time.Millisecond))
			if got != tt.want {
				t.Errorf("events\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}
