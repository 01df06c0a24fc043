// Package board describes the boards the firmware runs on (pins, devices,
// capabilities) and opens them into a hal.Devices bundle. board/rpi holds
// the Raspberry Pi profiles, board/sim the simulated board, virt.go QEMU's
// virt machine (the image without a Pi: console and store, no GPIO, no
// line). board/bootfile reads the installer's settings file and
// board/image builds, flashes and boots the gokrazy image.
//
// cmd chooses a board by name with New(Config) and opens it with
// Board.Open(ctx); nothing here registers itself. The sub-packages do not
// import this package (it imports them), so the shared vocabulary is hal.
//
// Imports: hal and its drivers, board/rpi, board/sim, periph.io host (only in
// board/...); never firmware or cmd.
package board
