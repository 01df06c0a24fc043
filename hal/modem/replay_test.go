package modem_test

import (
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

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
			// Keys in the transcripts come after the host took the line
			// (AT+VLS), which a replay of the modem's side does not do: the
			// driver ignores them on an idle line, as the tracker does.
			if got := eventString(collect(ev, 300*time.Millisecond)); got != tt.Want {
				t.Errorf("events\n got: %s\nwant: %s", got, tt.Want)
			}
		})
	}
}
