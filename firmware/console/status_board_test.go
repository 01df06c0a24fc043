package console

import (
	"strings"
	"testing"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/hal"
)

// A board without a modem or relay (QEMU's virt) says so, with the
// firmware's version and the lines the composition root adds.
func TestStatus_BoardWithoutLine(t *testing.T) {
	s := Status{Board: "virt", Caps: hal.CapWatchdog, Box: firmware.Status{Phase: call.PhaseIdle, LineUp: true, Relay: hal.RelayIsolated},
		Version: "v1.2", Notes: []string{"time zone UTC", "  secretary.txt line 3: bad"}}
	got := s.Text()
	for _, w := range []string{"secretary v1.2 on board virt (watchdog)", "line    idle, relay none; modem absent (this board has no modem)",
		"\ntime zone UTC\n  secretary.txt line 3: bad"} {
		if !strings.Contains(got, w) {
			t.Errorf("status lacks %q:\n%s", w, got)
		}
	}
	s.Caps = hal.CapLine | hal.CapRelay
	if got := s.Text(); !strings.Contains(got, "line    idle, relay isolated; modem up") {
		t.Errorf("a board with a line:\n%s", got)
	}
}
