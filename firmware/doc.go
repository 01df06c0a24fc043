// Package firmware is the appliance runtime: Appliance.Run(ctx) wires the
// board's devices (hal.Devices) to the screening engine and executes the
// actions of the pure call state machine (firmware/call). Sub-packages hold
// the console, the voicemail store and the default prompts.
//
// # Goroutines and who owns what
//
// The call loop (Run's goroutine, run.go) alone runs the machine and owns
// its state, the runner and everything a field comment does not give to
// someone else. It waits, in one select, on:
//   - the devices' event channels, read directly: Line.Events(),
//     Handset.Events(), Button.Events() (mapped in events.go);
//   - results, a channel (128) of its helpers' reports;
//   - the watchdog ticker: the watchdog is fed only here, so it starves
//     when the loop stops turning;
//   - the data-health poll (Config.DataPoll, 1 s), see "Degraded mode";
//   - Config.Hang, a test hook that makes the loop stop turning (only the
//     hang test sets it);
//   - ctx.
//
// Helper goroutines exist only for what blocks; each sends its outcome on
// results and ends (workers.go), and Run waits for all of them:
//   - one line operation at a time (lineops.go: answer, play, tone, record,
//     hang up), reporting EvLineDone (and EvCallerGone when the caller hung
//     up); the recordings it makes are kept under their own lock
//     (recording.go), the only state a helper shares with the loop;
//   - one handset operation at a time (handset.go: ring, play, play a
//     message), reporting EvHandsetDone;
//   - the voicemail save (recording.go), reporting EvSaved;
//   - timer expiries (timers.go), which run in the clock's goroutine and
//     report EvTimer.
//
// Operations and timer armings are numbered; a result whose number is not
// the current one (cancelled, replaced) is dropped by the loop, so a
// cancelled operation reports nothing. Cancelling waits for the helper.
//
// The store writer (storewriter.go) is one goroutine with a bounded queue
// (Config.StoreQueue, 64): call-log records and list additions (the
// owner's keys, the button) go through it, in order, so the loop never
// waits on the disk; a write that finds the queue full is dropped, counted
// (Status.StoreDropped) and logged. OnLog runs there, after each record's
// write. At the end of Run it is given up to 5 s to write what is queued.
//
// Messages go on to the owner (e-mail, push) from firmware/delivery's own
// goroutine, which the composition root starts beside Run: the mailbox
// the firmware is given hands each saved message over with a Poke that
// never blocks, and nothing on the call loop waits for the network.
//
// The decision (ActDecide) is taken on the loop: the engine reads an
// in-memory policy and one bbolt lookup. OnPhase, OnNotice (each step of
// the machine and each press of the button, typed: notice.go) and Trace
// are called on the loop and must not block. The Appliance's mutex guards Status and the
// running runner (read by PlayMessage and Status from other goroutines);
// PlayMessage reaches the loop through results.
//
// The relay is released (pass-through) on every way out of Run, including
// a panic in the call loop, before anything else is waited for.
//
// Time: the loop hands each call's caller-ID date and time, with the clock
// when it came, to Config.CallerTime once the call is logged (the clock
// keeper, firmware/timekeep, which never makes it wait), and
// the decider gets the time in Config.Zone, so a new time zone applies
// from the next call.
//
// The owner's settings reach the call machine in one place, CallConfig,
// which the loop calls when a call starts (with the board's capabilities),
// so a change applies from the next call.
//
// The switchboard (switchboard.go): the people (Config.People) join the
// machine's configuration when a call starts; the line's hook flash and
// dial run as line operations; a person's name recorded from the handset
// is kept through the prompts (ClipSaver); a person's name clip with no
// recording is said as "extension" and their menu key.
//
// # Degraded mode
//
// Config.DataHealth says what the box can do with its data (the store);
// the loop asks at start and every second, so damage found while the box
// runs is shown within a second of the store finding it. Anything but
// DataOK is degraded mode: the LED shows the fault pattern, Status.Data
// holds the state and the owner's sentence, OnData is told of each change
// (the console's notice), and nothing is offered that would have to be
// kept (the mailbox counts as full: a call for voicemail rings through).
// DataUnavailable (damaged, missing, unreadable): every call rings
// through, decided by the loop itself as "degraded mode" without asking
// the decider. DataReadOnly: calls are screened with the lists as they
// can be read; the call log and list changes are not kept. Degraded mode
// ends when DataHealth says DataOK again, however that came about (a
// restore, a reset), without a restart.
//
// # The line at start
//
// On a board with a line (hal.CapLine), a line that can say whether its
// device is up (hal.LineState, the supervised modem) and is not up when
// Run starts is treated as down: the relay gives the line to the phone,
// Status.LineUp is false with LineWhy = LineWaiting, until the line
// reports LineUp.
//
// Imports: hal, hal/dsp (tone definitions, the voice detector), hal/audio,
// firmware/call, screening (types and settings) and screening/number (dial
// strings); never board/ or a
// concrete driver (hal/modem, hal/gpio, hal/serialport).
package firmware
