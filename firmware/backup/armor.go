package backup

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
)

// The text form: the backup file in base64 between these lines, for a
// terminal to capture and paste back (see doc.go).
const (
	ArmorBegin = "-----BEGIN SECRETARY BACKUP-----"
	ArmorEnd   = "-----END SECRETARY BACKUP-----"
	armorWidth = 76 // base64 characters a line
)

// armorWriter encodes a backup file as text.
type armorWriter struct {
	w    io.Writer
	line []byte // base64 of the current line, not yet written
	tail []byte // 0-2 bytes waiting for a whole base64 group
	err  error
}

// NewArmorWriter starts the text form on w with the given header lines
// ("Format: 1"); Close writes the last line and the END line.
func NewArmorWriter(w io.Writer, header ...string) io.WriteCloser {
	a := &armorWriter{w: w}
	var b strings.Builder
	b.WriteString(ArmorBegin + "\n")
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	b.WriteString("\n")
	_, a.err = io.WriteString(w, b.String())
	return a
}

func (a *armorWriter) Write(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	n := len(p)
	if len(a.tail) > 0 {
		k := min(3-len(a.tail), len(p))
		a.tail = append(a.tail, p[:k]...)
		p = p[k:]
		if len(a.tail) < 3 {
			return n, nil
		}
		a.emit(a.tail)
		a.tail = a.tail[:0]
	}
	whole := len(p) / 3 * 3
	for i := 0; i < whole && a.err == nil; i += 3 * 1024 {
		a.emit(p[i:min(whole, i+3*1024)])
	}
	a.tail = append(a.tail, p[whole:]...)
	return n, a.err
}

// emit encodes whole groups of 3 bytes and writes the full lines.
func (a *armorWriter) emit(p []byte) {
	a.line = base64.StdEncoding.AppendEncode(a.line, p)
	var out []byte
	for len(a.line) >= armorWidth {
		out = append(out, a.line[:armorWidth]...)
		out = append(out, '\n')
		a.line = a.line[armorWidth:]
	}
	a.line = append([]byte(nil), a.line...)
	if len(out) > 0 && a.err == nil {
		_, a.err = a.w.Write(out)
	}
}

func (a *armorWriter) Close() error {
	if a.err != nil {
		return a.err
	}
	a.line = base64.StdEncoding.AppendEncode(a.line, a.tail)
	a.tail = nil
	var out []byte
	for len(a.line) > 0 {
		k := min(armorWidth, len(a.line))
		out = append(out, a.line[:k]...)
		out = append(out, '\n')
		a.line = a.line[k:]
	}
	out = append(out, ArmorEnd+"\n"...)
	_, a.err = a.w.Write(out)
	if a.err == nil {
		a.err = io.ErrClosedPipe
		return nil
	}
	return a.err
}

// maxArmorLine bounds a line of the text form (base64 lines are 76; a
// terminal may add spaces or a prompt).
const maxArmorLine = 4096

// dearmor reads the text form: lines before BEGIN are skipped (a prompt, a
// command echoed), header lines up to an empty line, then base64 lines up
// to END. Spaces and carriage returns around lines are ignored.
type dearmor struct {
	r     *bufio.Reader
	state int // 0 before BEGIN, 1 headers, 2 body, 3 after END
	buf   []byte
	err   error
}

// NewDearmor returns a reader of the backup file held in the text form r.
func NewDearmor(r io.Reader) io.Reader { return &dearmor{r: bufio.NewReaderSize(r, maxArmorLine)} }

func (d *dearmor) nextLine() (string, error) {
	b, err := d.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return "", damaged("a line of the text is too long")
	}
	if err == io.EOF && len(b) > 0 {
		err = nil
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

func (d *dearmor) Read(p []byte) (int, error) {
	for len(d.buf) == 0 {
		if d.err != nil {
			return 0, d.err
		}
		d.err = d.step()
	}
	n := copy(p, d.buf)
	d.buf = d.buf[n:]
	return n, nil
}

// step reads one line and acts on it.
func (d *dearmor) step() error {
	line, err := d.nextLine()
	if err == io.EOF {
		switch d.state {
		case 0:
			return ErrNotBackup
		case 3:
			return io.EOF
		}
		return damaged("the text ends before its END line (was all of it pasted?)")
	}
	if err != nil {
		return err
	}
	switch d.state {
	case 0:
		if line == ArmorBegin {
			d.state = 1
		}
	case 1:
		if line == "" { // the headers are for people; the file inside says its format
			d.state = 2
		}
	case 2:
		if line == ArmorEnd {
			d.state = 3
			return io.EOF
		}
		b, err := base64.StdEncoding.AppendDecode(nil, []byte(strings.ReplaceAll(line, " ", "")))
		if err != nil {
			return damaged("a line of the text is not base64 (%s)", clip(line))
		}
		d.buf = b
	}
	return nil
}

// clip shortens a line for a message.
func clip(s string) string {
	if len(s) > 24 {
		return fmt.Sprintf("%q...", s[:24])
	}
	return fmt.Sprintf("%q", s)
}

// Open returns a reader of a backup file given either as it is or in its
// text form (told apart by the first bytes; blank lines and a terminal's
// stray lines before the text form are skipped).
func Open(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, maxArmorLine)
	head, err := br.Peek(len(magic))
	if len(head) == 0 && err == io.EOF {
		return nil, fmt.Errorf("%w: the file is empty", ErrNotBackup)
	}
	if isBinary(head) {
		return NewReader(br)
	}
	return NewReader(NewDearmor(br))
}
