package rpi

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"secretary/hal"
)

// Part names used in Pins.
const (
	PinRelay  = "relay"
	PinRM     = "rm"
	PinFR     = "fr"
	PinSHK    = "shk"
	PinLED    = "led"
	PinButton = "button"
)

// Config is one Pi board's hardware.
type Config struct {
	Model string            // "rpi4"
	Pins  map[string]string // part -> periph pin name ("GPIO17"); "" or "none" = absent
	// RelayActiveLow: the relay module energises on a low level.
	RelayActiveLow bool
	// SHKActiveLow: the SLIC's SHK reads low when off-hook.
	SHKActiveLow bool
	// ButtonActiveHigh: the button pulls the pin high when pressed.
	ButtonActiveHigh bool
	// Modem is the serial device; "" = DefaultModem().
	Modem string
	// Audio is the ALSA device "hw:C,D" of the handset codec, "none" = no codec.
	Audio string
	// RingHz is the ring frequency (20 or 25).
	RingHz int
	// Watchdog opens /dev/watchdog.
	Watchdog bool
	// LineUpWait bounds Open's wait for the modem (0 = serialmodem.UpWait).
	LineUpWait time.Duration
	// MemoryLimit is the Go runtime's soft memory limit in bytes for the
	// firmware on this board (runtime/debug.SetMemoryLimit; 0 = none), so
	// the garbage collector works harder before the kernel's OOM killer
	// acts. The presets leave the firmware (about 15 MB resident with a
	// 1,000,000-number list) several times its need and stay a fraction
	// of the smallest variant's memory, shared with the kernel and the GPU.
	MemoryLimit int64

	CIDSamples func(cid *hal.CallerID) []int16
	NewDTMF    func() func(pcm []int16) []byte
	Logger     *slog.Logger
}

// Models lists the supported boards.
func Models() []string { return []string{"rpi3", "rpi4", "rpi5", "zero2w"} }

// DefaultPins is the default wiring (see the package doc).
func DefaultPins() map[string]string {
	return map[string]string{
		PinRelay:  "GPIO17",
		PinRM:     "GPIO27",
		PinFR:     "GPIO22",
		PinSHK:    "GPIO23",
		PinLED:    "GPIO24",
		PinButton: "GPIO25",
	}
}

// memoryLimits are the presets' MemoryLimit: 96 MiB where a variant has
// 512 MB (Zero 2 W, 3 A+), 192 MiB from 1 GB (Pi 4 and 5 start there).
var memoryLimits = map[string]int64{"zero2w": 96 << 20, "rpi3": 96 << 20, "rpi4": 192 << 20, "rpi5": 192 << 20}

// Preset returns the default Config of a model.
func Preset(model string) (Config, error) {
	for _, m := range Models() {
		if m == model {
			return Config{
				Model:       model,
				Pins:        DefaultPins(),
				Audio:       "hw:1,0",
				RingHz:      20,
				Watchdog:    true,
				MemoryLimit: memoryLimits[model],
			}, nil
		}
	}
	return Config{}, fmt.Errorf("rpi: unknown model %q: %w", model, ErrUnknownModel)
}

// Override replaces pin names by part; unknown parts are an error.
func (c *Config) Override(pins map[string]string) error {
	for part, name := range pins {
		if _, ok := DefaultPins()[part]; !ok {
			keys := make([]string, 0, 6)
			for k := range DefaultPins() {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return fmt.Errorf("rpi: unknown part %q in pin overrides (parts: %s): %w", part, strings.Join(keys, ", "), ErrBadPin)
		}
		if c.Pins == nil {
			c.Pins = DefaultPins()
		}
		c.Pins[part] = strings.TrimSpace(name)
	}
	return nil
}

// Detect maps /proc/device-tree/model to a model name.
func Detect(model string) (string, bool) {
	m := strings.ToLower(strings.TrimRight(model, "\x00\n "))
	switch {
	case strings.Contains(m, "zero 2"):
		return "zero2w", true
	case strings.HasPrefix(m, "raspberry pi 5"), strings.Contains(m, "compute module 5"), strings.HasPrefix(m, "raspberry pi 500"):
		return "rpi5", true
	case strings.HasPrefix(m, "raspberry pi 4"), strings.Contains(m, "compute module 4"):
		return "rpi4", true
	case strings.HasPrefix(m, "raspberry pi 3"), strings.Contains(m, "compute module 3"):
		return "rpi3", true
	}
	return "", false
}

// DefaultModem returns the modem device: the first /dev/serial/by-id entry
// (a voice modem's name is preferred), else /dev/ttyACM0.
func DefaultModem() string { return defaultModem("/dev/serial/by-id") }

func defaultModem(dir string) string {
	ents, err := os.ReadDir(dir)
	if err == nil && len(ents) > 0 {
		names := make([]string, 0, len(ents))
		for _, e := range ents {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		for _, n := range names {
			l := strings.ToLower(n)
			for _, hint := range []string{"modem", "conexant", "u.s._robotics", "usr", "zoom", "cx930"} {
				if strings.Contains(l, hint) {
					return filepath.Join(dir, n)
				}
			}
		}
		return filepath.Join(dir, names[0])
	}
	return "/dev/ttyACM0"
}

func (c Config) has(part string) bool {
	n := c.Pins[part]
	return n != "" && !strings.EqualFold(n, "none")
}

// Caps is what the configuration provides (before Open finds out what is
// really there).
func (c Config) Caps() hal.Caps {
	caps := hal.CapLine
	if c.has(PinRelay) {
		caps |= hal.CapRelay
	}
	if c.has(PinRM) && c.has(PinFR) && c.has(PinSHK) {
		caps |= hal.CapHandset
		if c.Audio != "" && !strings.EqualFold(c.Audio, "none") {
			caps |= hal.CapHandsetAudio
		}
	}
	if c.has(PinLED) {
		caps |= hal.CapLED
	}
	if c.has(PinButton) {
		caps |= hal.CapButton
	}
	if c.Watchdog {
		caps |= hal.CapWatchdog
	}
	return caps
}
