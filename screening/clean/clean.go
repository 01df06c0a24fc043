package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// NameMax is the longest caller or contact name kept, in characters.
	NameMax = 50
	// NoteMax is the longest note kept, in characters.
	NoteMax = 200
	// MaxMarks is how many combining marks one character may carry.
	MaxMarks = 2
)

// Name cleans a caller or contact name and caps it at NameMax characters.
func Name(s string) string { return Text(s, NameMax) }

// Note cleans a free-text note and caps it at NoteMax characters.
func Note(s string) string { return Text(s, NoteMax) }

// Text cleans s (see the package comment) and caps it at max characters
// (max <= 0: no cap). The result is valid UTF-8 and safe on a terminal.
func Text(s string, max int) string {
	if plain(s, max) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*max+4))
	n, marks, space := 0, 0, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x1b { // ESC: drop the whole sequence it starts
			i += escapeLen(s[i:])
			continue
		}
		if r == 0x9b { // C1 CSI
			i += size + csiLen(s[i+size:])
			continue
		}
		i += size
		switch {
		case r == utf8.RuneError && size <= 1, drop(r):
			continue
		case unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			space = n > 0 // leading space goes
			continue
		case unicode.In(r, unicode.Mn, unicode.Me):
			if n == 0 || marks >= MaxMarks || space {
				continue // a mark needs a base character right before it
			}
			marks++
			b.WriteRune(r)
			continue
		}
		if max > 0 && n >= max {
			break
		}
		if space {
			if max > 0 && n+1 >= max {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
		marks = 0
	}
	return b.String()
}

// plain reports whether s is printable ASCII without double, leading or
// trailing spaces and within max: the common case, returned as is.
func plain(s string, max int) bool {
	if max > 0 && len(s) > max {
		return false
	}
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == ' ' && i > 0 && s[i-1] == ' ' {
			return false
		}
	}
	return true
}

// drop reports characters that never survive: controls (C0, C1, DEL),
// format characters (Cf: bidi controls, zero-width characters, BOM, soft
// hyphen, tags), line and paragraph separators, surrogates, private use,
// non-characters and the replacement character.
func drop(r rune) bool {
	switch {
	case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r >= 0x7f && r < 0xa0:
		return true
	case r == utf8.RuneError, r == 0x2028, r == 0x2029:
		return true
	case r&0xfffe == 0xfffe, r >= 0xfdd0 && r <= 0xfdef: // non-characters
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs)
}

// escapeLen is the length of the escape sequence at the start of s (which
// begins with ESC): CSI "ESC [ params final", OSC/DCS/PM/APC strings up to
// BEL or ESC \, or ESC and one more character.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiLen(s[2:])
	case ']', 'P', '^', '_', 'X':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	if s[1] < 0x20 || s[1] >= 0x7f {
		return 1 // a lone ESC; the next byte is judged on its own
	}
	return 2
}

// csiLen is the length of CSI parameters and the final byte (0x40-0x7e);
// parameter and intermediate bytes are 0x20-0x3f.
func csiLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x40 && c <= 0x7e {
			return i + 1
		}
		if c < 0x20 || c > 0x3f {
			return i // not a CSI byte: the sequence ends unterminated here
		}
	}
	return len(s)
}
