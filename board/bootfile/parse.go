package bootfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"secretary/screening"
)

// Limits: a settings file is a few hundred bytes; anything much larger is
// not one (a wrong file copied over it) and is read only in part.
const (
	MaxSize     = 64 << 10 // bytes read
	MaxLine     = 1024     // bytes per line
	MaxProblems = 20       // problems listed; the rest are counted
)

// Setting is one accepted line.
type Setting struct {
	Key   string // a name from Keys()
	Value string // normalised by Check
	Line  int    // 1-based
}

// Problem is one line the box could not use.
type Problem struct {
	Line int    // 1-based; 0 for the file as a whole
	Key  string // "" when the line has no recognisable key
	Msg  string // one plain sentence
}

func (p Problem) String() string {
	where := "secretary.txt"
	if p.Line > 0 {
		where = fmt.Sprintf("secretary.txt line %d", p.Line)
	}
	return where + ": " + p.Msg
}

// Result is what Parse found. Settings holds the last value of each key,
// in the order of Keys().
type Result struct {
	Settings []Setting
	Problems []Problem
	// More counts problems left out of Problems (beyond MaxProblems).
	More int
}

// Value returns the value of key, if the file set it.
func (r Result) Value(key string) (string, bool) {
	for _, s := range r.Settings {
		if s.Key == key {
			return s.Value, true
		}
	}
	return "", false
}

func (r *Result) problem(line int, key, format string, args ...any) {
	if len(r.Problems) >= MaxProblems {
		r.More++
		return
	}
	r.Problems = append(r.Problems, Problem{Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// Parse reads a settings file. Each value is checked by the settings
// table as the store will check it: applied, in the table's order, onto
// base (the box's settings now; screening.DefaultSettings() for a box
// without a store). It never fails: what it cannot use is in Problems,
// one per line, and every good line still counts.
func Parse(data []byte, base screening.Settings) Result {
	var r Result
	if len(data) > MaxSize {
		r.problem(0, "", "the file is larger than %d KiB, so it is not a settings file; only its start was read", MaxSize>>10)
		data = data[:MaxSize]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = fromUTF16(data)
	found := map[string]Setting{}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		line := string(bytes.TrimRight(raw, "\r"))
		if len(line) > MaxLine {
			r.problem(n, "", "the line is longer than %d characters", MaxLine)
			continue
		}
		if !utf8.ValidString(line) || strings.ContainsRune(line, 0) {
			r.problem(n, "", "the line is not plain text (not UTF-8); save the file as UTF-8 or ASCII")
			continue
		}
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			r.problem(n, "", "%q is not a key = value line", clip(line))
			continue
		}
		key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(k)), "_", "-")
		if !known(key) {
			r.problem(n, "", "unknown key %q (known: %s)", clip(strings.TrimSpace(k)), names())
			continue
		}
		v, err := value(v)
		if err != nil {
			r.problem(n, key, "%s: %s", key, err.Error())
			continue
		}
		if prev, dup := found[key]; dup {
			r.problem(n, key, "%s is set again (first on line %d); the later one counts", key, prev.Line)
		}
		found[key] = Setting{Key: key, Value: v, Line: n}
	}
	s := base
	if _, c := found["country"]; c {
		if _, a := found["area-code"]; a {
			_ = s.Set("area-code", "") // a new pair: the old area code may not fit the new country
		}
	}
	for _, f := range fileKeys {
		set, ok := found[f.name]
		if !ok {
			continue
		}
		if err := s.Set(set.Key, set.Value); err != nil {
			shown := fmt.Sprintf("%q", clip(set.Value))
			if k, _ := screening.LookupSetting(set.Key); k.Secret {
				shown = "(hidden)"
			}
			r.problem(set.Line, set.Key, "%s %s: %s; this line was ignored", set.Key, shown, reason(err, set.Key, set.Value))
			continue
		}
		set.Value, _ = s.Get(set.Key)
		r.Settings = append(r.Settings, set)
	}
	return r
}

// reason is the settings table's explanation, without the prefix that
// repeats the key and value.
func reason(err error, key, value string) string {
	msg := err.Error()
	for _, prefix := range []string{fmt.Sprintf("%s=%q: ", key, value), key + "=(hidden): "} {
		if _, after, ok := strings.Cut(msg, prefix); ok {
			return after
		}
	}
	return msg
}

// fromUTF16 converts a file saved as UTF-16 with a byte-order mark
// (Windows Notepad's "Unicode") to UTF-8; other data is returned as is.
func fromUTF16(b []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return b
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, order.Uint16(b[i:]))
	}
	return []byte(string(utf16.Decode(u)))
}

// value unquotes a value and drops a trailing " # comment".
func value(v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		end := strings.IndexByte(v[1:], v[0])
		if end < 0 {
			return "", fmt.Errorf("the quote is not closed")
		}
		rest := strings.TrimSpace(v[end+2:])
		if rest != "" && rest[0] != '#' {
			return "", fmt.Errorf("text after the closing quote")
		}
		v = v[1 : end+1]
	} else if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	} else if i := strings.Index(v, "\t#"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	for _, c := range v {
		if unicode.IsControl(c) || (unicode.Is(unicode.Cf, c)) {
			return "", fmt.Errorf("the value holds control or invisible characters")
		}
	}
	return v, nil
}

// clip keeps text from the file short and printable in a message.
func clip(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "..."
	}
	return s
}

// Template is the file the image ships with: every key documented and
// commented out, so the box uses its defaults until the installer
// uncomments a line.
func Template() string {
	var b strings.Builder
	b.WriteString(`# secretary.txt: installer settings of the automated-secretary box.
#
# The box reads this file from the SD card's boot partition each time it
# starts. Edit it on any computer: one "key = value" per line; a line that
# starts with # is a comment. Remove the # in front of a line to use it.
# A value the box cannot use is reported on the console (and by "status")
# and ignored; it never stops the box from starting.
#
# The values are copied into the box's settings when this file changes;
# after that the owner may change them on the console ("set KEY VALUE",
# e.g. "set console-speed 9600"), and the box keeps the owner's change
# until this file is edited again. Hardware keys take effect at the next
# start. Putting the # back does not undo a value: write the default.
`)
	for _, k := range Keys() {
		fmt.Fprintf(&b, "\n%s# %s = %s\n", comment(k.Help), k.Name, k.Example)
	}
	return b.String()
}

// comment wraps text into "# " lines of at most 76 columns.
func comment(text string) string {
	var b strings.Builder
	line := "#"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 76 {
			b.WriteString(line + "\n")
			line = "#"
		}
		line += " " + w
	}
	return b.String() + line + "\n"
}
