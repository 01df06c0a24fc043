// Package sysclock is the computer's wall clock as a hal.SystemClock, on
// Linux: Set steps it with clock_settime (which needs CAP_SYS_TIME; the
// firmware runs as root on the image), Sync asks the kernel whether an NTP
// daemon disciplines it (adjtimex, STA_UNSYNC clear) and whether another
// program set it since the last look (a timerfd armed with
// TFD_TIMER_CANCEL_ON_SET, which the kernel cancels whenever the clock is
// set; how far it moved is the change of wall minus monotonic time), and
// whether the computer has a network address.
//
// An NTP client that steps the clock with settimeofday (gokrazy's, once an
// hour) leaves STA_UNSYNC set: the kernel marks the clock unsynchronised
// on every settimeofday. Such a client is seen only as a program setting
// the clock, which is why Sync reports both.
//
// Elsewhere than Linux Open returns hal.ErrNotSupported.
//
// Imports: hal, golang.org/x/sys/unix and the standard library.
package sysclock
