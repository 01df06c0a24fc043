package dsp

import (
	"encoding/hex"
	"fmt"
	"strings"

	"secretary/hal"
	"secretary/screening/clean"
)

// Standard is a caller-ID signalling standard.
type Standard int

const (
	StandardUnknown  Standard = iota
	StandardBellcore          // Telcordia GR-30: Bell 202 FSK, SDMF/MDMF (North America)
	StandardETSI              // ETSI EN 300 659 / BT SIN227: V.23 FSK, MDMF-style messages
	StandardDTMF              // CLIP by DTMF (A...C, D...#, ...)
	StandardJCLIP             // Japan (NTT): V.23, DLE-framed, CRC-16
)

func (s Standard) String() string {
	switch s {
	case StandardUnknown:
		return "unknown"
	case StandardBellcore:
		return "bellcore"
	case StandardETSI:
		return "etsi"
	case StandardDTMF:
		return "dtmf"
	case StandardJCLIP:
		return "jclip"
	}
	return "Standard(?)"
}

// Message types.
const (
	TypeSDMF       = 0x04 // Bellcore single data message format
	TypeMDMF       = 0x80 // Bellcore MDMF / ETSI call set-up
	TypeSDMFMWI    = 0x06 // Bellcore SDMF message waiting
	TypeMDMFMWI    = 0x82 // Bellcore MDMF / ETSI message waiting
	TypeJCLIP      = 0x40 // JCLIP caller ID
	TypeETSICharge = 0x86
	TypeETSISMS    = 0x89
)

// Parameter types (MDMF, ETSI, JCLIP share the ones we use).
const (
	ParamDateTime     = 0x01 // MMDDHHMM
	ParamNumber       = 0x02 // calling number
	ParamCalledNumber = 0x03
	ParamNumberAbsent = 0x04 // "O" unavailable, "P" private
	ParamQualifier    = 0x06 // "L" long distance
	ParamName         = 0x07
	ParamNameAbsent   = 0x08 // "O" / "P"
	ParamCallType     = 0x11 // ETSI: 01 voice, ...
)

// Param is one parameter of an MDMF, ETSI or JCLIP message, as received.
type Param struct {
	Type  byte
	Value []byte
}

// CallerID is a decoded caller-ID message. Fields are as received, except
// Name, which the decoders pass through clean.Name (control and escape
// sequences, bidi and zero-width characters, invalid UTF-8 removed, length
// capped; Params and Raw keep the bytes as received); empty means not sent.
type CallerID struct {
	Standard     Standard
	Type         byte   // message type byte (0 for DTMF CLIP)
	Date         string // "MMDDHHMM" (month, day, hour, minute)
	Number       string
	Name         string
	NumberAbsent string // "O" unavailable / out of area, "P" private; other codes as received
	NameAbsent   string
	Params       []Param // every parameter in order, unknown ones included (nil for SDMF/DTMF)
	Raw          []byte  // the message as received (DTMF CLIP: the keys), for the log
}

// Presentation summarises the number's availability.
func (c CallerID) Presentation() hal.Presentation {
	switch {
	case c.Number != "":
		return hal.PresentationAvailable
	case c.NumberAbsent == "P":
		return hal.PresentationPrivate
	case c.NumberAbsent != "":
		return hal.PresentationUnavailable
	}
	return hal.PresentationNone
}

// HAL converts to the hal.CallerID the firmware uses (Raw holds the standard).
func (c CallerID) HAL() hal.CallerID {
	h := hal.CallerID{
		Number:       c.Number,
		Name:         c.Name,
		NumberAbsent: c.NumberAbsent,
		NameAbsent:   c.NameAbsent,
		Presentation: c.Presentation(),
		Raw:          c.Standard.String() + " " + hex.EncodeToString(c.Raw),
	}
	if c.Standard == StandardDTMF {
		h.Raw = c.Standard.String() + " " + string(c.Raw)
	}
	if len(c.Date) == 8 {
		h.Date, h.Time = c.Date[:4], c.Date[4:]
	}
	return h
}

// FromHAL builds a message to send from what the line delivered (for
// example to pass a caller's ID on to the handset), in standard std.
func FromHAL(h hal.CallerID, std Standard) CallerID {
	c := CallerID{Standard: std, Number: h.Number, Name: h.Name, NumberAbsent: h.NumberAbsent, NameAbsent: h.NameAbsent}
	if len(h.Date) == 4 && len(h.Time) == 4 {
		c.Date = h.Date + h.Time
	}
	if c.Number == "" && c.NumberAbsent == "" {
		switch h.Presentation {
		case hal.PresentationPrivate:
			c.NumberAbsent = "P"
		default:
			c.NumberAbsent = "O"
		}
	}
	return c
}

// Checksum returns the Bellcore/ETSI checksum of b: the two's complement of
// the mod-256 sum, so that summing b and the checksum gives 0.
func Checksum(b []byte) byte {
	var s byte
	for _, v := range b {
		s += v
	}
	return -s
}

// ParseMessage decodes a Bellcore or ETSI caller-ID message: type, length,
// payload, checksum (exactly; trailing bytes are an error). SDMF (0x04),
// MDMF/ETSI call set-up (0x80) are decoded; other types with a good checksum
// return their parameters with ErrUnknownType. Unknown parameters are kept in
// Params and otherwise skipped. Standard is left StandardUnknown unless the
// type says (SDMF is Bellcore only); the FSK receiver fills it from the tones.
func ParseMessage(b []byte) (CallerID, error) {
	c := CallerID{Raw: append([]byte(nil), b...)}
	if len(b) < 3 {
		return c, &MessageError{Err: ErrTruncated, Detail: fmt.Sprintf("%d bytes", len(b))}
	}
	c.Type = b[0]
	n := int(b[1])
	if len(b) < n+3 {
		return c, &MessageError{Err: ErrTruncated, Type: c.Type, Detail: fmt.Sprintf("length %d, have %d payload bytes", n, len(b)-2)}
	}
	if len(b) > n+3 {
		return c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: fmt.Sprintf("%d bytes after the checksum", len(b)-n-3)}
	}
	if Checksum(b[:n+2]) != b[n+2] {
		return c, &MessageError{Err: ErrChecksum, Type: c.Type, Detail: fmt.Sprintf("got 0x%02X, want 0x%02X", b[n+2], Checksum(b[:n+2]))}
	}
	payload := b[2 : n+2]
	switch c.Type {
	case TypeSDMF:
		c.Standard = StandardBellcore
		if len(payload) < 8 {
			return c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: "SDMF shorter than its date"}
		}
		c.Date = string(payload[:8])
		if !allDigits(c.Date) {
			return c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: "SDMF date is not 8 digits"}
		}
		rest := string(payload[8:])
		if len(rest) == 1 && !isDigit(rest[0]) {
			c.NumberAbsent = rest
		} else {
			c.Number = rest
		}
		return c, nil
	case TypeMDMF, TypeMDMFMWI, TypeETSICharge, TypeETSISMS:
		params, err := parseParams(payload)
		if err != nil {
			return c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: err.Error()}
		}
		c.Params = params
		if c.Type != TypeMDMF {
			return c, &MessageError{Err: ErrUnknownType, Type: c.Type, Detail: "not a call set-up message"}
		}
		c.applyParams()
		return c, nil
	}
	return c, &MessageError{Err: ErrUnknownType, Type: c.Type}
}

func parseParams(p []byte) ([]Param, error) {
	var out []Param
	for i := 0; i < len(p); {
		if i+2 > len(p) {
			return out, fmt.Errorf("parameter header cut at offset %d", i)
		}
		t, l := p[i], int(p[i+1])
		if i+2+l > len(p) {
			return out, fmt.Errorf("parameter 0x%02X of %d bytes overruns the message", t, l)
		}
		out = append(out, Param{Type: t, Value: append([]byte(nil), p[i+2:i+2+l]...)})
		i += 2 + l
	}
	return out, nil
}

func (c *CallerID) applyParams() {
	for _, p := range c.Params {
		v := string(p.Value)
		switch p.Type {
		case ParamDateTime:
			c.Date = v
		case ParamNumber:
			c.Number = v
		case ParamNumberAbsent:
			c.NumberAbsent = v
		case ParamName:
			c.Name = clean.Name(v) // the edge where a caller's text enters the box
		case ParamNameAbsent:
			c.NameAbsent = v
		}
	}
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// EncodeMessage builds the bytes of c (type, length, payload, checksum for
// Bellcore/ETSI; the DLE-framed, parity- and CRC-protected frame for JCLIP;
// the key string for DTMF CLIP). c.Type chooses SDMF (0x04) or MDMF (0x80);
// 0 means MDMF (JCLIP: 0x40). ETSI messages start with call type 0x11 = voice
// unless c.Params is set, in which case Params are sent verbatim.
func EncodeMessage(c CallerID) ([]byte, error) {
	switch c.Standard {
	case StandardDTMF:
		s, err := EncodeDTMFCLIP(c)
		return []byte(s), err
	case StandardJCLIP:
		return encodeJCLIP(c)
	}
	typ := c.Type
	if typ == 0 {
		typ = TypeMDMF
	}
	var payload []byte
	switch typ {
	case TypeSDMF:
		if len(c.Date) != 8 || !allDigits(c.Date) {
			return nil, fmt.Errorf("%w: SDMF needs an 8-digit date, got %q", ErrMalformed, c.Date)
		}
		payload = append(payload, c.Date...)
		switch {
		case c.Number != "":
			payload = append(payload, c.Number...)
		case c.NumberAbsent != "":
			payload = append(payload, c.NumberAbsent...)
		default:
			payload = append(payload, 'O')
		}
	case TypeMDMF:
		params := c.Params
		if params == nil {
			params = c.buildParams()
		}
		for _, p := range params {
			if len(p.Value) > 255 {
				return nil, fmt.Errorf("%w: parameter 0x%02X has %d bytes", ErrTooLong, p.Type, len(p.Value))
			}
			payload = append(payload, p.Type, byte(len(p.Value)))
			payload = append(payload, p.Value...)
		}
	default:
		return nil, fmt.Errorf("%w: cannot encode type 0x%02X", ErrUnknownType, typ)
	}
	if len(payload) > 255 {
		return nil, fmt.Errorf("%w: %d payload bytes", ErrTooLong, len(payload))
	}
	msg := append([]byte{typ, byte(len(payload))}, payload...)
	return append(msg, Checksum(msg)), nil
}

// buildParams lays out date, number (or reason absent), name (or reason
// absent); ETSI starts with call type voice.
func (c CallerID) buildParams() []Param {
	var ps []Param
	if c.Standard == StandardETSI {
		ps = append(ps, Param{ParamCallType, []byte{0x01}})
	}
	if c.Date != "" {
		ps = append(ps, Param{ParamDateTime, []byte(c.Date)})
	}
	switch {
	case c.Number != "":
		ps = append(ps, Param{ParamNumber, []byte(c.Number)})
	case c.NumberAbsent != "":
		ps = append(ps, Param{ParamNumberAbsent, []byte(c.NumberAbsent)})
	}
	switch {
	case c.Name != "":
		ps = append(ps, Param{ParamName, []byte(c.Name)})
	case c.NameAbsent != "":
		ps = append(ps, Param{ParamNameAbsent, []byte(c.NameAbsent)})
	}
	return ps
}

// ParseDTMFCLIP decodes a DTMF caller-ID key string (PROTOCOLS.md §5.7):
// A<number>[D<redirecting>][B<info>]C, A<number>#, D<number>C, D1#/D2#/D3#
// (restricted / international / unavailable), B00C / B10C (unavailable /
// restricted), and <number># without a start key.
func ParseDTMFCLIP(s string) (CallerID, error) {
	c := CallerID{Standard: StandardDTMF, Raw: []byte(s)}
	bad := func(why string) (CallerID, error) {
		return CallerID{Standard: StandardDTMF}, &MessageError{Err: ErrMalformed, Detail: fmt.Sprintf("DTMF CLIP %q: %s", s, why)}
	}
	if len(s) < 2 {
		return bad("too short")
	}
	end := s[len(s)-1]
	if end != 'C' && end != '#' {
		return bad("no C or # at the end")
	}
	body := s[:len(s)-1]
	switch {
	case body == "D1":
		c.NumberAbsent = "P"
		return c, nil
	case body == "D2":
		c.NumberAbsent = "O" // international: no number shown
		return c, nil
	case body == "D3":
		c.NumberAbsent = "O"
		return c, nil
	case strings.HasPrefix(body, "B") && end == 'C':
		switch body[1:] {
		case "00":
			c.NumberAbsent = "O"
		case "10":
			c.NumberAbsent = "P"
		default:
			return bad("unknown B information code")
		}
		return c, nil
	}
	start := body[0]
	if isDigit(start) {
		if end != '#' || !allDigits(body) {
			return bad("number without start key must be digits then #")
		}
		c.Number = body
		return c, nil
	}
	if start != 'A' && start != 'D' {
		return bad("unknown start key")
	}
	rest := body[1:]
	// the number runs to the next letter
	i := 0
	for i < len(rest) && isDigit(rest[i]) {
		i++
	}
	c.Number = rest[:i]
	rest = rest[i:]
	for len(rest) > 0 {
		key := rest[0]
		j := 1
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		field := rest[1:j]
		switch key {
		case 'D': // redirecting number: kept as a parameter
			c.Params = append(c.Params, Param{Type: 'D', Value: []byte(field)})
		case 'B':
			switch field {
			case "00":
				c.NumberAbsent = "O"
			case "10":
				c.NumberAbsent = "P"
			default:
				c.Params = append(c.Params, Param{Type: 'B', Value: []byte(field)})
			}
		default:
			return bad("unexpected key inside the message")
		}
		rest = rest[j:]
	}
	if c.Number == "" && c.NumberAbsent == "" {
		return bad("no number")
	}
	return c, nil
}

// EncodeDTMFCLIP returns the key string for c: A<number>C, or B00C/B10C when
// the number is absent.
func EncodeDTMFCLIP(c CallerID) (string, error) {
	switch {
	case c.Number != "":
		if !allDigits(c.Number) {
			return "", fmt.Errorf("%w: DTMF CLIP number %q", ErrBadDigit, c.Number)
		}
		return "A" + c.Number + "C", nil
	case c.NumberAbsent == "P":
		return "B10C", nil
	}
	return "B00C", nil
}
