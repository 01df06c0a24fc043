// Package console is the owner's console: a command table (Command: name,
// usage, summary, help with an example, handler) that help and dispatch
// read, the commands themselves (help, status, allow|block add|del, log,
// msgs, set, get, exit), and the sessions that serve it on a terminal (Run:
// golang.org/x/term's line editor on a serial port or the process's
// terminal) or on a plain stream (ServeLines: a pipe). Command lines are
// split by screening/words; words that become names or notes go through
// screening/clean. Bad input answers "error: ..." in one plain sentence.
// The composition root can add commands (the simulated board's "sim").
//
// What needs the owner (degraded mode: "STORE DAMAGED: type help store")
// is in every prompt, through Console.Attention, and at the top of status
// (Status.Box.Data); a notice redraws the prompt with the note of the
// moment.
//
// How calls are shown is decided here: PhaseNotice and EndNotice render
// the call machine's state and the call log, Status.Text the status.
//
// The line comes first. Notify never waits: each session has a bounded
// queue (32 notices) drained by the session's own goroutine; what a slow
// or stopped reader cannot take is dropped and counted, and "(N notices
// dropped)" is shown when the line moves again. Notices wait while a
// command's answer is written, so they never land inside it. An answer is
// written in 256-byte chunks by the session (never by the call loop), and
// Ctrl-C typed meanwhile stops it: a reader goroutine watches the input
// while a command runs.
//
// Ending a session never ends the box: exit leaves the console (on a
// serial line the port is served again; on the Local terminal Enter opens
// a new session and Ctrl-C then stops the box); a line over MaxLine bytes
// is an error answer; the end of a piped input ends only the session.
//
// Imports: firmware (Status), firmware/call (states, for notices), hal
// (capabilities), screening and its words, clean and schedule packages,
// x/term and the standard library.
package console
