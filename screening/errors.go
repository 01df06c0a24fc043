package screening

import "errors"

// Sentinel errors of the screening package.
var (
	// ErrSyntax is wrapped by rule, match and setting parse errors.
	ErrSyntax = errors.New("screening: syntax error")
	// ErrUnknownSetting is returned for a setting key nobody knows.
	ErrUnknownSetting = errors.New("screening: unknown setting")
	// ErrFull is returned when a table has no room left (the menu's nine people).
	ErrFull = errors.New("screening: full")
)
