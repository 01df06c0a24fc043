package rpi

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secretary/hal"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{"Raspberry Pi 3 Model B Rev 1.2\x00", "rpi3"},
		{"Raspberry Pi 3 Model B Plus Rev 1.3\x00", "rpi3"},
		{"Raspberry Pi 4 Model B Rev 1.4\x00", "rpi4"},
		{"Raspberry Pi Compute Module 4 Rev 1.0\x00", "rpi4"},
		{"Raspberry Pi 5 Model B Rev 1.0\x00", "rpi5"},
		{"Raspberry Pi Zero 2 W Rev 1.0\x00", "zero2w"},
		{"Raspberry Pi Zero W Rev 1.1\x00", ""},
		{"Hardkernel ODROID-C2\x00", ""},
	} {
		got, ok := Detect(tc.model)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Detect(%q) = %q, %v; want %q", tc.model, got, ok, tc.want)
		}
	}
}

func TestPresetAndOverride(t *testing.T) {
	c, err := Preset("zero2w")
	if err != nil {
		t.Fatal(err)
	}
	if c.Pins[PinRelay] != "GPIO17" || c.Pins[PinSHK] != "GPIO23" || c.RingHz != 20 || !c.Watchdog || c.MemoryLimit != 96<<20 {
		t.Fatalf("preset %+v", c)
	}
	for _, m := range Models() {
		p, _ := Preset(m)
		if p.MemoryLimit < 64<<20 || p.MemoryLimit > 256<<20 || New(p).MemoryLimit() != p.MemoryLimit {
			t.Errorf("%s: memory limit %d MiB", m, p.MemoryLimit>>20)
		}
	}
	if err := c.Override(map[string]string{"relay": "GPIO5", "led": "none"}); err != nil {
		t.Fatal(err)
	}
	if c.Pins[PinRelay] != "GPIO5" || c.Caps().Has(hal.CapLED) {
		t.Fatalf("override: %v caps %v", c.Pins, c.Caps())
	}
	if err := c.Override(map[string]string{"horn": "GPIO6"}); err == nil {
		t.Fatal("unknown part accepted")
	}
	if _, err := Preset("rpi1"); err == nil {
		t.Fatal("rpi1 accepted")
	}
}

func TestDefaultModem(t *testing.T) {
	dir := t.TempDir()
	if got := defaultModem(filepath.Join(dir, "missing")); got != "/dev/ttyACM0" {
		t.Fatalf("no by-id dir: %s", got)
	}
	for _, n := range []string{"usb-FTDI_FT232R-if00-port0", "usb-Conexant_USB_Modem_24680246-if00"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := defaultModem(dir); got != filepath.Join(dir, "usb-Conexant_USB_Modem_24680246-if00") {
		t.Fatalf("modem preferred over the console adapter: %s", got)
	}
}

// TestOpen_NoGPIO: on a machine without the Pi's GPIO driver Open fails
// with ErrBadPin, naming the part, and opens nothing.
func TestOpen_NoGPIO(t *testing.T) {
	c, _ := Preset("rpi4")
	c.Watchdog = false
	b := New(c)
	opened := false
	b.OpenLine = func(context.Context, string, *slog.Logger) (hal.Line, error) {
		opened = true
		return nil, errors.New("unexpected")
	}
	d, err := b.Open(context.Background())
	if err == nil {
		d.Close()
		t.Skip("this machine has GPIO17: a real Pi")
	}
	if !errors.Is(err, ErrBadPin) || !strings.Contains(err.Error(), "relay pin \"GPIO17\"") {
		t.Fatalf("Open = %v", err)
	}
	if opened {
		t.Fatal("modem opened although the pins failed")
	}
}
