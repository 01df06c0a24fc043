// Package timekeep keeps the box's time without a battery clock and, often,
// without a network. A Raspberry Pi boots at 1970 (or at the image's build
// time); log times, schedules and do-not-disturb windows need the real one.
//
// Where the time comes from, in order of trust:
//   - the network: an NTP client keeps the computer's clock. Seen through
//     hal.SystemClock.Sync: a clock an NTP daemon disciplines (adjtimex),
//     or another program setting the clock while the computer has a network
//     address (gokrazy's client steps the clock once an hour with
//     settimeofday, which leaves the clock marked unsynchronised). The
//     keeper then never moves the clock, and caller ID is not used while
//     the last sign of it is under NetworkFresh old. Another program
//     setting the clock back behind the last known time is undone when
//     there is no network, or when the keeper's first look finds it (on a
//     network without internet the computer has an address all the same):
//     gokrazy's NTP client sets the time of its last clean shutdown when
//     it starts, which power cuts leave old. Run looks FirstCheck after
//     its start, then every CheckEvery.
//   - the owner: "time set" on the console. Caller ID does not move it
//     until the next start.
//   - caller ID: the date (MMDD) and time (HHMM) the exchange sends with a
//     call, read in the box's zone, the year taken from the last known
//     time (CallerTime, which handles December/January). It has minutes
//     only, so the clock moves only when it is off by more than a minute,
//     and only when two calls agree: one bad or spoofed caller ID moves
//     nothing. No step goes more than a day back or a year ahead of the
//     last known time, and once the clock was confirmed since the start
//     no step exceeds MaxDrift (see Keeper.callerID for the rules).
//   - the time saved before the last stop: SavedName in the data
//     directory, written atomically every SaveEvery (10 minutes) and when
//     Run ends (the box stops), never on the call loop's path. At start a
//     clock behind it is stepped forward to it (a power cut costs at most
//     the minutes since the last save plus the time the box was off).
//   - the system clock as it was.
//
// The keeper also holds the box's time zone (SetZone, a tz database name
// applied at once; the binary embeds the tz database). Now is the clock in
// that zone, for the console, the log and the schedules.
//
// Goroutines: Run is the keeper's own (saves, watches, acts on caller ID
// times); CallerTime is called from the call loop and never waits;
// SetByOwner, SetZone and State from the console. A mutex guards the
// state; System.Set is called under it, so steps never interleave.
//
// Imports: hal (the SystemClock interface), clockwork and the standard
// library.
package timekeep
