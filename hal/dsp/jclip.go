package dsp

import "fmt"

// JCLIP framing (NTT "number display"): DLE SOH 0x07 DLE STX <type> <len>
// <params, DLE doubled> DLE ETX CRC16; 7-bit characters with even parity in
// bit 7; the CRC (CRC-16/KERMIT: reflected 0x1021, initial 0, sent low byte
// first) covers everything after DLE SOH, parity bits included.
const (
	dle = 0x10
	soh = 0x01
	stx = 0x02
	etx = 0x03
)

func evenParity(b byte) byte {
	b &= 0x7F
	p := b ^ b>>4
	p ^= p >> 2
	p ^= p >> 1
	return b | (p&1)<<7
}

// crcKermit is CRC-16/CCITT reflected (poly 0x8408), initial 0, no final xor.
func crcKermit(b []byte) uint16 {
	var crc uint16
	for _, v := range b {
		crc ^= uint16(v)
		for i := 0; i < 8; i++ {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x8408
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

func encodeJCLIP(c CallerID) ([]byte, error) {
	var body []byte
	params := c.Params
	if params == nil {
		if c.Number != "" {
			params = append(params, Param{ParamNumber, []byte(c.Number)})
		} else {
			abs := c.NumberAbsent
			if abs == "" {
				abs = "O"
			}
			params = append(params, Param{ParamNumberAbsent, []byte(abs)})
		}
	}
	for _, p := range params {
		body = append(body, p.Type, byte(len(p.Value)))
		body = append(body, p.Value...)
	}
	if len(body) > 119 {
		return nil, fmt.Errorf("%w: %d JCLIP bytes", ErrTooLong, len(body))
	}
	typ := c.Type
	if typ == 0 {
		typ = TypeJCLIP
	}
	msg := []byte{dle, soh, 0x07, dle, stx, typ, byte(len(body))}
	if len(body) == dle {
		msg = append(msg, dle)
	}
	for _, v := range body {
		msg = append(msg, v)
		if v == dle {
			msg = append(msg, dle)
		}
	}
	msg = append(msg, dle, etx)
	for i := range msg {
		msg[i] = evenParity(msg[i])
	}
	crc := crcKermit(msg[2:])
	return append(msg, byte(crc), byte(crc>>8)), nil
}

// ParseJCLIP decodes a whole JCLIP frame as received (parity bits included,
// starting at DLE SOH, ending with the two CRC bytes).
func ParseJCLIP(frame []byte) (CallerID, error) {
	c := CallerID{Standard: StandardJCLIP, Raw: append([]byte(nil), frame...)}
	if len(frame) < 11 {
		return c, &MessageError{Err: ErrTruncated, Detail: fmt.Sprintf("JCLIP frame of %d bytes", len(frame))}
	}
	if crcKermit(frame[2:]) != 0 {
		return c, &MessageError{Err: ErrChecksum, Detail: "JCLIP CRC"}
	}
	b := make([]byte, len(frame)-2)
	for i := range b {
		b[i] = frame[i] & 0x7F
	}
	if b[0] != dle || b[1] != soh || b[3] != dle || b[4] != stx {
		return c, &MessageError{Err: ErrMalformed, Detail: "JCLIP header"}
	}
	// unstuff from the type byte to DLE ETX
	var u []byte
	i := 5
	for ; i < len(b); i++ {
		if b[i] == dle {
			if i+1 < len(b) && b[i+1] == dle {
				u = append(u, dle)
				i++
				continue
			}
			if i+1 < len(b) && b[i+1] == etx {
				break
			}
			return c, &MessageError{Err: ErrMalformed, Detail: "JCLIP stray DLE"}
		}
		u = append(u, b[i])
	}
	if i >= len(b) || len(u) < 2 {
		return c, &MessageError{Err: ErrTruncated, Detail: "JCLIP without DLE ETX"}
	}
	c.Type = u[0]
	if int(u[1]) != len(u)-2 {
		return c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: fmt.Sprintf("JCLIP length %d, body %d", u[1], len(u)-2)}
	}
	ps, err := parseParams(u[2:])
	if err != nil {
		return c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: err.Error()}
	}
	c.Params = ps
	c.applyParams()
	return c, nil
}

// jclipFrameLen returns the total frame length once the first 7 bytes are in
// (header plus length byte), assuming no DLE stuffing beyond the length.
func jclipFrameLen(b []byte) int {
	if len(b) < 7 {
		return 0
	}
	return int(b[6]&0x7F) + 11
}
