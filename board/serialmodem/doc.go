// Package serialmodem opens the real modem driver on a serial device path:
// a hal/modem.Supervisor whose opener is hal/serialport. It is the one place
// where a board turns "the modem is on /dev/ttyACM0" (or the simulated
// board's pty) into a hal.Line; board/rpi and board/sim both use it.
//
// Imports: hal, hal/modem, hal/serialport and the standard library; never
// firmware, cmd or another board package.
package serialmodem
