// Package modem drives a voice modem (Conexant CX93001/CX93010 such as the
// Zoom 3095 and USR5637, Rockwell/Agere fallbacks) over an io.ReadWriter and
// implements hal.Line: rings with count and cadence, caller ID in every
// format modems print (formatted tags, raw SDMF/MDMF hex), DLE line events
// (DTMF, busy, dial tone, silence, fax, loop drop, ...), answer, play and
// record 8 kHz voice, tones, pick-up-and-drop and hang-up.
//
// Shape: New(rw, opts...) does no I/O; Init(ctx) resets and identifies the
// modem. One reader goroutine owns the byte stream and its parser (text
// lines, DLE events, and the DLE-shielded record stream); commands are
// serialised and wait for their final result with a timeout; events are
// queued to Events() by a forwarder goroutine so a slow consumer never
// stalls the reader. The pure parsers (ParseCIDBlock, DecodeCIDMessage,
// DLEDecoder) are exported for tests, fuzzing and the decode tool.
//
// Supervisor wraps a Modem with an opener func and reopens the device with
// backoff when it vanishes or stops answering, emitting hal.LineDown and
// hal.LineUp; it never sees a device path (hal/serialport opens devices).
//
// Imports: the standard library, secretary/hal, github.com/zaf/g711,
// github.com/jonboulle/clockwork. Never go.bug.st/serial, board or firmware.
package modem
