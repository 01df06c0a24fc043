// Package serialport opens serial devices (USB CDC-ACM modems, UARTs, and
// the pseudo-terminals of the simulated board) and hands them out as plain
// io.ReadWriteCloser streams, so drivers such as hal/modem never see a
// device path.
//
// It is the only package that imports go.bug.st/serial. It smooths over two
// facts from PLATFORM.md: a read timeout returns (0, nil), which this package
// turns into a blocking Read that ends on data, error or Close; and
// modem-control ioctls fail on ptys (ENOTTY), which are tolerated. A second
// opener of the same device, even as root, is refused with ErrBusy through
// an advisory flock(2) on the device node.
//
// Imports: the standard library and go.bug.st/serial.
package serialport
