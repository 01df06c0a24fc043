package console

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Paster is a session that can take pasted text line by line: a terminal
// (read without echo, so a long paste is not sent back) or a pipe.
type Paster interface {
	Pasted() (string, error)
}

// pasted reads pasted lines up to a line holding only end (kept when
// keepEnd), as text with "\n" after each line, reporting every
// pasteProgress lines to progress.
type pasted struct {
	p        Paster
	end      string
	keepEnd  bool
	progress io.Writer
	buf      []byte
	lines    int
	done     bool
	err      error
}

// pasteProgress is how many pasted lines pass between progress reports
// (a few seconds of pasting at 115200 baud).
const pasteProgress = 1000

func (p *pasted) Read(b []byte) (int, error) {
	for len(p.buf) == 0 {
		if p.done {
			return 0, io.EOF
		}
		if p.err != nil {
			return 0, p.err
		}
		line, err := p.p.Pasted()
		if err == nil || errors.Is(err, ErrLongLine) {
			p.lines++
		}
		switch {
		case errors.Is(err, ErrLongLine):
			if p.progress != nil {
				fmt.Fprintf(p.progress, "line %d: skipped: over %d bytes\n", p.lines, MaxLine)
			}
			line = "" // keeps the lines after it numbered as pasted
		case errors.Is(err, io.EOF):
			p.done = true
			continue
		case err != nil:
			p.err = err
			return 0, err
		}
		if p.progress != nil && p.lines%pasteProgress == 0 {
			fmt.Fprintf(p.progress, "... %d lines\n", p.lines)
		}
		if strings.TrimSpace(line) == p.end {
			p.done = true
			if !p.keepEnd {
				continue
			}
		}
		p.buf = append(p.buf[:0], line...)
		p.buf = append(p.buf, '\n')
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	return n, nil
}

// drain reads what is left of the paste, so that it is not taken for
// commands when the command stopped early (a ^C stops that too).
func (p *pasted) drain() {
	for !p.done && p.err == nil {
		line, err := p.p.Pasted()
		switch {
		case errors.Is(err, ErrLongLine):
		case err != nil:
			return
		case strings.TrimSpace(line) == p.end:
			p.done = true
		}
	}
}
