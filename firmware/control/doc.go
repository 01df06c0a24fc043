// Package control is the running box's local control socket: one way in
// for the tools on the box (secretary import, export, decide, backup,
// restore, log, msgs) while the firmware has the store. The firmware
// serves its console's command table on it (the Handler), so a command
// over the socket is the console's own; the socket only carries it.
//
// # Where, and who
//
// DATA/control/socket, a unix socket of mode 0600 in a directory of mode
// 0700, both of the firmware's user. On Linux each connection's peer
// credentials (SO_PEERCRED) are checked too: a process of another user is
// refused with a message. A socket left by a firmware that stopped is
// removed when the next one listens; a client that finds none, or one
// nobody answers, gets ErrNotRunning (and opens the store itself). A path
// too long for a socket address is reached through /proc/self/fd.
//
// # Protocol (version 1)
//
// The client sends one request line, then frames; the server answers with
// frames and closes:
//
//	client: SECRETARY-CONTROL 1 ["export","block","--vcard"]\n    the argv as a JSON array of strings
//	frame:  TYPE (1 byte) LENGTH (4 bytes, big-endian, at most 65536) PAYLOAD
//	client: I <bytes>   standard input, in order
//	        Z           standard input ended (sent even when there is none)
//	server: O <bytes>   standard output
//	        E <bytes>   standard error
//	        X <status>  the exit status (one byte: 0 ok, 1 failed, 2 usage); the last frame
//
// The request line is at most 64 KiB, with 1 to 256 words of UTF-8 text
// without NUL or line breaks; the server waits 10 s for it. Output and
// input stream both ways at once (an import reads its file while it
// reports bad lines); a client that takes no output for 2 minutes is
// dropped. A client that goes away (its connection ends) ends the command
// (its context). At most MaxConns commands run at once.
//
// The line comes first: the server and each command run in their own
// goroutines, never the call loop's; the commands keep the console's rules
// (they read the store as the console does, never hold a transaction while
// writing to a slow client).
//
// Imports: the standard library only.
package control
