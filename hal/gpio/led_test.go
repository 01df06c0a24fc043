package gpio

import (
	"errors"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

func TestLED_Patterns(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	for _, tc := range []struct {
		name string
		p    hal.LEDPattern
		want []time.Duration // on/off durations of one cycle, starting lit
	}{
		{"one message", hal.LEDPattern{Mode: hal.LEDBlink, Count: 1}, ms(200, 1200)},
		{"three messages", hal.LEDPattern{Mode: hal.LEDBlink, Count: 3}, ms(200, 200, 200, 200, 200, 1200)},
		{"capped at nine", hal.LEDPattern{Mode: hal.LEDBlink, Count: 42}, ms(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 1200)},
		{"fault", hal.LEDPattern{Mode: hal.LEDFault}, ms(100, 100)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := clockwork.NewFakeClockAt(t0)
			p := newRecPin("LED", fc)
			l := NewLED(p, false, fc)
			if err := l.Init(); err != nil {
				t.Fatal(err)
			}
			if err := l.Set(tc.p); err != nil {
				t.Fatal(err)
			}
			cycle := cycleLen(tc.want)
			step(t, fc, t0.Add(2*cycle+time.Millisecond), 1)
			ed := p.edges()
			if len(ed) < 2*len(tc.want) {
				t.Fatalf("%d LED changes, want >= %d", len(ed), 2*len(tc.want))
			}
			for i := 0; i < 2*len(tc.want); i++ {
				d := ed[i+1].at.Sub(ed[i].at)
				if want := tc.want[i%len(tc.want)]; !within(d, want, time.Millisecond) {
					t.Errorf("segment %d (%v): %v, want %v", i, ed[i].l, d, want)
				}
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if p.Read() != gpio.Low {
				t.Fatal("LED lit after Close")
			}
			if err := l.Set(hal.LEDPattern{Mode: hal.LEDOn}); !errors.Is(err, hal.ErrClosed) {
				t.Fatalf("Set after Close = %v", err)
			}
		})
	}
}

func TestLED_SteadyAndActiveLow(t *testing.T) {
	fc := clockwork.NewFakeClockAt(t0)
	p := newRecPin("LED", fc)
	l := NewLED(p, true, fc)
	if err := l.Init(); err != nil {
		t.Fatal(err)
	}
	if p.Read() != gpio.High {
		t.Fatal("active-low LED lit after Init")
	}
	if err := l.Set(hal.LEDPattern{Mode: hal.LEDOn}); err != nil || p.Read() != gpio.Low {
		t.Fatalf("on: %v level %v", err, p.Read())
	}
	if err := l.Set(hal.LEDPattern{Mode: hal.LEDFault}); err != nil {
		t.Fatal(err)
	}
	if err := l.Set(hal.LEDPattern{Mode: hal.LEDOff}); err != nil || p.Read() != gpio.High {
		t.Fatalf("off: %v level %v", err, p.Read())
	}
	// Blink with no messages is steady on.
	if err := l.Set(hal.LEDPattern{Mode: hal.LEDBlink}); err != nil || p.Read() != gpio.Low {
		t.Fatalf("blink 0: %v level %v", err, p.Read())
	}
	l.Close()
}
