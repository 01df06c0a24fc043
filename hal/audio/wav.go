package audio

import (
	"bytes"
	"encoding/binary"
	"io"
)

// WAV format tags (mmreg.h).
const (
	tagPCM        = 0x0001
	tagALaw       = 0x0006
	tagULaw       = 0x0007
	tagExtensible = 0xFFFE
)

// MaxWAVBytes bounds the data a WAV reader accepts (1 GiB), so a corrupt
// header cannot make it allocate without limit.
const MaxWAVBytes = 1 << 30

// Clip is decoded audio: samples interleaved by channel, as 16-bit linear PCM.
type Clip struct {
	Rate     int      // samples per second per channel
	Channels int      // 1 mono, 2 stereo, ...
	Encoding Encoding // how the file stored the samples
	Samples  []int16  // len = frames * Channels
}

// Frames is the number of sample frames (samples per channel).
func (c *Clip) Frames() int {
	if c.Channels <= 0 {
		return 0
	}
	return len(c.Samples) / c.Channels
}

// Mono returns the clip's samples mixed down to one channel (the average).
func (c *Clip) Mono() []int16 {
	if c.Channels <= 1 {
		return c.Samples
	}
	n := c.Frames()
	out := make([]int16, n)
	for i := 0; i < n; i++ {
		var sum int
		for ch := 0; ch < c.Channels; ch++ {
			sum += int(c.Samples[i*c.Channels+ch])
		}
		out[i] = int16(sum / c.Channels)
	}
	return out
}

// ReadWAV reads a whole WAV file: PCM 8/16-bit, u-law or A-law, any rate,
// 1-8 channels. Errors are *FormatError wrapping ErrNotWAV, ErrTruncated,
// ErrUnsupported or ErrNoData, or the reader's own error.
func ReadWAV(r io.Reader) (*Clip, error) {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, formatErr(ErrNotWAV, "shorter than a RIFF header")
		}
		return nil, err
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return nil, formatErr(ErrNotWAV, "no RIFF/WAVE signature")
	}
	var (
		clip    Clip
		haveFmt bool
		bits    int
		block   int
	)
	for {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			if err == io.EOF {
				if !haveFmt {
					return nil, formatErr(ErrTruncated, "no fmt chunk")
				}
				return nil, formatErr(ErrNoData, "")
			}
			if err == io.ErrUnexpectedEOF {
				return nil, formatErr(ErrTruncated, "inside a chunk header")
			}
			return nil, err
		}
		id := string(ch[0:4])
		size := int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if size < 16 || size > 1024 {
				return nil, formatErr(ErrUnsupported, "fmt chunk of %d bytes", size)
			}
			buf := make([]byte, size+size&1)
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, truncErr(err, "inside the fmt chunk")
			}
			tag := int(binary.LittleEndian.Uint16(buf[0:2]))
			clip.Channels = int(binary.LittleEndian.Uint16(buf[2:4]))
			clip.Rate = int(binary.LittleEndian.Uint32(buf[4:8]))
			block = int(binary.LittleEndian.Uint16(buf[12:14]))
			bits = int(binary.LittleEndian.Uint16(buf[14:16]))
			if tag == tagExtensible && size >= 26 {
				tag = int(binary.LittleEndian.Uint16(buf[24:26]))
			}
			switch {
			case tag == tagPCM && bits == 16:
				clip.Encoding = PCM16
			case tag == tagPCM && bits == 8:
				clip.Encoding = PCM8
			case tag == tagULaw && bits == 8:
				clip.Encoding = ULaw
			case tag == tagALaw && bits == 8:
				clip.Encoding = ALaw
			default:
				return nil, formatErr(ErrUnsupported, "format tag 0x%04X with %d bits per sample (%s)", tag, bits, tagName(tag))
			}
			if clip.Channels < 1 || clip.Channels > 8 {
				return nil, formatErr(ErrUnsupported, "%d channels", clip.Channels)
			}
			if clip.Rate < 1000 || clip.Rate > 192000 {
				return nil, formatErr(ErrUnsupported, "sample rate %d Hz", clip.Rate)
			}
			if block != clip.Channels*clip.Encoding.BytesPerSample() {
				return nil, formatErr(ErrUnsupported, "block align %d for %d channels of %s", block, clip.Channels, clip.Encoding)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return nil, formatErr(ErrUnsupported, "data chunk before fmt chunk")
			}
			if size == 0xFFFFFFFF || size > MaxWAVBytes {
				// Streaming writers leave the size unset: read to the end.
				size = MaxWAVBytes
			}
			data, err := io.ReadAll(io.LimitReader(r, size))
			if err != nil {
				return nil, err
			}
			if int64(len(data)) < size && size != MaxWAVBytes {
				return nil, formatErr(ErrTruncated, "data chunk announces %d bytes, file holds %d", size, len(data))
			}
			data = data[:len(data)-len(data)%block]
			clip.Samples = Decode(make([]int16, 0, len(data)/clip.Encoding.BytesPerSample()), clip.Encoding, data)
			return &clip, nil
		default:
			if _, err := io.CopyN(io.Discard, r, size+size&1); err != nil {
				return nil, truncErr(err, "inside chunk %q", id)
			}
		}
	}
}

// DecodeWAV is ReadWAV over a byte slice.
func DecodeWAV(b []byte) (*Clip, error) { return ReadWAV(bytes.NewReader(b)) }

func truncErr(err error, format string, args ...any) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return formatErr(ErrTruncated, format, args...)
	}
	return err
}

func tagName(tag int) string {
	switch tag {
	case tagPCM:
		return "PCM"
	case 0x0002:
		return "MS ADPCM"
	case 0x0003:
		return "IEEE float"
	case tagALaw:
		return "A-law"
	case tagULaw:
		return "u-law"
	case 0x0011:
		return "IMA ADPCM"
	}
	return "unknown"
}

// WriteWAV writes mono samples at rate in encoding e as a WAV file.
func WriteWAV(w io.Writer, e Encoding, rate int, pcm []int16) error {
	return WriteWAVClip(w, &Clip{Rate: rate, Channels: 1, Encoding: e, Samples: pcm})
}

// WriteWAVClip writes c (interleaved samples) in c.Encoding (PCM16 if unset).
func WriteWAVClip(w io.Writer, c *Clip) error {
	e := c.Encoding
	if e == 0 {
		e = PCM16
	}
	ch := c.Channels
	if ch == 0 {
		ch = 1
	}
	if c.Rate <= 0 {
		return formatErr(ErrUnsupported, "sample rate %d Hz", c.Rate)
	}
	data := Encode(make([]byte, 0, len(c.Samples)*e.BytesPerSample()), e, c.Samples)
	tag, bits := tagPCM, 8
	switch e {
	case PCM16:
		bits = 16
	case ULaw:
		tag = tagULaw
	case ALaw:
		tag = tagALaw
	}
	fmtSize := 16
	if tag != tagPCM {
		fmtSize = 18 // non-PCM formats carry cbSize
	}
	var b bytes.Buffer
	b.Grow(44 + len(data))
	le := binary.LittleEndian
	b.WriteString("RIFF")
	_ = binary.Write(&b, le, uint32(4+8+fmtSize+8+len(data)+len(data)&1))
	b.WriteString("WAVEfmt ")
	_ = binary.Write(&b, le, uint32(fmtSize))
	_ = binary.Write(&b, le, uint16(tag))
	_ = binary.Write(&b, le, uint16(ch))
	_ = binary.Write(&b, le, uint32(c.Rate))
	_ = binary.Write(&b, le, uint32(c.Rate*ch*e.BytesPerSample()))
	_ = binary.Write(&b, le, uint16(ch*e.BytesPerSample()))
	_ = binary.Write(&b, le, uint16(bits))
	if fmtSize == 18 {
		_ = binary.Write(&b, le, uint16(0))
	}
	b.WriteString("data")
	_ = binary.Write(&b, le, uint32(len(data)))
	b.Write(data)
	if len(data)&1 == 1 {
		b.WriteByte(0)
	}
	_, err := w.Write(b.Bytes())
	return err
}
