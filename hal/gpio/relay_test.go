package gpio

import (
	"errors"
	"testing"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"

	"secretary/hal"
)

func TestRelay_Levels(t *testing.T) {
	for _, tc := range []struct {
		name      string
		activeLow bool
		released  gpio.Level
	}{
		{"active-high", false, gpio.Low},
		{"active-low", true, gpio.High},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &gpiotest.Pin{N: "RELAY", L: !tc.released}
			r := NewRelay(p, tc.activeLow)
			if err := r.Init(); err != nil {
				t.Fatal(err)
			}
			if p.Read() != tc.released || r.State() != hal.RelayPassThrough {
				t.Fatalf("after Init: pin %v state %v, want released %v", p.Read(), r.State(), tc.released)
			}
			if err := r.Set(hal.RelayIsolated); err != nil {
				t.Fatal(err)
			}
			if p.Read() == tc.released || r.State() != hal.RelayIsolated {
				t.Fatalf("isolated: pin %v state %v", p.Read(), r.State())
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if p.Read() != tc.released || r.State() != hal.RelayPassThrough {
				t.Fatalf("after Close: pin %v, want released %v", p.Read(), tc.released)
			}
			if err := r.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			if err := r.Set(hal.RelayIsolated); !errors.Is(err, hal.ErrClosed) {
				t.Fatalf("Set after Close = %v, want ErrClosed", err)
			}
			if p.Read() != tc.released {
				t.Fatal("Set after Close moved the relay")
			}
		})
	}
}

func TestRelay_NoPin(t *testing.T) {
	if err := NewRelay(nil, false).Init(); !errors.Is(err, ErrNoPin) {
		t.Fatalf("Init without pin = %v", err)
	}
}
