package screening_test

import (
	"testing"

	"secretary/screening"
)

// Pins are a map inside Settings, which are values: a change to a copy
// must not reach the original.
func TestInstallSettings_PinsAreCopied(t *testing.T) {
	a := screening.DefaultSettings()
	if err := a.Set("pin.relay", "GPIO5"); err != nil {
		t.Fatal(err)
	}
	b := a
	if err := b.Set("pin.relay", "GPIO6"); err != nil {
		t.Fatal(err)
	}
	if err := b.Set("pin.led", "none"); err != nil {
		t.Fatal(err)
	}
	if err := b.Set("pin.relay", "board"); err != nil {
		t.Fatal(err)
	}
	if a.Install.Pins["relay"] != "GPIO5" || a.Install.Pins["led"] != "" || b.Install.Pins["relay"] != "" {
		t.Fatalf("a copy's change leaked: %v, copy %v", a.Install.Pins, b.Install.Pins)
	}
}
