// Package store keeps the box's data in one bbolt file: the allow/block
// lists and other rules, schedules, settings, the call log and voicemail
// metadata. bbolt stays inside: callers use View(func(ReadTx) error) and
// Update(func(WriteTx) error) over domain types, or the convenience methods
// on Store; no *bbolt.Tx escapes.
//
// # Layout
//
//	meta      "schema" -> uint32 schema version; "count.<action>" -> uint64 list sizes;
//	          "sums.tx" -> the transaction that last updated the sums
//	numbers.N exact-number rules (the lists; meta "numbers" names the current
//	          N, 0 or 1; the other is an import's staging), chunked: key =
//	          8-byte big-endian (E.164 as integer) >> 18; value = sorted table
//	          of the low 18 bits and
//	          compact entries (action, treatment, optional name, note, expiry,
//	          schedule, created). A lookup is one Get and a binary search.
//	sums      chunk key -> CRC-32C of the chunk value (see sums.go)
//	rules     pattern, name and class rules, key = canonical match text, JSON value
//	windows   named weekly windows, key = name, value = window text
//	settings  key -> value text (screening.LoadSettings reads it; a key's
//	          older name, e.g. fw.ring-gap, is read as the current one and
//	          removed when the setting is next changed)
//	log       call log, key = 8-byte time + 8-byte sequence, JSON value; newest
//	          first listing walks backwards; retention keeps log-max records
//	messages  voicemail metadata, key = message ID, JSON value
//	challenge callers who passed the robocall challenge, key = E.164, value =
//	          8-byte Unix nanoseconds of the pass; made by the first pass,
//	          pruned to the challenge-remember setting on every write
//	deliveries how each message goes out to the owner (screening.Delivery),
//	          key = message ID, JSON value; removed with its message; made
//	          by the first PutDelivery (older files have none)
//
// Chunking packs numbers close in value into one key: a 1,000,000-number list
// takes a few bytes per number instead of bbolt's 16-byte element header plus
// key per number.
//
// # Memory
//
// Decisions read an in-memory index of the lists (index.go): per chunk the
// chunk itself when that costs at most twice its compact table (plus 32
// bytes), else the compact table (per number its low bits and its entry's
// first byte: action, treatment, whether it carries a name, note, expiry or
// schedule; 4 bytes a number). So the index takes at most 8 bytes a number
// and 32 a chunk, and an
// entry that a compact table does not hold is read from bbolt when a call
// matches it. Pages of the file
// that a full walk touched through bbolt's mapping (the index load, an
// import, an export) are given back to the kernel after (dropMapped), so a
// large list does not stay in the resident set.
//
// Beside the file (for secretary.db): secretary.db.created, written when the
// store first creates the file; secretary.db.snapshots/, the recent good
// copies; secretary.db.damaged-TIME and secretary.db.old-TIME, files Reset or
// Restore moved aside. The store never deletes those.
//
// # Schema
//
// A new file is created at SchemaVersion. A file with a newer version is
// refused with a *SchemaError (errors.Is ErrSchemaNewer) and never rewritten.
//
// # Damage
//
// bbolt trusts its file: a damaged page makes it panic, sometimes in a
// goroutine of its own that no recover reaches, and a file cut short under
// its memory map raises SIGBUS. So Open checks the whole file first, without
// bbolt and without a memory map (pagewalk.go, verify.go): both header pages,
// every page reachable from the current one (bounds, types, key order, each
// page used once, a stored free list), the schema, the buckets, every number
// chunk against its checksum, and that every rule, window, setting, log
// record, message and delivery decodes. For 1,000,000 numbers and 10,000 log records
// the check takes about 60 ms and the whole Open about 90 ms on the
// development machine (BenchmarkOpenCheck1M); it is linear in the file size.
// A damaged file gives a *DamagedError (errors.Is ErrDamaged) with a plain
// Reason; Sentence(err) is the owner's one line.
//
// While open, reads and writes run with memory faults turned into panics
// (runtime/debug.SetPanicOnFault) and recover panics raised in bbolt or by
// a fault; those, a corrupt record, a file shorter than its pages, and a
// snapshot whose check fails all mark the store damaged: Health reports it,
// every read and write returns it, nothing is written to the file again.
// Number lookups answer from memory, so damage under a running store reaches
// them once something else found it, at the latest at the next watch
// (SnapshotConfig.Watch, 10 s). A panic of the caller's own code inside
// View or Update is not damage and goes on up.
//
// A damaged file is never repaired or written: it stays where it is until
// Reset or Restore renames it aside, bytes unchanged. A database that is
// missing or empty where secretary.db.created or a snapshot shows one
// existed is damage too; a directory with neither is a new box and starts
// with an empty store (built under a temporary name and renamed into place,
// so a crash never leaves an empty file behind).
//
// Both header pages must be sound: bbolt would silently fall back to the
// older one, which may name pages a later commit reused. What is not
// caught: a changed byte inside a rule's note, a log record's name or a
// message's text that still decodes (only the lists carry checksums).
//
// # Degraded mode (for the firmware)
//
// Open with WithDegraded never fails except for ErrLocked; Health says what
// the store can do:
//
//	Healthy      read and write
//	ReadOnly     the data directory or file cannot be written (read-only file
//	             system, wrong owner): opened read-only, lookups and policy
//	             work, writes return the *ReadOnlyError
//	Unavailable  damaged, missing, newer schema or unreadable: every read and
//	             write returns the error (a screening.Engine then passes calls
//	             and says why in the decision); Restore, RestoreSnapshot or
//	             Reset (the owner's "store reset", confirmed) make it Healthy
//
// Generation changes when the condition does, so the engine reads again.
// Health is one atomic load: the firmware may poll it for its LED and status.
//
// # Snapshots: what a damaged file can cost
//
// The store copies itself into secretary.db.snapshots/ (see SnapshotConfig):
// 30 s after the last change, at the latest 10 min after the first change
// not yet copied, never more often than every 5 min (every hour when only
// the call log or messages changed), and at Close when changes wait. A copy
// is bbolt's WriteTo in a read transaction (calls and writers go on; a
// writer that must grow the memory map waits for it), written to a
// temporary file, synced, checked like a file at Open, renamed into place
// and the directory synced; the newest 3 are kept. A copy of 1,000,000
// numbers is about 13 MB and takes about 85 ms. So a damaged file costs the
// changes made since the newest copy: at most about 10 minutes of list
// changes, and at most about an hour of call log.
//
// # Imports
//
// Import reads CSV (comma, semicolon or tab; UTF-8, UTF-16 with a byte order
// mark, or Windows-1252; columns found by their header names or, without
// one, the first column holding numbers) and vCard 2.1, 3.0 and 4.0. A row
// that cannot be read is reported with its line and skipped; reading goes on
// at the next line. Entries are sorted in bounded memory (runs.go, spilling
// to an unlinked temporary file beside the database) and the list is
// rewritten in key order over several transactions into a staging bucket,
// then switched in one commit (numbers.go): an import is all or nothing,
// and number edits made meanwhile are carried over.
//
// Imports: the standard library, bbolt, clockwork and screening packages.
package store
