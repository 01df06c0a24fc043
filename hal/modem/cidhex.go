package modem

import (
	"encoding/hex"
	"fmt"
	"strings"

	"secretary/hal"
)

// CID message types (Bellcore / ETSI).
const (
	msgSDMF    = 0x04 // single data message format call set-up
	msgSDMFMWI = 0x06 // SDMF message waiting
	msgMDMF    = 0x80 // multiple data message format call set-up
	msgMDMFMWI = 0x82 // MDMF message waiting
)

// DecodeCIDMessage decodes one raw caller-ID message (type, length,
// payload, checksum) as printed in hex by AT+VCID=2, or as demodulated
// from the line. The checksum is verified (ErrBadChecksum); a message that
// ends exactly after its payload (no checksum byte, as some manuals print)
// is accepted with Raw noting it. Message-waiting messages yield ok=false
// with a nil error.
func DecodeCIDMessage(msg []byte) (c hal.CallerID, ok bool, err error) {
	if len(msg) < 2 {
		return c, false, fmt.Errorf("%w: %d bytes", ErrBadMessage, len(msg))
	}
	typ, n := msg[0], int(msg[1])
	switch {
	case len(msg) == n+3:
		var sum byte
		for _, b := range msg {
			sum += b
		}
		if sum != 0 {
			return c, false, fmt.Errorf("%w: type %#02x sums to %#02x", ErrBadChecksum, typ, sum)
		}
	case len(msg) == n+2:
		c.Raw = "no checksum"
	default:
		return c, false, fmt.Errorf("%w: length byte %d, %d payload bytes", ErrBadMessage, n, len(msg)-2)
	}
	p := msg[2 : 2+n]
	switch typ {
	case msgSDMF:
		if len(p) < 8 {
			return c, false, fmt.Errorf("%w: SDMF payload %d bytes", ErrBadMessage, len(p))
		}
		c.Date, c.Time = string(p[:4]), string(p[4:8])
		num := string(p[8:])
		if r := absentReason(num); r != "" && len(num) == 1 {
			c.NumberAbsent = r
		} else {
			c.Number = cleanNumber(num)
		}
	case msgMDMF:
		for len(p) > 0 {
			if len(p) < 2 || int(p[1])+2 > len(p) {
				return c, false, fmt.Errorf("%w: parameter overruns message", ErrBadMessage)
			}
			applyParam(&c, p[0], p[2:2+int(p[1])])
			p = p[2+int(p[1]):]
		}
	case msgSDMFMWI, msgMDMFMWI:
		return c, false, nil
	default:
		return c, false, fmt.Errorf("%w: unknown message type %#02x", ErrBadMessage, typ)
	}
	finishPresentation(&c)
	return c, true, nil
}

// DecodeCIDHex decodes a line of ASCII hex as printed by AT+VCID=2.
func DecodeCIDHex(line string) (hal.CallerID, bool, error) {
	s := strings.TrimSpace(line)
	raw, err := hex.DecodeString(s)
	if err != nil {
		return hal.CallerID{}, false, fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	c, ok, err := DecodeCIDMessage(raw)
	if c.Raw != "" {
		c.Raw = s + " (" + c.Raw + ")"
	} else {
		c.Raw = s
	}
	return c, ok, err
}

// looksLikeCIDHex reports whether a line is plausibly a raw caller-ID
// message: even-length hex starting with a known message type and a length
// byte that matches, so identification answers ("56000", "5601") are not
// taken for caller ID.
func looksLikeCIDHex(line string) bool {
	s := strings.TrimSpace(line)
	if len(s) < 6 || len(s)%2 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	t := strings.ToUpper(s[:2])
	if t != "04" && t != "80" && t != "06" && t != "82" {
		return false
	}
	return true
}
