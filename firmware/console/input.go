package console

import (
	"errors"
	"io"
	"unicode/utf8"
)

// keyFilter sits between the line and x/term's Terminal and mends the ways
// its input could wedge the console: a byte that is not UTF-8 (line noise,
// a wrong baud rate) is dropped, because Terminal would wait forever for
// the rest of the character; ^C becomes "clear the line, fresh prompt" and
// ^D is dropped, because Terminal reports both as end of input without
// consuming them, so every later read would end the same way. (A ^C typed
// while a command answers never gets here: the pump takes it.)
//
// Read hands out keys up to and including the first Enter, so the
// Terminal never holds keys typed after a line: after exit they belong to
// the way-back prompt (pause), which reads them raw.
type keyFilter struct {
	r       io.Reader
	pending []byte // an incomplete UTF-8 sequence from the last read
	out     []byte // valid bytes not yet handed out, ^C and ^D as typed
	err     error  // the line's own error, once seen
	lastCR  bool   // the last key handed out was CR (an LF right after it is the same Enter)
}

// clearLine is ^E (end of line), ^U (erase to its start), Enter: an empty
// line, which the console answers with a fresh prompt.
var clearLine = []byte{5, 21, '\r'}

func (f *keyFilter) Read(b []byte) (int, error) {
	for {
		if err := f.fill(); err != nil {
			return 0, err
		}
		n := 0
		for n < len(b) && len(f.out) > 0 {
			c := f.out[0]
			switch c {
			case 3:
				if n+len(clearLine) > len(b) {
					return n, nil
				}
				f.out = f.out[1:]
				n += copy(b[n:], clearLine)
				f.lastCR = true
				return n, nil
			case 4:
				f.out = f.out[1:]
				continue
			}
			b[n] = c
			n++
			f.out = f.out[1:]
			f.lastCR = c == '\r'
			if c == '\r' || c == '\n' {
				return n, nil
			}
		}
		if n > 0 {
			return n, nil
		}
	}
}

// fill reads until there is something to hand out or the line fails.
func (f *keyFilter) fill() error {
	for len(f.out) == 0 {
		if f.err != nil {
			return f.err
		}
		buf := make([]byte, 256)
		n, err := f.r.Read(buf)
		f.filter(buf[:n])
		if errors.Is(err, ErrInterrupted) || errors.Is(err, errIdle) {
			if len(f.out) == 0 {
				return err // once, not the line's end
			}
			continue
		}
		f.err = err
	}
	return nil
}

// pause waits for Enter (true) or ^C (false), dropping other keys; err
// when the line ends.
func (f *keyFilter) pause() (enter bool, err error) {
	for {
		if err := f.fill(); err != nil {
			return false, err
		}
		c := f.out[0]
		f.out = f.out[1:]
		wasCR := f.lastCR
		f.lastCR = c == '\r'
		switch {
		case c == '\r', c == '\n' && !wasCR:
			return true, nil
		case c == 3:
			return false, nil
		}
	}
}

func (f *keyFilter) filter(in []byte) {
	p := append(f.pending, in...)
	f.pending = nil
	for len(p) > 0 {
		c := p[0]
		if c < utf8.RuneSelf {
			f.out = append(f.out, c)
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
