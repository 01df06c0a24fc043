package sim

import (
	"context"
	"strings"
	"testing"
	"time"

	"secretary/board/serialmodem"
	"secretary/hal"
)

func world(t *testing.T, b *Board, cmd string) string {
	t.Helper()
	out, err := b.World(context.Background(), cmd)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return out
}

// The handset lifted on a ringing line (relay passing it through) answers
// the call, as a phone on a real line does: the rings stop and the caller
// is connected to the handset until it is put down.
func TestLine_HandsetAnswersARingingCall(t *testing.T) {
	b, socket := serve(t)
	w, _ := rawFirmware(t, socket) // a firmware that lets the call through
	defer w.Close()
	world(t, b, "sim call 2015550123 ALICE SMITH")
	waitFor(t, b, "ringing through to the handset", func(s State) bool { return s.Call == "ringing" && s.LineRings >= 1 })
	world(t, b, "sim pickup")
	s := waitFor(t, b, "answered", func(s State) bool { return s.Call == "connected to the handset" })
	rings := s.LineRings
	time.Sleep(6500 * time.Millisecond) // a whole ring cycle
	if s, _ := b.State(context.Background()); s.LineRings != rings || s.Call != "connected to the handset" {
		t.Errorf("the line rang on after the handset answered:\n%s", s.Text())
	}
	if _, err := b.World(context.Background(), "sim call 5551234"); err == nil {
		t.Error("a second call while the line is in use")
	}
	world(t, b, "sim hangup")
	waitFor(t, b, "call over", func(s State) bool { return s.Call == "ended: handset hung up" })
}

// The handset lifted while the relay isolates it is on the box, not on the
// line: the call rings on; when the firmware passes the line through, the
// handset takes the call.
func TestLine_HandsetOnTheBoxIsNotOnTheLine(t *testing.T) {
	b, socket := serve(t)
	w, _ := rawFirmware(t, socket)
	defer w.Close()
	if err := w.send(msg{Op: "out", Pin: PinRelay, Level: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "isolated", func(s State) bool { return s.Relay == "isolated" })
	world(t, b, "sim pickup")
	world(t, b, "sim call 2015550123 ALICE SMITH")
	time.Sleep(300 * time.Millisecond)
	if s, _ := b.State(context.Background()); s.Call != "ringing" {
		t.Fatalf("a handset on the box answered the line:\n%s", s.Text())
	}
	if err := w.send(msg{Op: "out", Pin: PinRelay, Level: false}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "connected", func(s State) bool { return s.Call == "connected to the handset" })
	// The firmware isolates the handset again: the caller is cut off.
	if err := w.send(msg{Op: "out", Pin: PinRelay, Level: true}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, b, "call over", func(s State) bool { return strings.HasPrefix(s.Call, "ended") })
}

// A firmware killed while its modem held the caller leaves no caller
// "answered" forever: the port closes, the modem goes on-hook, the call ends.
func TestLine_KilledFirmwareEndsItsCall(t *testing.T) {
	b, socket := serve(t)
	w, hello := rawFirmware(t, socket)
	world(t, b, "sim call 2015550123 ALICE SMITH")
	waitFor(t, b, "ringing", func(s State) bool { return s.Call == "ringing" })
	p := offHookModem(t, hello.Modem)
	waitFor(t, b, "answered by the box", func(s State) bool { return s.Call == "answered by the box" })
	p.Close() // the firmware dies: its port closes
	w.Close()
	waitFor(t, b, "call over", func(s State) bool { return s.Call == "ended: box hung up" && !s.ModemOffHook })
}

// "sim heard" shows the SIT the caller heard (played with modem tones);
// "sim reset" forgets what the caller heard.
func TestHeard_SITThenReset(t *testing.T) {
	b, socket := serve(t)
	w, hello := rawFirmware(t, socket)
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	line, err := serialmodem.Open(ctx, hello.Modem, 10*time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer line.Close()
	world(t, b, "sim call 9005550000 ROBOCALLER")
	for ev := range line.Events() {
		if ev.Kind == hal.LineRing {
			break
		}
	}
	if err := line.Answer(ctx); err != nil {
		t.Fatal(err)
	}
	// "Vacant code" SIT, as the firmware plays it.
	for _, seg := range []struct {
		f float64
		d time.Duration
	}{{913.8, 274 * time.Millisecond}, {1370.6, 274 * time.Millisecond}, {1776.7, 380 * time.Millisecond}} {
		if err := line.Tone(ctx, seg.f, 0, seg.d); err != nil {
			t.Fatal(err)
		}
	}
	if err := line.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
	if out := world(t, b, "sim heard"); !strings.Contains(out, "caller heard: ") || !strings.Contains(out, "SIT ") {
		t.Errorf("sim heard:\n%s", out)
	}
	world(t, b, "sim reset")
	if out := world(t, b, "sim heard"); !strings.Contains(out, "caller heard: nothing") {
		t.Errorf("after sim reset:\n%s", out)
	}
}
