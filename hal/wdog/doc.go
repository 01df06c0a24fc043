// Package wdog is the hardware watchdog (/dev/watchdog through
// github.com/mdlayher/watchdog) as a hal.Watchdog. Opening the device arms
// it: from then on the box reboots unless Feed is called within the
// device's timeout (15 s on the Pi's bcm2835_wdt by default). The firmware
// feeds it only while its call loop is healthy. Close disarms it with the
// kernel's "magic close" so an orderly exit does not reboot the box; a crash
// or SIGKILL leaves it armed and the box reboots, which is the point.
//
// When the hardware watchdog belongs to someone else (on the gokrazy image
// its init holds /dev/watchdog and pings it), OpenBest falls back to a
// Process watchdog: the same contract for this program alone, ending it
// (ExitHung) so its supervisor starts it again.
//
// Imports: hal, github.com/mdlayher/watchdog, github.com/jonboulle/clockwork,
// the standard library.
package wdog
