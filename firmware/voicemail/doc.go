// Package voicemail keeps the box's messages: one WAV file per message
// (8 kHz mono u-law, DATA/messages/ID.wav) plus its metadata
// (screening.Message) in the store. Files are written atomically: a
// temporary file in the same directory, fsync, rename, fsync of the
// directory; the metadata is written after the file, so a crash leaves at
// worst an orphan file that Open removes, never a record without audio.
//
// Limits: at most MaxMessages messages, each at most MaxLength long, and
// MinFree bytes left on the disk. A message that does not fit makes room
// by deleting the oldest heard messages, never an unheard one; when only
// unheard messages are left, Save refuses with ErrFull and Full reports
// true before the call is answered, so the firmware does not offer
// voicemail it cannot keep: a call that would go to voicemail rings
// through to the handset instead, and a screened call that nobody picks up
// hears "the mailbox is full" and is hung up on. Expire deletes heard
// messages older than the message-retention setting.
//
// Export writes every message as a WAV file any player opens (16-bit PCM)
// with a JSON index, in one tar archive.
//
// Imports: hal, hal/audio, screening (types), screening/clean and the
// standard library.
package voicemail
