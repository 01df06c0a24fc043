// Package rpi holds the Raspberry Pi boards (rpi3, rpi4, rpi5, zero2w):
// their default pin map, modem and audio devices, detection from
// /proc/device-tree/model, and Open, which turns periph.io host pins into
// hal parts (hal/gpio), the modem into a hal.Line (hal/modem over
// hal/serialport), the codec into handset audio (hal/alsa) and
// /dev/watchdog into a hal.Watchdog (hal/wdog).
//
// Default wiring (BCM GPIO numbers, the same on every 40-pin board; each can
// be overridden by name, e.g. Pins{"relay": "GPIO5"}):
//
//	part    GPIO   header pin  level
//	relay   GPIO17 11          high energises (isolated); low/released = pass-through
//	rm      GPIO27 13          SLIC ring mode, high = ringing
//	fr      GPIO22 15          SLIC forward/reverse, toggled at 20 Hz
//	shk     GPIO23 16          SLIC switch hook, high = off-hook
//	led     GPIO24 18          high = lit
//	button  GPIO25 22          to ground, internal pull-up (pressed = low)
//
// The relay must be a normally-closed (pass-through) contact driven so that
// an undriven GPIO line de-energises it: GPIO17's reset state is an input
// with the SoC's pull-down, so an active-high module falls back to
// pass-through at power-up, reboot and power loss; with RelayActiveLow the
// module needs an external pull-up on its input.
//
// Fail-safe on a real Pi: an orderly exit (return, error, panic unwound,
// SIGTERM/SIGINT) releases the relay through hal.Devices.Close. If the
// process dies without that (SIGKILL, OOM), the kernel closes its GPIO line
// request; whether the pin then keeps its last level depends on the GPIO
// driver, so the design does not rely on it: /dev/watchdog was opened by
// the dead process and not magic-closed, the watchdog is no longer fed and
// the SoC resets within its timeout (15 s by default on the Pi), which
// returns every pin to its reset state: relay released, handset on the line. Modem: the first /dev/serial/by-id entry (stable across
// reboots and USB ports), else /dev/ttyACM0. Audio: "hw:1,0" (a USB codec is
// card 1 on the Pi 3/4/Zero 2 W, whose card 0 is the on-board audio; on the
// Pi 5, which has no analog audio, set it to "hw:0,0"), "none" for boards
// without a codec.
//
// Imports: hal, hal/gpio, hal/alsa, hal/wdog, board/serialmodem (the modem
// driver on its serial device), periph.io/x/host/v3 and periph.io/x/conn/v3.
package rpi
