package gpio_test

import (
	"fmt"
	"time"

	"secretary/hal/gpio"
)

// The hook detector is a pure state machine: feed it raw SHK levels with
// their times and run it at its deadlines.
func ExampleHookDetector() {
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	d := gpio.NewHookDetector(gpio.HookTiming{}, false)
	steps := []struct {
		ms  int
		off bool
	}{
		{0, true},     // lifted
		{10, false},   // contact bounce
		{12, true},    // lifted for good
		{1000, false}, // hook pressed...
		{1300, true},  // ...and released: a flash
		{5000, false}, // hung up
	}
	run := func(until time.Time) {
		for {
			dl, ok := d.Deadline()
			if !ok || dl.After(until) {
				return
			}
			for _, e := range d.Advance(dl) {
				fmt.Printf("%v at +%v\n", e.Kind, e.At.Sub(t0))
			}
		}
	}
	for _, s := range steps {
		run(at(s.ms))
		for _, e := range d.Raw(s.off, at(s.ms)) {
			fmt.Printf("%v at +%v\n", e.Kind, e.At.Sub(t0))
		}
	}
	run(at(10000))
	// Output:
	// off-hook at +42ms
	// flash at +1.33s
	// on-hook at +5.8s
}
