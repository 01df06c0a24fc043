package control

import "errors"

// Sentinel errors of the control socket.
var (
	// ErrNotRunning: no firmware answers on the data directory's socket
	// (none there, or one left by a firmware that stopped).
	ErrNotRunning = errors.New("control: the box is not running")
	// ErrRequest: a request line that is not one.
	ErrRequest = errors.New("control: bad request")
	// ErrProtocol: the other side broke the framing.
	ErrProtocol = errors.New("control: protocol error")
	// ErrGone: the connection ended before the exit status (the box
	// stopped while answering).
	ErrGone = errors.New("control: the box stopped answering")
	// ErrInUse: another firmware answers on the socket (Listen).
	ErrInUse = errors.New("control: another firmware serves this data directory")
)
