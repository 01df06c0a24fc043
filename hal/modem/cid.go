package modem

import (
	"encoding/hex"
	"strings"

	"secretary/hal"
)

// ParseCIDLine splits a formatted caller-ID line such as "NMBR = 4075551212"
// or "DATE=1203" into its tag and value. Tags: DATE, TIME, NMBR, NAME,
// MESG, DDN_NMBR (also DDN). Spaces around '=' are optional; control bytes
// and DLE pairs must already be stripped.
func ParseCIDLine(line string) (tag, value string, ok bool) {
	i := strings.IndexByte(line, '=')
	if i < 0 {
		return "", "", false
	}
	tag = strings.ToUpper(strings.TrimSpace(line[:i]))
	switch tag {
	case "DATE", "TIME", "NMBR", "NAME", "MESG", "DDN_NMBR", "DDN":
	default:
		return "", "", false
	}
	return tag, strings.TrimSpace(line[i+1:]), true
}

// cidBuilder accumulates one formatted caller-ID block.
type cidBuilder struct {
	cid  hal.CallerID
	seen map[string]bool
	raw  []string
}

func (b *cidBuilder) empty() bool { return len(b.raw) == 0 }

// startsNew reports whether the line tag=value begins a new block: a tag
// seen before does, except an absent-number code after a real number
// (some telcos send the number and then "NMBR = O"; the first one counts).
func (b *cidBuilder) startsNew(tag, value string) bool {
	if tag == "DDN" {
		tag = "DDN_NMBR"
	}
	if (tag == "NMBR" || tag == "DDN_NMBR") && b.cid.Number != "" && absentReason(value) != "" {
		return false
	}
	return b.seen[tag]
}

// add records one tag line.
func (b *cidBuilder) add(tag, value, raw string) {
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	if tag == "DDN" {
		tag = "DDN_NMBR"
	}
	b.seen[tag] = true
	b.raw = append(b.raw, raw)
	c := &b.cid
	switch tag {
	case "DATE":
		c.Date = value
	case "TIME":
		c.Time = value
	case "NMBR", "DDN_NMBR":
		b.number(value)
	case "NAME":
		switch strings.ToUpper(value) {
		case "O", "P":
			if c.Name == "" {
				c.NameAbsent = strings.ToUpper(value)
			}
		default:
			c.Name = value
			c.NameAbsent = ""
		}
	case "MESG":
		b.mesg(value)
	}
}

// number applies an NMBR value. The first real number wins: some telcos
// send a number and then "NMBR = O" (NCID keeps the first).
func (b *cidBuilder) number(v string) {
	c := &b.cid
	if reason := absentReason(v); reason != "" {
		if c.Number == "" {
			c.NumberAbsent = reason
		}
		return
	}
	if c.Number != "" {
		return
	}
	c.Number = cleanNumber(v)
	c.NumberAbsent = ""
}

// absentReason maps the words modems print instead of a number.
func absentReason(v string) string {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "P", "A", "PRIVATE", "RESTRICTED", "WITHHELD", "ANONYMOUS":
		return "P"
	case "O", "OUT-OF-AREA", "OUT OF AREA", "UNAVAILABLE", "UNKNOWN":
		return "O"
	case "":
		return "O"
	}
	return ""
}

// cleanNumber removes separators a modem may print; it keeps every other
// byte as received (digits, '+', or a masked 'x').
func cleanNumber(v string) string {
	var sb strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case ' ', '-', '(', ')', '.', '\t':
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// mesg decodes a MESG value: ASCII hex of <type><len><data>[checksum].
func (b *cidBuilder) mesg(v string) {
	raw, err := hex.DecodeString(strings.ReplaceAll(v, " ", ""))
	if err != nil || len(raw) < 2 || int(raw[1])+2 > len(raw) {
		return
	}
	applyParam(&b.cid, raw[0], raw[2:2+int(raw[1])])
}

// applyParam applies one MDMF parameter to c (Telcordia and ETSI codes).
func applyParam(c *hal.CallerID, typ byte, val []byte) {
	s := string(val)
	switch typ {
	case 0x01: // date and time MMDDHHMM
		if len(s) >= 8 {
			c.Date, c.Time = s[:4], s[4:8]
		}
	case 0x02: // calling number
		if c.Number == "" {
			c.Number = cleanNumber(s)
			c.NumberAbsent = ""
		}
	case 0x03: // dialable directory number
		if c.Number == "" && c.NumberAbsent == "" {
			c.Number = cleanNumber(s)
		}
	case 0x04: // reason number absent
		if c.Number == "" && len(s) > 0 {
			c.NumberAbsent = normReason(s)
		}
	case 0x07: // name
		c.Name = s
		c.NameAbsent = ""
	case 0x08: // reason name absent
		if c.Name == "" && len(s) > 0 {
			c.NameAbsent = normReason(s)
		}
	}
}

func normReason(s string) string {
	if strings.ToUpper(s[:1]) == "P" {
		return "P"
	}
	return "O"
}

// complete reports whether the block carries everything a block can, so
// it can be emitted without waiting for more lines.
func (b *cidBuilder) complete() bool {
	c := &b.cid
	return c.Date != "" && c.Time != "" && (c.Number != "" || c.NumberAbsent != "") && (c.Name != "" || c.NameAbsent != "")
}

// result finishes the block. ok is false when it holds nothing about the
// caller (for example only an undecodable MESG).
func (b *cidBuilder) result() (hal.CallerID, bool) {
	c := b.cid
	c.Raw = strings.Join(b.raw, "\n")
	ok := c.Number != "" || c.NumberAbsent != "" || c.Name != "" || c.NameAbsent != "" || c.Date != "" || c.Time != ""
	finishPresentation(&c)
	return c, ok
}

func finishPresentation(c *hal.CallerID) {
	switch {
	case c.Number != "":
		c.Presentation = hal.PresentationAvailable
	case c.NumberAbsent == "P":
		c.Presentation = hal.PresentationPrivate
	default:
		c.Presentation = hal.PresentationUnavailable
		if c.NumberAbsent == "" {
			c.NumberAbsent = "O"
		}
	}
}

// ParseCIDBlock parses formatted caller-ID output (tag lines in any order,
// with or without spaces around '=', other lines ignored) into the caller
// IDs it holds; a repeated tag starts a new block.
func ParseCIDBlock(text string) []hal.CallerID {
	var out []hal.CallerID
	var b cidBuilder
	flush := func() {
		if c, ok := b.result(); ok && !b.empty() {
			out = append(out, c)
		}
		b = cidBuilder{}
	}
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\r' || r == '\n' }) {
		line = stripControls(line)
		tag, val, ok := ParseCIDLine(line)
		if !ok {
			continue
		}
		if b.startsNew(tag, val) {
			flush()
		}
		b.add(tag, val, line)
	}
	flush()
	return out
}

// stripControls removes DLE pairs and other control bytes from a text line
// (a Motorola modem wraps CID lines in <DLE>X ... <DLE>.). ESC and BEL
// stay: they start and end the escape sequences a caller may put in a
// name, which clean removes whole ("\x1b[2J" leaves nothing), where
// removing ESC alone would leave "[2J" in the name.
const esc, bel = 0x1b, 0x07

func stripControls(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == dle {
			i++ // drop the code too
			continue
		}
		if (c < 0x20 && c != esc && c != bel) || c == 0x7f {
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}
