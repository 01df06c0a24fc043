package modemtest

import (
	"fmt"
	"strings"
)

// CIDFormat chooses how caller ID is printed to the box.
type CIDFormat int

const (
	// CIDAuto follows the modem's +VCID mode: 1 formatted in the profile's
	// style, 2 raw MDMF hex, 0 nothing.
	CIDAuto              CIDFormat = iota
	CIDFormattedSpaces             // "DATE = 0504" (Rockwell/Conexant)
	CIDFormattedNoSpaces           // "DATE=0504" (USR5637)
	CIDRawMDMF                     // one line of ASCII hex, MDMF
	CIDRawSDMF                     // one line of ASCII hex, SDMF (no name)
)

// CID is the caller ID the line delivers with a call.
type CID struct {
	Date, Time   string // MMDD, HHMM
	Number       string // digits
	Name         string
	NumberAbsent string   // "P" or "O" instead of Number
	NameAbsent   string   // "P" or "O" instead of Name
	Mesg         []string // extra formatted MESG values (hex), printed first
	Format       CIDFormat
	// Lines, if set, are printed verbatim (each followed by CR LF) instead
	// of a block built from the fields, when the modem has caller ID on.
	Lines []string
	// BeforeFirstRing sends the block before the first ring (UK/ETSI).
	BeforeFirstRing bool
}

// FormatCID renders the bytes a modem in +VCID mode vcid prints for c.
func FormatCID(c *CID, vcid int, spaces bool) string {
	var lines []string
	format := c.Format
	if format == CIDAuto {
		switch {
		case vcid == 2:
			format = CIDRawMDMF
		case spaces:
			format = CIDFormattedSpaces
		default:
			format = CIDFormattedNoSpaces
		}
	}
	switch {
	case len(c.Lines) > 0:
		lines = c.Lines
	case format == CIDRawMDMF:
		lines = []string{fmt.Sprintf("%X", EncodeMDMF(c))}
	case format == CIDRawSDMF:
		lines = []string{fmt.Sprintf("%X", EncodeSDMF(c))}
	default:
		eq := "="
		if format == CIDFormattedSpaces {
			eq = " = "
		}
		add := func(tag, v string) { lines = append(lines, tag+eq+v) }
		for _, m := range c.Mesg {
			add("MESG", m)
		}
		if c.Date != "" {
			add("DATE", c.Date)
		}
		if c.Time != "" {
			add("TIME", c.Time)
		}
		switch {
		case c.Number != "":
			add("NMBR", c.Number)
		case c.NumberAbsent != "":
			add("NMBR", c.NumberAbsent)
		}
		switch {
		case c.Name != "":
			add("NAME", c.Name)
		case c.NameAbsent != "":
			add("NAME", c.NameAbsent)
		}
	}
	return "\r\n" + strings.Join(lines, "\r\n") + "\r\n"
}

func checksum(b []byte) byte {
	var s byte
	for _, x := range b {
		s += x
	}
	return -s
}

// EncodeMDMF builds a Bellcore MDMF call set-up message (type 0x80) with
// its checksum.
func EncodeMDMF(c *CID) []byte {
	var p []byte
	param := func(t byte, v string) {
		p = append(p, t, byte(len(v)))
		p = append(p, v...)
	}
	if c.Date != "" && c.Time != "" {
		param(0x01, c.Date+c.Time)
	}
	switch {
	case c.Number != "":
		param(0x02, c.Number)
	case c.NumberAbsent != "":
		param(0x04, c.NumberAbsent)
	}
	switch {
	case c.Name != "":
		param(0x07, c.Name)
	case c.NameAbsent != "":
		param(0x08, c.NameAbsent)
	}
	msg := append([]byte{0x80, byte(len(p))}, p...)
	return append(msg, checksum(msg))
}

// EncodeSDMF builds a Bellcore SDMF message (type 0x04) with its checksum.
func EncodeSDMF(c *CID) []byte {
	p := []byte(c.Date + c.Time)
	switch {
	case c.Number != "":
		p = append(p, c.Number...)
	case c.NumberAbsent != "":
		p = append(p, c.NumberAbsent...)
	}
	msg := append([]byte{0x04, byte(len(p))}, p...)
	return append(msg, checksum(msg))
}
