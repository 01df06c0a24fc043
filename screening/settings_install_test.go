package screening_test

import (
	"testing"

	"secretary/screening"
)

// The installer's settings: normal forms, refusals, and pins that do not
// leak from one copy of the settings to another.
func TestInstallSettings(t *testing.T) {
	for _, c := range []struct{ key, value, get string }{
		{"timezone", "Europe/London", "Europe/London"},
		{"timezone", "", ""},
		{"modem", "AUTO", "auto"},
		{"modem", "/dev/serial/by-id/usb-Conexant_USB_Modem_24680246-if00", "/dev/serial/by-id/usb-Conexant_USB_Modem_24680246-if00"},
		{"pin.relay", "gpio5", "GPIO5"},
		{"pin.led", "none", "none"},
		{"pin.shk", "board", "board"},
		{"console-speed", "9600", "9600"},
		{"relay-polarity", "LOW", "active-low"},
	} {
		s := screening.DefaultSettings()
		if err := s.Set(c.key, c.value); err != nil {
			t.Errorf("Set(%s, %q): %v", c.key, c.value, err)
			continue
		}
		if got, _ := s.Get(c.key); got != c.get {
			t.Errorf("Set(%s, %q): Get = %q, want %q", c.key, c.value, got, c.get)
		}
	}
	for _, c := range [][2]string{{"timezone", "Mars/Olympus"}, {"timezone", "../../etc/passwd"}, {"timezone", "Local"},
		{"modem", "ttyACM0"}, {"modem", "/dev/../etc/shadow"}, {"modem", `/dev/tty"x`}, {"modem", "/dev/tty ACM0"},
		{"pin.relay", "GPIO28"}, {"pin.relay", "-1"}, {"console-speed", "115201"}, {"relay-polarity", "inverted"}} {
		s := screening.DefaultSettings()
		if err := s.Set(c[0], c[1]); err == nil {
			t.Errorf("Set(%s, %q) accepted", c[0], c[1])
		}
	}
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
	if a.Install.Pins["relay"] != "GPIO5" || a.Install.Pins["led"] != "" {
		t.Fatalf("a copy's change leaked: %v", a.Install.Pins)
	}
	if screening.DefaultSettings().Install.ConsoleSpeed != 115200 {
		t.Fatal("console speed default")
	}
}
