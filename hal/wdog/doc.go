// Package wdog is the hardware watchdog (/dev/watchdog through
// github.com/mdlayher/watchdog) as a hal.Watchdog. Opening the device arms
// it: from then on the box reboots unless Feed is called within the
// device's timeout (15 s on the Pi's bcm2835_wdt by default). The firmware
// feeds it only while its call loop is healthy. Close disarms it with the
// kernel's "magic close" so an orderly exit does not reboot the box; a crash
// or SIGKILL leaves it armed and the box reboots, which is the point.
//
// Imports: hal, github.com/mdlayher/watchdog, the standard library.
package wdog
