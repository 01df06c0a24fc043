package board

import "errors"

// ErrUnknownBoard is returned by New for a name it does not know or a
// model it cannot detect.
var ErrUnknownBoard = errors.New("board: unknown board")

// ErrNoModem is why the line of a board without a modem is down.
var ErrNoModem = errors.New("board: this board has no modem")
