package gpio

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

// buttonRig presses a pulled-up button on a gpiotest pin.
type buttonRig struct {
	fc  clockwork.FakeClock
	pin *edgePin
	b   *Button
}

func newButton(t *testing.T) *buttonRig {
	fc := clockwork.NewFakeClockAt(t0)
	r := &buttonRig{fc: fc, pin: inPin("BTN", gpio.High)}
	r.b = NewButton(ButtonConfig{Pin: r.pin, Clock: fc})
	if err := r.b.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.b.Close() })
	return r
}

// hold presses for d (with contact bounce at both ends) and releases.
func (r *buttonRig) hold(t *testing.T, d time.Duration) {
	for _, l := range []gpio.Level{gpio.Low, gpio.High, gpio.Low} { // bounce
		r.edge(t, l)
	}
	r.run(t, d)
	for _, l := range []gpio.Level{gpio.High, gpio.Low, gpio.High} {
		r.edge(t, l)
	}
	r.run(t, 100*time.Millisecond)
}

// edge drives the pin and waits until the button loop has taken it.
func (r *buttonRig) edge(t *testing.T, l gpio.Level) {
	n := r.b.rawCount.Load()
	r.pin.EdgesChan <- l
	deadline := time.Now().Add(5 * time.Second)
	for r.b.rawCount.Load() == n {
		if time.Now().After(deadline) {
			t.Fatal("button loop did not take the edge")
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// run advances the fake clock by d in 5 ms steps (the button's times are
// multiples of 5 ms).
func (r *buttonRig) run(t *testing.T, d time.Duration) {
	end := r.fc.Now().Add(d)
	for r.fc.Now().Before(end) {
		time.Sleep(5 * time.Microsecond)
		r.fc.Advance(5 * time.Millisecond)
	}
}

func (r *buttonRig) events(t *testing.T) []hal.ButtonEventKind {
	var got []hal.ButtonEventKind
	for {
		select {
		case e := <-r.b.Events():
			got = append(got, e.Kind)
			continue
		case <-time.After(50 * time.Millisecond):
		}
		return got
	}
}

func TestButton_Timing(t *testing.T) {
	for _, tc := range []struct {
		name string
		hold time.Duration
		want []hal.ButtonEventKind
	}{
		{"short", 300 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonShort}},
		{"just under long", 1900 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonShort}},
		{"long", 2500 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonLong}},
		{"very long is one long", 6 * time.Second, []hal.ButtonEventKind{hal.ButtonLong}},
		{"bounce only", 10 * time.Millisecond, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newButton(t)
			r.hold(t, tc.hold)
			r.run(t, 500*time.Millisecond) // no second press follows
			got := r.events(t)
			if len(got) != len(tc.want) {
				t.Fatalf("events %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("events %v, want %v", got, tc.want)
				}
			}
		})
	}
}

// Two presses close together are a double press; a short press is
// reported only once the double-press gap (500 ms) has passed.
func TestButton_Double(t *testing.T) {
	for _, tc := range []struct {
		name   string
		first  time.Duration
		gap    time.Duration // after hold's own 100 ms
		second time.Duration
		want   []hal.ButtonEventKind
	}{
		{"double", 200 * time.Millisecond, 150 * time.Millisecond, 200 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonDouble}},
		{"two shorts apart", 200 * time.Millisecond, 700 * time.Millisecond, 200 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonShort, hal.ButtonShort}},
		{"short then long", 200 * time.Millisecond, 150 * time.Millisecond, 2500 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonShort, hal.ButtonLong}},
		{"long then short", 2500 * time.Millisecond, 150 * time.Millisecond, 200 * time.Millisecond, []hal.ButtonEventKind{hal.ButtonLong, hal.ButtonShort}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newButton(t)
			r.hold(t, tc.first)
			r.run(t, tc.gap)
			r.hold(t, tc.second)
			r.run(t, 500*time.Millisecond)
			got := r.events(t)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("events %v, want %v", got, tc.want)
			}
		})
	}
	r := newButton(t)
	r.hold(t, 200*time.Millisecond)
	if got := r.events(t); len(got) != 0 {
		t.Fatalf("short press reported %v before the double-press gap ended", got)
	}
}

func TestButton_LongReportedWhileHeld(t *testing.T) {
	r := newButton(t)
	r.edge(t, gpio.Low)
	r.run(t, 2100*time.Millisecond)
	if got := r.events(t); len(got) != 1 || got[0] != hal.ButtonLong {
		t.Fatalf("while held 2.1 s: %v, want [long]", got)
	}
}

func TestButton_CloseIdempotent(t *testing.T) {
	r := newButton(t)
	if err := r.b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-r.b.Events(); ok {
		t.Fatal("Events not closed")
	}
}
