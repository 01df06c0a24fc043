// Package boardtest is the conformance suite every board must pass: for
// each capability the board reports, the part behaves as the hal contract
// says (relay set/state and the physical contact, ring that stops on
// pick-up, hook events and flash, caller ID to the handset, handset keys,
// LED patterns, button presses, line events, watchdog, Close leaving the
// relay in pass-through and the line on-hook).
//
// A board plugs in through a Harness that can act on and observe the world
// around it: board/sim's harness drives the simulated hardware; a harness
// for a real Pi needs a test jig (or a person) and is not part of CI.
//
// Imports: hal and the standard library (testing).
package boardtest
