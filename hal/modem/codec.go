package modem

import "github.com/zaf/g711"

// encode converts 16-bit linear samples into the modem codec.
func encode(c Codec, pcm []int16, dst []byte) []byte {
	for _, v := range pcm {
		switch c {
		case CodecULaw:
			dst = append(dst, g711.EncodeUlawFrame(v))
		case CodecALaw:
			dst = append(dst, g711.EncodeAlawFrame(v))
		case CodecSigned8:
			dst = append(dst, byte(int8(v>>8)))
		default:
			dst = append(dst, byte((int(v)>>8)+128))
		}
	}
	return dst
}

// decode converts codec bytes into 16-bit linear samples.
func decode(c Codec, b []byte, dst []int16) []int16 {
	for _, x := range b {
		switch c {
		case CodecULaw:
			dst = append(dst, g711.DecodeUlawFrame(x))
		case CodecALaw:
			dst = append(dst, g711.DecodeAlawFrame(x))
		case CodecSigned8:
			dst = append(dst, int16(int8(x))<<8)
		default:
			dst = append(dst, int16((int(x)-128)<<8))
		}
	}
	return dst
}
