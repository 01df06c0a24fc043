package console

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// ServeLines serves the console on a plain stream (a pipe, a file): one
// command per line, no echo or editing, notices between answers. A line
// over MaxLine bytes is answered with an error and skipped. It returns
// nil after exit or when ctx ends, and io.EOF (or the read error) when the
// input ends; either way only the session is over, not the box. The
// reader goroutine, which ServeLines does not wait for, ends with the
// input.
func (c *Console) ServeLines(ctx context.Context, r io.Reader, w io.Writer) error {
	out := &lockedWriter{w: w}
	s := c.attach(out)
	defer s.close()
	st := &sessionState{}
	lines := make(chan inputLine)
	go readLines(ctx, r, lines)
	paste := &lineTerm{ctx: ctx, lines: lines}
	for {
		var l inputLine
		select {
		case <-ctx.Done():
			return nil
		case l = <-lines:
		}
		if l.err != nil {
			return l.err
		}
		if l.tooLong {
			fmt.Fprintf(out, "error: line too long (over %d bytes); nothing was done\n", MaxLine)
			continue
		}
		s.setHold(true)
		err := c.exec(ctx, l.text, out, paste, st)
		s.setHold(false)
		if errors.Is(err, ErrExit) {
			return nil
		}
		if paste.end != nil { // the input ended inside pasted text
			return paste.end
		}
	}
}

// lineTerm is the Term of a session on a plain stream: nobody answers
// questions, but text can be pasted (the lines after the command).
type lineTerm struct {
	noTerm
	ctx   context.Context
	lines <-chan inputLine
	end   error // the input's end, once a paste met it
}

// Pasted reads the next line of the stream.
func (l *lineTerm) Pasted() (string, error) {
	if l.end != nil {
		return "", l.end
	}
	select {
	case <-l.ctx.Done():
		return "", l.ctx.Err()
	case in := <-l.lines:
		if in.tooLong {
			return "", ErrLongLine
		}
		if in.err != nil {
			l.end = in.err
		}
		return in.text, in.err
	}
}

// inputLine is one line read, or why there are no more (err).
type inputLine struct {
	text    string
	tooLong bool
	err     error
}

// readLines sends each line of r (without its end of line) to lines; a
// line longer than MaxLine is sent as tooLong and its bytes are skipped
// (memory stays bounded); the end of input is sent as io.EOF.
func readLines(ctx context.Context, r io.Reader, lines chan<- inputLine) {
	br := bufio.NewReaderSize(r, MaxLine+2)
	send := func(l inputLine) bool {
		select {
		case lines <- l:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		var line []byte
		long := false
		var err error
		for {
			var frag []byte
			frag, err = br.ReadSlice('\n')
			if !long {
				line = append(line, frag...)
				if len(bytes.TrimRight(line, "\r\n")) > MaxLine {
					long, line = true, nil
				}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if len(line) > 0 || long {
			if !send(inputLine{text: string(bytes.TrimRight(line, "\r\n")), tooLong: long}) {
				return
			}
		}
		if err != nil {
			send(inputLine{err: err})
			return
		}
	}
}
