package modem_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

var eventString = modem.EventString

// TestReplay_Transcripts plays the modem side of every wire transcript to
// the driver, byte for byte, at the times a real line would bring the lines
// (modem.TimeTranscript: 2 s on / 4 s off, caller ID 2.5 s after the first
// ring) on a fake clock, and checks the events it reports: the reader, the
// parser and the call tracker together.
func TestReplay_Transcripts(t *testing.T) {
	for _, tt := range modem.TranscriptEvents {
		t.Run(tt.File, func(t *testing.T) {
			t.Parallel()
			clk := clockwork.NewFakeClockAt(time.Date(2026, 3, 15, 14, 30, 0, 0, time.UTC))
			p := modemtest.NewPlayback(t)
			m := modem.New(p.Conn(), modem.WithClock(clk))
			defer m.Close()
			ev := m.Events()
			var at time.Duration
			for _, l := range modem.TimeTranscript(modem.ReplayLines(modem.ReadTranscript(t, tt.File)), modem.NorthAmerica, tt.Gap) {
				clk.Advance(l.At - at)
				at = l.At
				p.Send(string(modem.WireBytes(l.Line)) + "\r\n")
				p.Settle()
			}
			clk.Advance(time.Minute) // an incomplete caller-ID block at the end
			got := eventString(collect(ev, 300*time.Millisecond))
			// The driver adds what the tracker does not see: DTMF.
			want := tt.Want
			if strings.HasPrefix(tt.File, "v253-") {
				want += " dtmf5"
			}
			if got != want {
				t.Errorf("events\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

// onlyKinds keeps the events of the given kinds.
func onlyKinds(evs []hal.LineEvent, kinds ...hal.LineEventKind) []hal.LineEvent {
	var out []hal.LineEvent
	for _, e := range evs {
		for _, k := range kinds {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}
