package hal

import (
	"errors"
	"strings"
)

// Caps is the set of capabilities a board has.
type Caps uint

const (
	CapLine         Caps = 1 << iota // FXO line device (modem)
	CapRelay                         // line relay
	CapHandset                       // SLIC: ring the handset, hook detection
	CapHandsetAudio                  // audio codec to the handset
	CapLED                           // indicator LED
	CapButton                        // push button
	CapWatchdog                      // hardware watchdog
	// CapExtensionDetect: the board sees the handset's hook even while the
	// relay gives it the line, so a passed call whose rings stopped with
	// the handset on-hook is known to be unanswered (the simulated board;
	// on a Pi the SLIC is cut off from the handset then).
	CapExtensionDetect
)

// Has reports whether every capability in c is present.
func (s Caps) Has(c Caps) bool { return s&c == c }

func (s Caps) String() string {
	names := []string{"line", "relay", "handset", "handset-audio", "led", "button", "watchdog", "extension-detect"}
	var out []string
	for i, n := range names {
		if s&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ",")
}

// Devices is what a board opened. Fields for missing capabilities are nil.
type Devices struct {
	Caps      Caps
	Line      Line
	Relay     Relay
	Handset   Handset
	Indicator Indicator
	Button    Button
	Watchdog  Watchdog
}

// Close closes every part, the relay first so the line is passed through
// before anything else can fail. It returns all errors joined.
func (d *Devices) Close() error {
	var errs []error
	if d.Relay != nil {
		errs = append(errs, d.Relay.Close())
	}
	if d.Line != nil {
		errs = append(errs, d.Line.Close())
	}
	if d.Handset != nil {
		errs = append(errs, d.Handset.Close())
	}
	if d.Indicator != nil {
		errs = append(errs, d.Indicator.Close())
	}
	if d.Button != nil {
		errs = append(errs, d.Button.Close())
	}
	if d.Watchdog != nil {
		errs = append(errs, d.Watchdog.Close())
	}
	return errors.Join(errs...)
}
