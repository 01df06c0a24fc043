package modem_test

import (
	"net"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
	"secretary/hal/modem"
)

// Ring counting, the call boundary (ring gap), "no caller ID" at the second
// ring and the quiet timer of an incomplete caller-ID block, on a fake
// clock: no sleeps, exact times.
func TestRingAndCIDTiming_FakeClock(t *testing.T) {
	host, dev := net.Pipe()
	defer dev.Close()
	clk := clockwork.NewFakeClockAt(time.Date(2026, 3, 15, 14, 30, 0, 0, time.UTC))
	m := modem.New(host, modem.WithClock(clk), modem.WithRingGap(8*time.Second), modem.WithCIDQuiet(300*time.Millisecond))
	defer m.Close()
	ev := m.Events()
	send := func(s string) {
		t.Helper()
		if _, err := dev.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	next := func(want string) {
		t.Helper()
		select {
		case e := <-ev:
			if got := eventString([]hal.LineEvent{e}); got != want {
				t.Fatalf("event %s, want %s", got, want)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("no event, want %s", want)
		}
	}
	none := func() {
		t.Helper()
		select {
		case e := <-ev:
			t.Fatalf("unexpected event %v", e.Kind)
		case <-time.After(50 * time.Millisecond):
		}
	}

	// Call 1: no caller ID.
	send("\r\nRING\r\n")
	next("new ring1")
	clk.Advance(6 * time.Second)
	send("\r\nRING\r\n")
	next("ring2")
	next("no-cid")
	clk.Advance(6 * time.Second)
	send("\r\nRING\r\n")
	next("ring3")
	none()

	// 9 s of silence: the next ring is a new call. An incomplete block (no
	// NAME) is reported when the quiet time has passed, not before.
	clk.Advance(9 * time.Second)
	send("\r\nRING\r\n")
	next("new ring1")
	clk.Advance(500 * time.Millisecond)
	send("DATE=0315\r\nTIME=1430\r\nNMBR=8005551234\r\n")
	armed := make(chan struct{})
	go func() { clk.BlockUntil(1); close(armed) }()
	select {
	case <-armed:
	case <-time.After(2 * time.Second):
		t.Fatal("quiet timer not armed")
	}
	clk.Advance(299 * time.Millisecond)
	none()
	clk.Advance(time.Millisecond)
	next("cid(8005551234||03151430||available)")
	clk.Advance(5 * time.Second)
	send("\r\nRING\r\n")
	next("ring2") // caller ID arrived: no "no-cid"
	none()

	// UK: caller ID before the first ring belongs to the call it precedes.
	clk.Advance(20 * time.Second)
	send("DATE=0315\r\nTIME=1431\r\nNMBR=P\r\nNAME=WITHHELD\r\n") // complete: at once
	next("new/0 cid(|WITHHELD|03151431|P|private)")
	clk.Advance(400 * time.Millisecond)
	send("\r\nRING\r\n")
	next("ring1")
	clk.Advance(2600 * time.Millisecond)
	send("\r\nRING\r\n")
	next("ring2")
	none()
}
