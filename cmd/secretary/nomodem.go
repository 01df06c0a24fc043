package main

import (
	"slices"
	"strings"
	"time"

	"secretary/hal"
)

// A box whose modem is missing or silent at start (unplugged, not powered,
// a USB adapter that enumerates late) runs without it: the board waits
// runLineWait for the modem, then the firmware starts with the line left
// to the phone (relay pass-through, LED fault) and the driver keeps
// reopening the modem in the background (every 0.25 s, backing off to
// 10 s); when it answers the box screens again. Meanwhile stderr, status,
// every console prompt and a notice at each change say so.

// runLineWait is how long run waits for the modem before it starts
// without it: long enough for a modem that is there to answer its first
// commands, short enough that the console and the watchdog are not held up.
const runLineWait = 3 * time.Second

// noModemText is the owner's sentence while the modem does not answer.
const noModemText = "the modem does not answer: calls pass through to the phone until it does (check its cable and power)"

// lineUp reports whether the board's line device is up now; a line that
// cannot say, or a board without a line, counts as up.
func lineUp(devs *hal.Devices) bool {
	ls, ok := devs.Line.(hal.LineState)
	return !ok || !devs.Caps.Has(hal.CapLine) || ls.Up()
}

// modemNote is the console prompt's note while the modem does not answer
// ("" while it does, or on a board without a line). It asks the device,
// not the call loop, so a prompt drawn before the loop heard from the
// modem does not say it is missing; the notices when it goes and comes
// redraw the prompt.
func (bx *box) modemNote() string {
	if lineUp(bx.devs) {
		return ""
	}
	return "NO MODEM: calls pass through"
}

// notes joins the prompt's notes that are not empty.
func notes(n ...string) string {
	return strings.Join(slices.DeleteFunc(n, func(s string) bool { return s == "" }), "; ")
}
