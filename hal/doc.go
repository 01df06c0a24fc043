// Package hal names what the box can do, not how: the phone line (FXO side,
// a voice modem), the handset (SLIC ring, hook, audio), the line relay, the
// indicator LED, the button, the watchdog and the computer's own clock
// (SystemClock: a Pi has no battery clock). Drivers in the sub-packages
// (hal/modem, hal/gpio, ...) implement these interfaces; board/ bundles them
// into a Devices value; firmware/ uses only the interfaces.
//
// Audio crosses every interface as 8 kHz mono signed 16-bit linear PCM
// ([]int16). Drivers convert to their device's codec at the edge.
//
// Imports: the standard library only. hal never imports firmware, board or cmd.
package hal
