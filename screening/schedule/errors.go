package schedule

import "errors"

// ErrSyntax is wrapped by every parse error.
var ErrSyntax = errors.New("schedule: syntax error")
