package hal

import "time"

// SystemClock is the computer's own wall clock, as the firmware steps it
// and watches who else does. A Raspberry Pi has no battery clock: it boots
// at 1970 (or at the image's build time) until something sets it.
// hal/sysclock implements it on Linux; haltest.SystemClock is a fake whose
// time can be set without privileges (tests, the simulated board).
type SystemClock interface {
	// Set steps the clock to t. On a computer it needs the right to set
	// the time (CAP_SYS_TIME); timers and durations, which run on the
	// monotonic clock, do not move.
	Set(t time.Time) error
	// Sync reports what the computer knows about network time now, and
	// whether another program set the clock since the previous Sync or Set.
	Sync() (ClockSync, error)
}

// ClockSync is what SystemClock.Sync found.
type ClockSync struct {
	// Disciplined: an NTP daemon keeps the clock synchronised (adjtimex
	// reports STA_UNSYNC clear: chrony, ntpd, systemd-timesyncd).
	Disciplined bool
	// SetOutside: another program set the clock since the previous Sync
	// or Set (an NTP client that steps the clock with settimeofday, as
	// gokrazy's does every hour, which leaves STA_UNSYNC set). Step is
	// how far it moved the clock (it may be 0 when it was already right).
	SetOutside bool
	Step       time.Duration
	// Networked: the computer has an address on a network (not loopback,
	// not link-local), so a clock set from outside is the network's.
	Networked bool
}
