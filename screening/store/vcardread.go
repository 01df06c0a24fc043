package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// vcardReader reads vCard 2.1, 3.0 and 4.0 contacts line by line: folded
// lines (a line starting with a blank continues the one before), 2.1's
// quoted-printable values with their soft line breaks, CHARSET parameters,
// item groups ("item1.TEL"), and tel: URIs. It keeps what an import needs:
// every TEL, the name (FN, else N, else ORG) and the NOTEs. A card without
// END is ended by the next BEGIN or the end of the file; text outside
// cards is reported.
type vcardReader struct {
	br    *bufio.Reader
	nread int
	back  []qline // physical lines given back, the last one first
	eof   error
	buf   []byte
}

type vcard struct {
	line    int // of BEGIN:VCARD
	version string
	fn, n   string
	org     string
	notes   []string
	tels    []vtel
	faxes   int // fax and pager numbers left out
}

type vtel struct {
	line  int
	value string
}

func newVCardReader(br *bufio.Reader) *vcardReader { return &vcardReader{br: br} }

// physical returns the next physical line (without its end), owned by the caller.
func (v *vcardReader) physical() ([]byte, int, bool, error) {
	if n := len(v.back); n > 0 {
		l := v.back[n-1]
		v.back = v.back[:n-1]
		return l.text, l.num, true, nil
	}
	if v.eof != nil {
		return nil, 0, false, nil
	}
	var line []byte
	for {
		part, err := v.br.ReadSlice('\n')
		if len(line)+len(part) <= maxLineBytes {
			line = append(line, part...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			v.eof = err
			if err != io.EOF {
				return nil, 0, false, fmt.Errorf("store: import: %w", err)
			}
			if len(line) == 0 {
				return nil, 0, false, nil
			}
		}
		break
	}
	v.nread++
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, v.nread, true, nil
}

func (v *vcardReader) unread(line []byte, num int) {
	v.back = append(v.back, qline{num: num, text: line})
}

// logical returns the next unfolded property line and its first line number.
func (v *vcardReader) logical(version string) ([]byte, int, bool, error) {
	line, num, ok, err := v.physical()
	if !ok || err != nil {
		return nil, 0, ok, err
	}
	v.buf = append(v.buf[:0], line...)
	qp := isQuotedPrintable(v.buf)
	for {
		if qp && bytes.HasSuffix(v.buf, []byte("=")) { // soft line break
			l, _, ok, err := v.physical()
			if err != nil {
				return nil, 0, false, err
			}
			if !ok {
				break
			}
			v.buf = append(v.buf[:len(v.buf)-1], l...)
			continue
		}
		l, n, ok, err := v.physical()
		if err != nil {
			return nil, 0, false, err
		}
		if !ok {
			break
		}
		if len(l) == 0 || (l[0] != ' ' && l[0] != '\t') {
			v.unread(l, n)
			break
		}
		if version != "2.1" { // 3.0 and 4.0 drop the blank; 2.1 keeps it
			l = l[1:]
		}
		if len(v.buf)+len(l) <= maxLineBytes { // a photo may go on for megabytes
			v.buf = append(v.buf, l...)
		}
	}
	return v.buf, num, true, nil
}

// isQuotedPrintable reports whether a property line's parameters say
// ENCODING=QUOTED-PRINTABLE (or 2.1's bare QUOTED-PRINTABLE).
func isQuotedPrintable(line []byte) bool {
	name, _, ok := cutProperty(line)
	return ok && bytes.Contains(bytes.ToUpper(name), []byte("QUOTED-PRINTABLE"))
}

// cutProperty splits "group.NAME;PARAMS:value" at the first colon outside
// double quotes.
func cutProperty(line []byte) (head, value []byte, ok bool) {
	quoted := false
	for i, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == ':' && !quoted:
			return line[:i], line[i+1:], true
		}
	}
	return nil, nil, false
}

var errOutside = errors.New("not part of a vCard (BEGIN:VCARD ... END:VCARD)")

// read returns the next card. Text outside cards comes back as an
// *ImportError for its first line; the next call goes on after it. It
// returns io.EOF at the end.
func (v *vcardReader) read() (*vcard, error) {
	var c *vcard
	badAt := 0 // first line of text outside cards
	for {
		version := ""
		if c != nil {
			version = c.version
		}
		line, num, ok, err := v.logical(version)
		if err != nil {
			return nil, err
		}
		if !ok {
			if c != nil {
				return c, nil
			}
			if badAt > 0 {
				return nil, &ImportError{Line: badAt, Err: errOutside}
			}
			return nil, io.EOF
		}
		head, value, isProp := cutProperty(line)
		name, params := propName(head)
		switch {
		case isProp && name == "BEGIN" && strings.EqualFold(strings.TrimSpace(string(value)), "VCARD"):
			if badAt > 0 || c != nil { // report the text, or end the card that had no END, first
				v.unread(append([]byte(nil), line...), num)
				if badAt > 0 {
					return nil, &ImportError{Line: badAt, Err: errOutside}
				}
				return c, nil
			}
			c = &vcard{line: num}
		case c == nil:
			if badAt == 0 && len(bytes.TrimSpace(line)) > 0 {
				badAt = num
			}
		case !isProp:
			// not a property: nothing an import could use (2.1 photo data)
		case name == "END":
			return c, nil
		default:
			c.add(name, params, value, num)
		}
	}
}

// propName returns a property's upper-case name without its group, and
// its parameters.
func propName(head []byte) (string, []string) {
	parts := strings.Split(string(head), ";")
	name := strings.ToUpper(strings.TrimSpace(parts[0]))
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name, parts[1:]
}

func (c *vcard) add(name string, params []string, raw []byte, line int) {
	switch name {
	case "VERSION":
		c.version = strings.TrimSpace(string(raw))
	case "FN":
		if c.fn == "" {
			c.fn = unescapeText(decodeValue(params, raw))
		}
	case "N":
		if c.n == "" {
			c.n = structuredName(decodeValue(params, raw))
		}
	case "ORG":
		if c.org == "" {
			org, _, _ := strings.Cut(decodeValue(params, raw), ";") // the organisation, not its units
			c.org = unescapeText(org)
		}
	case "NOTE":
		if n := strings.TrimSpace(unescapeText(decodeValue(params, raw))); n != "" {
			c.notes = append(c.notes, n)
		}
	case "TEL":
		if faxOrPager(params) {
			c.faxes++ // as in CSV: a fax or a pager does not call
			return
		}
		t := strings.TrimSpace(decodeValue(params, raw))
		if len(t) >= 4 && strings.EqualFold(t[:4], "tel:") { // 4.0: tel:+1-555-555-0100;ext=5
			t = t[4:]
			if i := strings.IndexByte(t, ';'); i >= 0 {
				t = t[:i]
			}
		}
		c.tels = append(c.tels, vtel{line: line, value: t})
	}
}

// name is FN, else N, else ORG.
func (c *vcard) name() string {
	switch {
	case strings.TrimSpace(c.fn) != "":
		return c.fn
	case c.n != "":
		return c.n
	}
	return c.org
}

// decodeValue undoes quoted-printable and a CHARSET parameter.
func decodeValue(params []string, raw []byte) string {
	charset := ""
	for _, p := range params {
		k, val, ok := strings.Cut(p, "=")
		switch {
		case ok && strings.EqualFold(strings.TrimSpace(k), "CHARSET"):
			charset = strings.ToUpper(strings.Trim(strings.TrimSpace(val), `"`))
		case strings.EqualFold(strings.TrimSpace(p), "QUOTED-PRINTABLE"),
			ok && strings.EqualFold(strings.TrimSpace(k), "ENCODING") && strings.EqualFold(strings.TrimSpace(val), "QUOTED-PRINTABLE"):
			raw = decodeQP(raw)
		}
	}
	switch charset {
	case "ISO-8859-1", "LATIN1", "ISO8859-1", "WINDOWS-1252", "CP1252":
		return string(appendCP1252(nil, raw))
	}
	return string(appendText(nil, raw))
}

// decodeQP decodes quoted-printable (=XX); a malformed escape is kept as is.
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '=' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// unescapeText undoes vCard text escapes: \n, \, \; \\.
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// structuredName turns N (family;given;additional;prefix;suffix) into
// "given additional family".
func structuredName(s string) string {
	var comp []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ';':
			comp = append(comp, unescapeText(s[start:i]))
			start = i + 1
		}
	}
	comp = append(comp, unescapeText(s[min(start, len(s)):]))
	for len(comp) < 3 {
		comp = append(comp, "")
	}
	var parts []string
	for _, p := range []string{comp[1], comp[2], comp[0]} {
		if p = strings.TrimSpace(strings.ReplaceAll(p, ",", " ")); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// faxOrPager reports whether TEL parameters (2.1's "FAX", 3.0's
// "TYPE=WORK,FAX", 4.0's TYPE="fax") name a fax or a pager and no voice or
// cell type.
func faxOrPager(params []string) bool {
	fax, voice := false, false
	for _, p := range params {
		if k, v, ok := strings.Cut(p, "="); ok {
			if !strings.EqualFold(strings.TrimSpace(k), "TYPE") {
				continue
			}
			p = v
		}
		for _, t := range strings.Split(strings.Trim(strings.ToUpper(p), `" `), ",") {
			switch strings.TrimSpace(t) {
			case "FAX", "PAGER":
				fax = true
			case "VOICE", "CELL", "MOBILE":
				voice = true
			}
		}
	}
	return fax && !voice
}
