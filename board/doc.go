// Package board describes the boards the firmware runs on (pins, devices,
// capabilities) and opens them into a hal.Devices bundle. board/rpi holds
// the Raspberry Pi profiles, board/sim the simulated board.
//
// Imports: hal and its drivers, periph.io host; never firmware.
package board
