package audio

import "github.com/zaf/g711"

// Encoding is a sample encoding of a WAV file or a modem voice stream.
type Encoding int

const (
	// PCM16 is signed 16-bit little-endian linear PCM (WAV tag 1, 16 bits).
	PCM16 Encoding = iota + 1
	// PCM8 is 8-bit unsigned (offset binary, 0x80 = zero) linear PCM (WAV tag 1, 8 bits).
	PCM8
	// ULaw is G.711 u-law (WAV tag 7).
	ULaw
	// ALaw is G.711 A-law (WAV tag 6).
	ALaw
)

func (e Encoding) String() string {
	switch e {
	case PCM16:
		return "pcm16"
	case PCM8:
		return "pcm8"
	case ULaw:
		return "ulaw"
	case ALaw:
		return "alaw"
	}
	return "Encoding(?)"
}

// BytesPerSample is 2 for PCM16 and 1 for the others.
func (e Encoding) BytesPerSample() int {
	if e == PCM16 {
		return 2
	}
	return 1
}

// EncodeULaw appends the u-law codes of pcm to dst and returns it.
func EncodeULaw(dst []byte, pcm []int16) []byte {
	for _, s := range pcm {
		dst = append(dst, g711.EncodeUlawFrame(s))
	}
	return dst
}

// DecodeULaw appends the linear samples of the u-law codes in b to dst.
func DecodeULaw(dst []int16, b []byte) []int16 {
	for _, c := range b {
		dst = append(dst, g711.DecodeUlawFrame(c))
	}
	return dst
}

// EncodeALaw appends the A-law codes of pcm to dst and returns it.
func EncodeALaw(dst []byte, pcm []int16) []byte {
	for _, s := range pcm {
		dst = append(dst, g711.EncodeAlawFrame(s))
	}
	return dst
}

// DecodeALaw appends the linear samples of the A-law codes in b to dst.
func DecodeALaw(dst []int16, b []byte) []int16 {
	for _, c := range b {
		dst = append(dst, g711.DecodeAlawFrame(c))
	}
	return dst
}

// EncodePCM8 appends 8-bit unsigned samples (0x80 = zero, rounded) to dst.
func EncodePCM8(dst []byte, pcm []int16) []byte {
	for _, s := range pcm {
		v := (int(s) + 128) >> 8 // round to nearest
		if v > 127 {
			v = 127
		}
		dst = append(dst, byte(v+128))
	}
	return dst
}

// DecodePCM8 appends the 16-bit values of 8-bit unsigned samples to dst.
func DecodePCM8(dst []int16, b []byte) []int16 {
	for _, c := range b {
		dst = append(dst, int16((int(c)-128)<<8))
	}
	return dst
}

// EncodePCM16 appends little-endian 16-bit samples to dst.
func EncodePCM16(dst []byte, pcm []int16) []byte {
	for _, s := range pcm {
		dst = append(dst, byte(s), byte(uint16(s)>>8))
	}
	return dst
}

// DecodePCM16 appends the samples of little-endian 16-bit data to dst; an odd
// trailing byte is ignored.
func DecodePCM16(dst []int16, b []byte) []int16 {
	for i := 0; i+1 < len(b); i += 2 {
		dst = append(dst, int16(uint16(b[i])|uint16(b[i+1])<<8))
	}
	return dst
}

// Encode appends pcm in encoding e to dst.
func Encode(dst []byte, e Encoding, pcm []int16) []byte {
	switch e {
	case PCM8:
		return EncodePCM8(dst, pcm)
	case ULaw:
		return EncodeULaw(dst, pcm)
	case ALaw:
		return EncodeALaw(dst, pcm)
	}
	return EncodePCM16(dst, pcm)
}

// Decode appends the samples of b (in encoding e) to dst.
func Decode(dst []int16, e Encoding, b []byte) []int16 {
	switch e {
	case PCM8:
		return DecodePCM8(dst, b)
	case ULaw:
		return DecodeULaw(dst, b)
	case ALaw:
		return DecodeALaw(dst, b)
	}
	return DecodePCM16(dst, b)
}
