package console

import (
	"io"
	"unicode/utf8"
)

// keyFilter sits between the line and x/term's Terminal and mends two ways
// its input could wedge the console: a byte that is not UTF-8 (line noise,
// a wrong baud rate) is dropped, because Terminal would wait forever for
// the rest of the character; and on a resident console ^C becomes "clear
// the line, fresh prompt" and ^D is dropped, because Terminal reports both
// as end of input without consuming them, so every later read would end
// the same way.
type keyFilter struct {
	r        io.Reader
	resident bool
	pending  []byte // an incomplete UTF-8 sequence from the last read
	out      []byte // filtered bytes not yet returned
	err      error  // the line's own error, once seen
}

// clearLine is ^E (end of line), ^U (erase to its start), Enter: an empty
// line, which the console answers with a fresh prompt.
var clearLine = []byte{5, 21, '\r'}

func (f *keyFilter) Read(b []byte) (int, error) {
	for len(f.out) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		buf := make([]byte, len(b))
		n, err := f.r.Read(buf)
		f.err = err
		f.filter(buf[:n])
	}
	n := copy(b, f.out)
	f.out = f.out[n:]
	return n, nil
}

func (f *keyFilter) filter(in []byte) {
	p := append(f.pending, in...)
	f.pending = nil
	for len(p) > 0 {
		c := p[0]
		if c < utf8.RuneSelf {
			switch {
			case f.resident && c == 3:
				f.out = append(f.out, clearLine...)
			case f.resident && c == 4:
			default:
				f.out = append(f.out, c)
			}
			p = p[1:]
			continue
		}
		if !utf8.FullRune(p) {
			f.pending = append([]byte(nil), p...) // wait for the rest
			return
		}
		r, size := utf8.DecodeRune(p)
		if r != utf8.RuneError || size > 1 {
			f.out = append(f.out, p[:size]...)
		}
		p = p[size:]
	}
}
