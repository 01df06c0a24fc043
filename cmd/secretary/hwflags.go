package main

import (
	"flag"
	"fmt"
	"strings"
)

// hwFlags are the wiring overrides run and selftest share: an installer
// whose box differs from the board's defaults says so on the command line.
type hwFlags struct {
	audio    string
	relayLow bool
	pins     map[string]string
}

func addHWFlags(fs *flag.FlagSet) *hwFlags {
	h := &hwFlags{pins: map[string]string{}}
	fs.StringVar(&h.audio, "audio", "", "handset codec ALSA device hw:C,D, or none (default: the board's)")
	fs.BoolVar(&h.relayLow, "relay-active-low", false, "the relay module energises on a low level")
	fs.Func("pin", "override a pin: part=NAME (relay, rm, fr, shk, led, button; NAME none disables the part), repeatable", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" || v == "" {
			return fmt.Errorf("want part=NAME, got %q", s)
		}
		h.pins[k] = v
		return nil
	})
	return h
}
