// Package delivery gets each voicemail message to the owner the way the
// settings say (screening.DeliverySettings): an e-mail with the recording
// attached as a WAV file and the envelope (time, caller, call-back number,
// urgent, length) in the body, sent through the owner's mail server
// (github.com/wneessen/go-mail: STARTTLS or implicit TLS, SMTP
// authentication), and/or the envelope as JSON posted to a URL (ntfy,
// Gotify or any webhook). Both are off by default.
//
// # The queue
//
// Deliveries are a persistent queue in the store: one screening.Delivery
// per message (keyed by the message ID, removed with the message), with a
// route per channel that was on when the message was taken. Each pass of
// the loop first gives every message without a delivery one (so a message
// saved just before a crash is still sent after the restart), then tries
// every route that is due, oldest message first, and writes the outcome
// before the next attempt. The first pass after the box starts takes every
// waiting route as due: the box may have been off longer than the wait,
// and the network is often what was fixed (one try a channel: the first
// that fails holds the others, and the waits go on growing). A message is delivered at least once: a crash
// between the server's acceptance and that write sends it again at the
// next start (the e-mail keeps its Message-ID, so mail programs show one).
//
// What a failed attempt leads to:
//   - the server or network is down, slow, or says "try later" (SMTP 4xx,
//     HTTP 408, 429, 5xx): the route waits, 30 s after the first failure,
//     doubling to at most 1 h (with up to a quarter less at random), for as
//     long as it takes: the box may be offline for days. When one message
//     gets through, the others waiting on that channel go at once; while a
//     channel fails, the others wait with it instead of each trying.
//   - the failure needs the owner (the password or token refused, the
//     server's certificate not trusted): shown at once on the console and
//     in status, and retried the same way, at most 5 times; then failed.
//   - the server refuses the message for good (SMTP 5xx, HTTP 4xx other than
//     401, 403, 408, 429, a redirect, settings that cannot work): failed at
//     once, shown on the console and in status.
//
// A failed route is never dropped: when the owner changes a setting of its
// channel (a new password, a corrected address) it is tried again at once,
// like one waiting on the owner. Turning a channel off cancels what still
// waits on it; messages taken while delivery was off are never sent.
//
// # Goroutines
//
// Run is one goroutine, started by the composition root beside the call
// loop and never waited on by it. The firmware hands over a saved message
// with Poke, which never blocks (a one-slot channel: several pokes while a
// pass runs make one more pass). Settings changes also Poke. Between passes
// the loop sleeps until the next route is due (the injected clock's timer),
// a Poke, or the end of ctx; with nothing waiting it sets no timer at all.
// Status is read from any goroutine (a mutex guards it); Notify is called
// from the loop and must not block.
//
// Passwords and tokens go to the server and nowhere else: they are never
// logged, never in a route's Error, and the console shows them as (hidden).
//
// Imports: screening (types, settings), hal/audio (WAV), clockwork, go-mail
// and the standard library; never the store, board or a driver (the store
// and the mailbox come in as interfaces).
package delivery
