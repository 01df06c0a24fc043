// Package number normalises telephone numbers to E.164 and classifies what
// caller ID delivered.
//
// Normalisation uses the installer's Config: the country calling code (1
// for the North American Numbering Plan), the local area code, and the
// national and international dialling prefixes. Accepted input forms:
//
//	+44 20 7946 0958        international with '+'
//	011 44 20 7946 0958     international with the international prefix (00 outside NANP)
//	(555) 123-4567          NANP 10 digits, punctuation ignored
//	1-555-123-4567          NANP 11 digits with the trunk prefix 1
//	123-4567                NANP 7 digits, the configured area code is added
//
// Punctuation (space, '-', '.', '(', ')', '/') is ignored. Letters, control
// characters, numbers that are too short or too long, NANP area codes or
// exchanges starting with 0 or 1 (so 0000000000) are invalid and the error
// says what is wrong.
//
// An E.164 number fits in a uint64 (at most 15 digits, no leading zero);
// Pack and Unpack convert, which the store uses as a compact sorted key.
//
// Imports: the standard library only.
package number
