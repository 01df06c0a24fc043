//go:build !linux

package sysclock

import (
	"time"

	"secretary/hal"
)

var _ hal.SystemClock = (*Clock)(nil)

// Clock is the computer's clock; only Linux has one here.
type Clock struct{}

// Open returns hal.ErrNotSupported outside Linux.
func Open() (*Clock, error) { return nil, hal.ErrNotSupported }

// Set returns hal.ErrNotSupported.
func (*Clock) Set(time.Time) error { return hal.ErrNotSupported }

// Sync returns hal.ErrNotSupported.
func (*Clock) Sync() (hal.ClockSync, error) { return hal.ClockSync{}, hal.ErrNotSupported }

// Close does nothing.
func (*Clock) Close() error { return nil }
