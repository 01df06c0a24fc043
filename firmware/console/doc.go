// Package console is the owner's serial console: a line editor
// (golang.org/x/term's Terminal: history, editing) over any io.ReadWriter
// (a serial port or the process's terminal), a small command grammar with
// quoting, and dispatch to the commands of this issue: help, status,
// allow|block add|del, log [-n N] [--json], msgs list. Bad input answers
// "error: ..." in one plain sentence. Caller names are shown with control
// characters removed. The composition root can add command words
// (Extension), e.g. the simulated board's "sim ..." world commands.
//
// Imports: screening (types), firmware/call (CleanName), x/term and the
// standard library.
package console
