package timekeep

import "errors"

var (
	// ErrCallerTime: the caller ID's date or time is not a real date and
	// time (month 13, 25:00, 30 February, not digits).
	ErrCallerTime = errors.New("timekeep: caller ID date or time is not a date and time")
	// ErrTimeRange: a time the owner gave is before the firmware existed
	// or absurdly far ahead.
	ErrTimeRange = errors.New("timekeep: time out of range")
	// ErrCannotSet: the computer refused to set its clock (the firmware
	// lacks the right to, CAP_SYS_TIME).
	ErrCannotSet = errors.New("timekeep: the clock could not be set")
	// ErrZone: not a time zone of the tz database.
	ErrZone = errors.New("timekeep: unknown time zone")
)
