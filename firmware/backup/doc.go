// Package backup owns the box's backup file: one file holding a
// consistent copy of the store and every voicemail message's audio, its
// format, and putting it back.
//
// # The file (format 1)
//
//	SECRETARY BACKUP 1\n                 the format version
//	+manifest manifest.json\n            a section: "+KIND NAME\n", then chunks
//	N\n <N bytes>                        a chunk (1 <= N <= 65536), repeated
//	0\n                                  the section's end
//	+store secretary.db\n ... 0\n         the database (bbolt), as Store.Backup writes it
//	+file messages/ID.wav\n ... 0\n       each message's audio file, as the mailbox keeps it
//	END sha256 HEX\n                     SHA-256 of every byte before this line
//
// The manifest (JSON: Manifest) comes first and names the database's size
// and every file with its size and message; nothing may follow the END
// line. A reader refuses a file whose first line names a newer format
// (*NewerError), whose framing it does not understand, whose sections do
// not agree with the manifest, or whose checksum is wrong (*FileError,
// errors.Is ErrDamaged; the checksum also ErrChecksum). Restore reads the
// whole file into a staging directory before anything is changed, so a
// damaged or cut backup changes nothing.
//
// The text form, for a terminal to capture (the console's backup) and
// paste back (its restore), is the same bytes in base64, 76 characters a
// line, between these lines, with header lines for people before an empty
// line:
//
//	-----BEGIN SECRETARY BACKUP-----
//	Format: 1
//	Created: 2026-11-30T10:15:00Z
//
//	U0VDUkVUQVJZIEJBQ0tVUCAxCit...
//	-----END SECRETARY BACKUP-----
//
// Open reads either form; lines before BEGIN are skipped.
//
// # Consistency while the box runs
//
// Take copies the database in one read transaction (calls and writers go
// on) into an unlinked spool file and opens every message's audio file in
// that transaction; a message deleted meanwhile makes it take the copy
// again. Audio files are never changed once written (the mailbox writes
// them whole, then the metadata), so the open files hold what the copy
// names. The slow part, writing to the caller, happens after the
// transaction.
//
// Imports: screening/store and the standard library.
package backup
