// Package call is the pure call state machine of the appliance:
//
//	Next(State, Event) (State, []Action)
//
// It has no goroutines, timers or I/O. The runtime (package firmware) turns
// line, handset and timer happenings into Events, feeds them to Next and
// executes the returned Actions in order: it arms timers (ActTimer) and
// reports their expiry as EvTimer, runs one line operation and one handset
// operation at a time and reports their completion as EvLineDone and
// EvHandsetDone. A cancelled operation (ActCancelLine, ActCancelHandset)
// reports nothing. Randomness (the challenge digit) arrives in events too,
// so every path is reproducible from its event list.
//
// Every incoming call ends with exactly one ActLog, whatever happens.
//
// Imports: the standard library and screening (domain types) only.
package call
