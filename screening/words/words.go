package words

import (
	"errors"
	"strings"
)

// ErrSyntax is matched (errors.Is) by every error of Split.
var ErrSyntax = errors.New("the line cannot be read as words")

// SyntaxError says why a line cannot be split, in words for an owner.
type SyntaxError struct{ Reason string }

func (e *SyntaxError) Error() string { return e.Reason }

// Is makes errors.Is(err, ErrSyntax) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

// Split splits line into words (see the package comment).
func Split(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if isControl(c) {
			return nil, &SyntaxError{"control character in the line"}
		}
		switch {
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\\':
			if i+1 >= len(line) {
				return nil, &SyntaxError{"backslash at the end of the line"}
			}
			i++
			if isControl(line[i]) || line[i] == '\t' {
				return nil, &SyntaxError{"control character in the line"}
			}
			cur.WriteByte(line[i])
			inWord = true
		case quote == '"':
			if c == '"' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' && i > 0 && wordByte(line[i-1]) && i+1 < len(line) && wordByte(line[i+1]):
			cur.WriteByte(c) // an apostrophe inside a word: O'Brien, it's
		case c == '"' || c == '\'':
			quote = c
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words, nil
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, &SyntaxError{"unterminated quote"}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// wordByte is a letter, a digit, or a byte of a UTF-8 sequence (letters
// beyond ASCII), the neighbours that make an apostrophe part of a word.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// isControl is a C0 control other than tab, or DEL.
func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

// Join writes words as one line that Split reads back to the same words:
// a word that is empty or holds a blank, a quote, a backslash or a leading
// # is double-quoted, with " and \ escaped. Words must hold no control
// characters (Split refuses them).
func Join(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if w != "" && !strings.ContainsAny(w, " \t\"'\\") && w[0] != '#' {
			b.WriteString(w)
			continue
		}
		b.WriteByte('"')
		for j := 0; j < len(w); j++ {
			if w[j] == '"' || w[j] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(w[j])
		}
		b.WriteByte('"')
	}
	return b.String()
}
