package console

import "errors"

// Sentinel errors of the console.
var (
	// ErrExit is returned by Exec for exit (or quit): the session ends,
	// the box keeps running.
	ErrExit = errors.New("console: exit")
	// ErrStop is returned by Run on the local terminal when the owner,
	// after exit, asked to stop the box (Ctrl-C).
	ErrStop = errors.New("console: the owner stopped the box")
	// ErrInterrupted is returned by a command's writes once the owner
	// pressed Ctrl-C: the command stops and its answer is cut short.
	ErrInterrupted = errors.New("console: interrupted")
	// ErrLineTooLong is a command line over MaxLine bytes; nothing was done.
	ErrLineTooLong = errors.New("console: line too long")
	// ErrLongLine is a pasted line over MaxLine bytes (Paster): it is
	// skipped, and the paste goes on.
	ErrLongLine = errors.New("console: a pasted line is over 4096 bytes")
)
