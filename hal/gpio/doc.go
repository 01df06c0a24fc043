// Package gpio turns periph.io pins into the box's parts: the line relay
// (hal.Relay), the SLIC that rings the isolated handset and reports its hook
// (hal.Handset), the indicator LED (hal.Indicator) and the push button
// (hal.Button).
//
// Every part takes the narrowest periph interface it needs (gpio.PinOut for
// outputs, gpio.PinIn for inputs), a plain Config with documented defaults,
// and a clockwork.Clock so cadences, debounce and button timing are tested
// on a fake clock with periph's gpiotest pins. Constructors do no I/O;
// Init(ctx) configures the pins and starts the part's goroutine.
//
// Timing choices (defaults, all overridable in the Configs):
//   - ring: RM high and F/R toggled at 20 Hz (25 ms half periods; 25 Hz
//     where configured) during the "on" parts of hal.RingPattern.Cadence(),
//     RM and F/R low in the "off" parts; the schedule is absolute from the
//     start of Ring, so there is no drift.
//   - caller ID (Bell 202 samples from Config.CIDSamples) goes to the
//     handset audio CIDDelay (500 ms) after the first ring burst ends, in
//     the first silent interval long enough to hold it plus 200 ms guard
//     (NA: the 4 s pause; UK/DR2-DR4: the long pause, never the 200 ms gaps).
//   - hook: 30 ms debounce; while ringing and 200 ms after, an off-hook must
//     hold 150 ms (ring-trip transients are ignored); an on-hook of 80-800 ms
//     followed by off-hook is a flash; on-hook is reported after 800 ms.
//   - LED: steady on; N blinks of 200 ms on / 200 ms off then 1.2 s pause;
//     fault = 100 ms on / 100 ms off.
//   - button: 30 ms debounce; long press (>= 2 s) reported as soon as it
//     is held that long; a second press starting within 500 ms of a short
//     one's release makes a double press (reported on its release), so a
//     short press is reported 500 ms after its release.
//   - on-hook data (the message-waiting indication, SendOnHook): a ring
//     pulse of 250 ms (or F/R held reversed), 100 ms, the FSK audio (with
//     its own 0.5 s lead silence); a reversal is undone 200 ms after it.
//   - inputs (button, hook) wait for edges without polling: one
//     WaitForEdge of up to DefaultEdgeWait (a minute) at a time, which Close
//     ends with the pin's Halt; timers run only while something is due
//     (debounce, ring cadence, blinking), so an idle part never wakes.
//
// Imports: hal, periph.io/x/conn/v3/gpio, clockwork, the standard library.
package gpio
