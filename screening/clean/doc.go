// Package clean is the one cleaner for text that comes from outside the
// box: caller-ID names and numbers from the modem and the line-audio
// decoders, names and notes in imported contact files, words typed on the
// console. It is applied once, where the text enters, so everything behind
// that edge (the call log, notices, JSON, the handset's display) can trust it.
//
// What it removes: invalid UTF-8, C0 and C1 control characters (with whole
// ANSI escape sequences, so "\x1b[2J" leaves nothing behind), Unicode format
// characters (bidi embeddings, overrides and isolates, zero-width space and
// joiners, word joiner, BOM, soft hyphen, tag characters), line and
// paragraph separators, private-use and non-characters, and the
// replacement character. Runs of white space become one space; leading and
// trailing space goes. A base character keeps at most MaxMarks combining
// marks (a "zalgo" flood cannot hide the text or blow up a display).
// Length is capped in characters (runes): NameMax for names, which is more
// than any caller-ID name (Bellcore allows 15, ETSI 50).
//
// Imports: the standard library only. It is a leaf so that hal drivers,
// screening and firmware can all use the same function.
package clean
