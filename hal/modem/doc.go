// Package modem drives a voice modem (Conexant CX93001/CX93010 such as the
// Zoom 3095 and USR5637, Rockwell/Agere fallbacks) over an io.ReadWriter and
// implements hal.Line: rings with count and cadence, caller ID in every
// format modems print (formatted tags, raw SDMF/MDMF hex), DLE line events
// (DTMF, busy, dial tone, silence, fax, loop drop, ...), answer, play and
// record 8 kHz voice, tones, pick-up-and-drop and hang-up, and the phone
// company's call transfer: a hook flash and a dial that follows the call
// progress (transfer.go).
//
// Shape: New(rw, opts...) does no I/O; Init(ctx) resets and identifies the
// modem. Two parts:
//
//   - The command engine (Modem: modem.go, reader.go, command.go, init.go,
//     voice.go) owns the port: the reader goroutine and its parser (text
//     lines, DLE events, the DLE-shielded record stream), serialised
//     writes, one command or voice operation at a time, each command
//     waiting for its final result with a timeout. After an unanswered
//     command the next one is preceded by ATI0, whose information line
//     tells its answer from a late result of the unanswered command.
//   - The call tracker (tracker.go) is pure: lines and times in, events
//     out; no goroutines, I/O, locks or clock. It counts rings per call,
//     assembles and cleans caller ID (screening/clean, the driver's edge
//     for caller-supplied text), reports "no caller ID" at the second
//     ring, marks the first event of each call (hal.LineEvent.NewCall;
//     back-to-back calls within a ring gap are told apart by their caller
//     ID), drops repeats and floods, and turns caller ID heard while the
//     box holds the line into call-waiting caller ID.
//
// Goroutines and queues (one hand-off from the wire to the consumer):
//
//   - reader (Modem.readLoop, one per Modem, started by Init, Events or the
//     first command; waited for by Close): reads the port, parses, feeds
//     the tracker under its lock and pushes the events it returns.
//   - the caller-ID quiet timer (a clock.AfterFunc, armed only while an
//     incomplete caller-ID block waits for more lines): feeds the tracker
//     the time, under the same lock.
//   - the caller of each method (Answer, Play, Record, ...) runs its
//     commands on its own goroutine, serialised by the operation lock.
//   - Supervisor.run (one per Supervisor; waited for by Close): opens the
//     device, runs Init, watches the modem, reopens it with backoff. Its
//     health check is one timer that pings a modem silent for a minute.
//
// Events go into one bounded queue (a buffered channel of 256) that the
// consumer reads directly: the supervisor's, shared by every modem it
// makes, or the modem's own. Pushing never blocks the reader; when the
// consumer falls behind, the oldest event is dropped and counted. An idle
// line wakes nothing in this package except the health check.
//
// Supervisor wraps a Modem with an opener func and reopens the device with
// backoff when it vanishes or stops answering, emitting hal.LineDown and
// hal.LineUp; it never sees a device path (hal/serialport opens devices;
// board/serialmodem joins the two).
//
// The pure parsers (ParseCIDBlock, DecodeCIDMessage, DLEDecoder) are
// exported for tests, fuzzing and the decode tool. modemtest holds the
// modem emulator (on a pty) and a scripted peer (Playback) for tests.
//
// Imports: the standard library, secretary/hal, secretary/screening/clean,
// github.com/zaf/g711, github.com/jonboulle/clockwork. Never
// go.bug.st/serial, board or firmware.
package modem
