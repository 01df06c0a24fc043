package board

import "errors"

// ErrUnknownBoard is returned by New for a name it does not know or a
// model it cannot detect.
var ErrUnknownBoard = errors.New("board: unknown board")
