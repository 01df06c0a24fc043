// Package store keeps the box's data in one bbolt file: the allow/block
// lists and other rules, schedules, settings, the call log and voicemail
// metadata. bbolt stays inside: callers use View(func(ReadTx) error) and
// Update(func(WriteTx) error) over domain types, or the convenience methods
// on Store; no *bbolt.Tx escapes.
//
// # Layout
//
//	meta      "schema" -> uint32 schema version; "count.<action>" -> uint64 list sizes
//	numbers.N exact-number rules (the lists; meta "numbers" names the current
//	          N, 0 or 1), chunked: key = 8-byte big-endian (E.164 as integer)
//	          >> 18; value = sorted table of the low 18 bits and
//	          compact entries (action, treatment, optional name, note, expiry,
//	          schedule, created). A lookup is one Get and a binary search.
//	rules     pattern, name and class rules, key = canonical match text, JSON value
//	windows   named weekly windows, key = name, value = window text
//	settings  key -> value text (screening.Settings.Set reads it)
//	log       call log, key = 8-byte time + 8-byte sequence, JSON value; newest
//	          first listing walks backwards; retention keeps log-max records
//	messages  voicemail metadata, key = message ID, JSON value
//
// Chunking packs numbers close in value into one key: a 1,000,000-number list
// takes a few bytes per number instead of bbolt's 16-byte element header plus
// key per number.
//
// # Memory
//
// Decisions read an in-memory index of the lists (index.go): per chunk the
// chunk itself when that costs at most twice its compact table, else the
// compact table (per number its low bits and its entry's first byte:
// action, treatment, whether it carries a name, note, expiry or schedule;
// 4 bytes a number). So the index takes at most 8 bytes a number, and an
// entry that a compact table does not hold is read from bbolt when a call
// matches it. Pages of the file
// that a full walk touched through bbolt's mapping (the index load, an
// import, an export) are given back to the kernel after (dropMapped), so a
// large list does not stay in the resident set.
//
// # Schema
//
// A new file is created at SchemaVersion. A file with a newer version is
// refused with a *SchemaError (errors.Is ErrSchemaNewer) and never rewritten.
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
// Imports: the standard library, bbolt and screening packages.
package store
