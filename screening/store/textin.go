package store

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// Text encodings of imported files. Contacts arrive as UTF-8 (with or
// without a byte order mark), as UTF-16 with a byte order mark (Outlook's
// "Unicode" CSV export), or in a Windows code page (a spreadsheet program's
// plain "CSV"): a line that is not valid UTF-8 is read as Windows-1252,
// which is Latin-1 with printable characters in 0x80-0x9f.

// decodeText returns r as UTF-8 and the name of the encoding found. Lines
// ended by a carriage return alone (Excel for Mac's "CSV (Macintosh)") are
// given line feeds.
func decodeText(r io.Reader) (*bufio.Reader, string) {
	br := bufio.NewReaderSize(r, 64<<10)
	enc := "UTF-8"
	b, _ := br.Peek(3)
	switch {
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf:
		br.Discard(3)
	case len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe:
		br.Discard(2)
		br, enc = bufio.NewReaderSize(&utf16Reader{r: br}, 64<<10), "UTF-16LE"
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		br.Discard(2)
		br, enc = bufio.NewReaderSize(&utf16Reader{r: br, big: true}, 64<<10), "UTF-16BE"
	}
	if head, _ := br.Peek(64 << 10); bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		br = bufio.NewReaderSize(crReader{br}, 64<<10)
	}
	return br, enc
}

// crReader turns carriage returns into line feeds.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// utf16Reader decodes UTF-16 to UTF-8; unpaired surrogates become U+FFFD.
type utf16Reader struct {
	r    io.Reader
	big  bool
	in   [4096]byte
	nin  int    // bytes in in (an odd one carried over)
	high uint16 // a high surrogate waiting for its pair, or 0
	out  []byte // decoded, not yet returned
	err  error
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	for len(u.out) == 0 {
		if u.err != nil {
			if u.high != 0 || u.nin > 0 { // dangling half character
				u.out = utf8.AppendRune(u.out, utf8.RuneError)
				u.high, u.nin = 0, 0
				break
			}
			return 0, u.err
		}
		n, err := u.r.Read(u.in[u.nin:])
		u.nin += n
		u.err = err
		u.decode()
	}
	n := copy(p, u.out)
	u.out = u.out[n:]
	return n, nil
}

func (u *utf16Reader) decode() {
	i := 0
	for ; i+1 < u.nin; i += 2 {
		c := uint16(u.in[i]) | uint16(u.in[i+1])<<8
		if u.big {
			c = uint16(u.in[i])<<8 | uint16(u.in[i+1])
		}
		switch {
		case u.high != 0 && c >= 0xdc00 && c < 0xe000:
			u.out = utf8.AppendRune(u.out, utf16.DecodeRune(rune(u.high), rune(c)))
			u.high = 0
			continue
		case u.high != 0:
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
			u.high = 0
		}
		switch {
		case c >= 0xd800 && c < 0xdc00:
			u.high = c
		case c >= 0xdc00 && c < 0xe000:
			u.out = utf8.AppendRune(u.out, utf8.RuneError)
		default:
			u.out = utf8.AppendRune(u.out, rune(c))
		}
	}
	u.nin = copy(u.in[:], u.in[i:u.nin])
}

// cp1252 maps Windows-1252's 0x80-0x9f; the rest of the code page is Latin-1.
var cp1252 = [32]rune{
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
}

// appendCP1252 appends src, read as Windows-1252, to dst as UTF-8.
func appendCP1252(dst, src []byte) []byte {
	for _, c := range src {
		switch {
		case c < 0x80:
			dst = append(dst, c)
		case c < 0xa0:
			dst = utf8.AppendRune(dst, cp1252[c-0x80])
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst
}

// appendText appends b to dst as UTF-8: as is when it is valid UTF-8, else
// read as Windows-1252.
func appendText(dst, b []byte) []byte {
	if utf8.Valid(b) {
		return append(dst, b...)
	}
	return appendCP1252(dst, b)
}
