// Package console is the owner's console: a command table (Command: name,
// aliases, usage, summary, help with an example, options, sub-commands,
// completion, handler) that help, dispatch, Tab completion and a control
// socket read, the commands themselves, and the sessions that serve it on
// a terminal (Run: golang.org/x/term's line editor, with history and Tab,
// on a serial port or the process's terminal) or on a plain stream
// (ServeLines: a pipe). The composition root can add commands (the
// simulated board's "sim").
//
// Parsing (resolve): the line is split by screening/words; the command,
// its sub-command and long options match by name, alias or any unique
// prefix, in any case, and an ambiguous prefix is an error naming the
// candidates; options take "--opt value" or "--opt=value"; "--" ends them.
// Words that become names or notes go through screening/clean. A command
// that changes something answers one line, "ok: ..." once the change is
// on disk or "error: ..." in one plain sentence (no package prefixes: see
// sentence). Long lists are read from the Backend a page at a time
// (ListPage), never whole, and wait for Enter page by page on a terminal;
// --json streams one JSON value.
//
// What the commands act on is the Backend, made of small interfaces (one
// per group of commands); firmware/owner implements it over the store.
// Commands that ask (a confirmation, a PIN) use the session's Term; Exec
// has none, so they say how to do without (--yes) instead.
//
// The console PIN (auth.go) is kept as a salted PBKDF2 hash through the
// Backend. With one set, a session asks for it before anything else, no
// notice included; each wrong PIN locks every session for a time that
// doubles; an idle session (console-timeout) ends and asks again.
//
// The data commands (data.go: import, export, decide, backup, restore, msgs
// export) act on the DataBackend. In a session, import and restore read
// text pasted after the command (Paster: a terminal without echo, with a
// larger input buffer meanwhile; a pipe), import up to a line holding a
// single ".", restore up to the backup's END line; a command that stops
// early reads the rest of the paste, so none of it is taken for commands.
// RunArgs runs a command from words rather than a line, with Streams: the
// input as it is (a file), output that takes any bytes, reports and errors
// on Err, and an exit status. The command line (secretary import, export,
// decide, log, msgs, backup, restore) runs it, through the running box's
// control socket (firmware/control) or on a store it opened itself, so
// both give the same answers.
//
// What needs the owner (degraded mode: "STORE DAMAGED: type help store")
// is in every prompt, through Console.Attention, and at the top of status
// (Status.Box.Data); a notice redraws the prompt with the note of the
// moment. store (storecmd.go, the StoreBackend) shows the store's health
// and copies and leaves degraded mode: store restore puts back the newest
// good copy, store reset (confirmed) starts empty; through the control
// socket too, as every command of the table.
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
// Imports: firmware (Status), firmware/call (states, for notices),
// firmware/backup (the text form), firmware/timekeep (the clock's state,
// for time), hal (capabilities), screening and its words, clean, number,
// schedule and store (import options and results, the store's health and
// copies) packages, x/term and the
// standard library.
package console
