package console

import (
	"errors"
	"strings"
)

// ErrSyntax is returned by Parse for a line it cannot split.
var ErrSyntax = errors.New("console: syntax error")

// MaxLine is the longest command line accepted.
const MaxLine = 4096

// Parse splits a command line into words. Words are separated by spaces or
// tabs; 'single' and "double" quotes group words (a backslash escapes the
// next character outside single quotes); a # at the start of a word begins
// a comment. Control characters are not allowed.
func Parse(line string) ([]string, error) {
	if len(line) > MaxLine {
		return nil, errors.Join(ErrSyntax, errors.New("line too long"))
	}
	var words []string
	var cur strings.Builder
	inWord := false
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c < 0x20 && c != '\t' || c == 0x7f {
			return nil, errors.Join(ErrSyntax, errors.New("control character in the line"))
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
				return nil, errors.Join(ErrSyntax, errors.New("backslash at the end of the line"))
			}
			i++
			if line[i] < 0x20 || line[i] == 0x7f {
				return nil, errors.Join(ErrSyntax, errors.New("control character in the line"))
			}
			cur.WriteByte(line[i])
			inWord = true
		case quote == '"':
			if c == '"' {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
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
		return nil, errors.Join(ErrSyntax, errors.New("unterminated quote"))
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
