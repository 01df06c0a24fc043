package modem

// Control bytes of the DLE shielding (V.253 / IS-101).
const (
	dle = 0x10
	etx = 0x03
	sub = 0x1a
	can = 0x18
)

// DLEDecoder splits a DLE-shielded voice stream (modem to host, +VRX) into
// audio bytes and event codes. It is a two-state machine that carries a
// trailing DLE across reads, so "10 | 62" split over two reads is still
// the busy event and "10 10 62" is the sample 0x10 followed by 0x62.
// The zero value is ready.
type DLEDecoder struct {
	pending bool // the previous chunk ended in a lone DLE
}

// Decode appends the audio bytes of p to audio and calls event for every
// <DLE>x code other than <DLE><DLE>, <DLE><SUB> and <DLE><ETX>. It stops
// after <DLE><ETX> and returns the audio, how many bytes of p it consumed
// and whether the stream ended.
func (d *DLEDecoder) Decode(p []byte, audio []byte, event func(code byte)) (out []byte, n int, end bool) {
	for i := 0; i < len(p); i++ {
		b := p[i]
		if d.pending {
			d.pending = false
			switch b {
			case dle:
				audio = append(audio, dle)
			case sub:
				audio = append(audio, dle, dle)
			case etx:
				return audio, i + 1, true
			default:
				if event != nil {
					event(b)
				}
			}
			continue
		}
		if b == dle {
			d.pending = true
			continue
		}
		audio = append(audio, b)
	}
	return audio, len(p), false
}

// Pending reports whether the last byte decoded was a lone DLE.
func (d *DLEDecoder) Pending() bool { return d.pending }

// Reset clears the carried state.
func (d *DLEDecoder) Reset() { d.pending = false }

// ShieldDLE appends p to dst with every 0x10 doubled (host to modem, +VTX).
func ShieldDLE(dst, p []byte) []byte {
	for _, b := range p {
		if b == dle {
			dst = append(dst, dle, dle)
			continue
		}
		dst = append(dst, b)
	}
	return dst
}
