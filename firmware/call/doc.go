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
// State holds the box's lasting facts (phase, relay, a phone off-hook on the
// line, the settings) and, embedded, Current: everything about the call in
// progress, which the start of a call and every way back to idle replace
// as a whole. The decider resolves a blocked call's treatment; the machine
// acts on the decision as it is.
//
// Files by phase group: state.go (State, Next and the dispatch), global.go
// (events whatever the phase: line down and up, extensions), idle.go (idle,
// outgoing), pass.go (caller ID, decision, passed calls), block.go,
// screen.go (challenge, name, hold, announcement, the owner's choice),
// voicemail.go (taking a message: name, call-back number, urgent, the
// message), message.go (the owner hears the messages on the handset; what
// is said is in speak.go), lamp.go (the phone's message-waiting lamp and
// the urgent ring, when the box is idle), ending.go (farewell, hang-up,
// connected, failures, the log record), waiting.go (a new call within the
// ring gap of the last, and call waiting), display.go (what the handset's
// caller-ID display shows); the switchboard: menu.go (the callers' menu, a
// person's greeting and announcement), transfer.go (a call for a person
// rung with their cadence, forwarded to their mobile or to their mailbox
// when unanswered), voice.go (recording a person's name from the
// handset); types.go, config.go and switchboard.go hold the vocabulary.
//
// Imports: the standard library, screening (domain types), screening/number
// (reading a keyed call-back number) and hal (its value types, such as
// hal.RelayState; hal holds only standard-library types, so the machine
// stays pure).
package call
