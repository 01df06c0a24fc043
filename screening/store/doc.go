// Package store keeps the box's data in one bbolt file: the allow/block
// lists and other rules, schedules, settings, the call log and voicemail
// metadata. bbolt stays inside: callers use View(func(ReadTx) error) and
// Update(func(WriteTx) error) over domain types, or the convenience methods
// on Store; no *bbolt.Tx escapes.
//
// # Layout
//
//	meta      "schema" -> uint32 schema version; "count.<action>" -> uint64 list sizes
//	numbers   exact-number rules (the lists), chunked: key = 8-byte big-endian
//	          (E.164 as integer) >> 16; value = sorted table of the low 16 bits and
//	          compact entries (action, treatment, optional name, note, expiry,
//	          schedule, created). A lookup is one Get and a binary search.
//	rules     pattern, name and class rules, key = canonical match text, JSON value
//	windows   named weekly windows, key = name, value = window text
//	settings  key -> value text (screening.LoadSettings reads it; a key's
//	          older name, e.g. fw.ring-gap, is read as the current one and
//	          removed when the setting is next changed)
//	log       call log, key = 8-byte time + 8-byte sequence, JSON value; newest
//	          first listing walks backwards; retention keeps log-max records
//	messages  voicemail metadata, key = message ID, JSON value
//
// Chunking packs numbers close in value into one key: a 1,000,000-number list
// takes a few bytes per number instead of bbolt's 16-byte element header plus
// key per number, and an import rewrites each touched chunk once per batch
// in key order.
//
// # Schema
//
// A new file is created at SchemaVersion. A file with a newer version is
// refused with a *SchemaError (errors.Is ErrSchemaNewer) and never rewritten.
//
// # Imports
//
// CSV (header number,name,note; other columns ignored) and vCard files are
// streamed and committed in batches; the progress callback runs after each
// batch is committed and synced, so a batch reported done survives a crash.
//
// Imports: the standard library, bbolt, go-vcard and screening packages.
package store
