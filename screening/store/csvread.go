package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
)

// csvReader reads delimited text line by line. Unlike encoding/csv it
// never lets one bad quote swallow the rest of the file: a quoted field may
// run over several lines (Google and Outlook put addresses and notes with
// line breaks in quotes), but when its quote is not closed within
// maxSpanLines, or the record it makes does not have the expected number
// of fields, the record's first line is reported bad and reading resumes
// on the line after it.
type csvReader struct {
	br     *bufio.Reader
	delim  byte
	expect int // fields a multi-line record must have (0: any)
	// isRecord tells a field that only a row of its own would hold (see
	// looksLikeRecords); nil: none.
	isRecord func(field []byte) bool
	numCols  []int // the fields isRecord looks at; nil: every field

	q      []qline // lines read ahead, q[0] first
	nread  int     // physical lines read
	eof    error   // io.EOF or a read error, once seen
	fields [][2]int
	fbuf   []byte
	free   [][]byte // line buffers for reuse
	long   []byte   // a line longer than the reader's buffer
	out    [][]byte
}

type qline struct {
	num  int
	text []byte
	long bool // over maxLineBytes; text is empty
}

const (
	maxSpanLines = 100     // lines one quoted field may span
	maxLineBytes = 1 << 20 // longer lines are reported and skipped
)

// errLineTooLong marks a physical line over maxLineBytes.
var errLineTooLong = errors.New("line longer than 1 MB")

func newCSVReader(br *bufio.Reader) *csvReader {
	return &csvReader{br: br, delim: ','}
}

// readLine reads one physical line into a queue slot; false at the end.
func (c *csvReader) readLine() (bool, error) {
	if c.eof != nil {
		return false, nil
	}
	part, err := c.br.ReadSlice('\n')
	line, tooLong := part, false
	if err == bufio.ErrBufferFull {
		c.long = append(c.long[:0], part...)
		for err == bufio.ErrBufferFull {
			part, err = c.br.ReadSlice('\n')
			if tooLong || len(c.long)+len(part) > maxLineBytes {
				tooLong = true
			} else {
				c.long = append(c.long, part...)
			}
		}
		line = c.long
	}
	if err != nil {
		c.eof = err
		if len(line) == 0 && !tooLong {
			if err != io.EOF {
				return false, fmt.Errorf("store: import: %w", err)
			}
			return false, nil
		}
	}
	c.nread++
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	var buf []byte
	if n := len(c.free); n > 0 {
		buf, c.free = c.free[n-1][:0], c.free[:n-1]
	}
	if !tooLong {
		buf = appendText(buf, line)
	}
	c.q = append(c.q, qline{num: c.nread, text: buf, long: tooLong})
	return true, nil
}

// fill makes sure q holds at least n lines; false if the input ends first.
func (c *csvReader) fill(n int) (bool, error) {
	for len(c.q) < n {
		ok, err := c.readLine()
		if !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

// drop removes the first n queued lines.
func (c *csvReader) drop(n int) {
	for _, l := range c.q[:n] {
		if cap(l.text) > 0 && cap(l.text) <= 64<<10 {
			c.free = append(c.free, l.text)
		}
	}
	m := copy(c.q, c.q[n:])
	for i := m; i < len(c.q); i++ {
		c.q[i] = qline{}
	}
	c.q = c.q[:m]
}

// detectDelimiter looks at the first non-blank line: Excel's "sep=;" line
// names the delimiter (and is dropped), else the most frequent of comma,
// semicolon and tab outside quotes wins (comma on a tie or none).
func (c *csvReader) detectDelimiter() error {
	for i := 1; ; i++ {
		ok, err := c.fill(i)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		line := c.q[i-1].text
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if len(line) == 5 && bytes.EqualFold(line[:4], []byte("sep=")) { // Excel's hint line
			c.delim = line[4]
			c.drop(i)
			return nil
		}
		var n [3]int
		quoted := false
		for _, b := range line {
			switch {
			case b == '"':
				quoted = !quoted
			case quoted:
			case b == ',':
				n[0]++
			case b == ';':
				n[1]++
			case b == '\t':
				n[2]++
			}
		}
		best := 0
		for k := 1; k < 3; k++ {
			if n[k] > n[best] {
				best = k
			}
		}
		c.delim = ",;\t"[best]
		return nil
	}
}

// read returns the next record's fields (valid until the next call) and
// the line it starts on. A record that cannot be read comes back as an
// *ImportError; the next call goes on with the following line. It returns
// io.EOF at the end of the input.
func (c *csvReader) read() ([][]byte, int, error) {
	for {
		ok, err := c.fill(1)
		if err != nil {
			return nil, c.nread, err
		}
		if !ok {
			return nil, 0, io.EOF
		}
		first := c.q[0]
		if first.long {
			c.drop(1)
			return nil, first.num, &ImportError{Line: first.num, Err: errLineTooLong}
		}
		span, reason, err := c.parse()
		if err != nil {
			return nil, first.num, err
		}
		if reason != "" {
			c.drop(1)
			return nil, first.num, &ImportError{Line: first.num, Err: errors.New(reason)}
		}
		c.drop(span)
		c.out = c.out[:0]
		for _, f := range c.fields {
			c.out = append(c.out, c.fbuf[f[0]:f[1]:f[1]])
		}
		return c.out, first.num, nil
	}
}

// parse reads the record starting at q[0] into fields. It returns the
// lines the record spans, or a reason it cannot be read.
func (c *csvReader) parse() (span int, reason string, err error) {
	c.fields, c.fbuf = c.fields[:0], c.fbuf[:0]
	li, line, i := 0, c.q[0].text, 0
	for {
		start := len(c.fbuf)
		col := len(c.fields) + 1
		j := i
		for j < len(line) && line[j] == ' ' {
			j++
		}
		if j < len(line) && line[j] == '"' {
			i = j + 1
			for {
				k := bytes.IndexByte(line[i:], '"')
				if k < 0 { // the field goes on on the next line
					c.fbuf = append(c.fbuf, line[i:]...)
					li++
					ok, err := c.fill(li + 1)
					if err != nil {
						return 0, "", err
					}
					if !ok || li >= maxSpanLines || c.q[li].long || len(c.fbuf) > maxLineBytes {
						return 0, fmt.Sprintf("the quote that opens column %d is not closed", col), nil
					}
					c.fbuf = append(c.fbuf, '\n')
					line, i = c.q[li].text, 0
					continue
				}
				c.fbuf = append(c.fbuf, line[i:i+k]...)
				i += k + 1
				if i < len(line) && line[i] == '"' { // "" is a quote
					c.fbuf = append(c.fbuf, '"')
					i++
					continue
				}
				break
			}
			for i < len(line) && line[i] == ' ' {
				i++
			}
			if i < len(line) && line[i] != c.delim {
				return 0, fmt.Sprintf("text after the closing quote of column %d", col), nil
			}
		} else {
			k := bytes.IndexByte(line[i:], c.delim)
			if k < 0 {
				k = len(line) - i
			}
			c.fbuf = append(c.fbuf, line[i:i+k]...)
			i += k
		}
		c.fields = append(c.fields, [2]int{start, len(c.fbuf)})
		if i >= len(line) {
			break
		}
		i++ // the delimiter
	}
	if li > 0 && (!c.widthFits() || c.looksLikeRecords(li)) {
		// most likely a quote left open that found a partner lines later
		return 0, "a quote in this line is not closed", nil
	}
	return li + 1, "", nil
}

// widthFits reports whether the record just parsed has the fields a row
// spanning several lines must have: as many as the header (c.expect), or
// more if the extra ones are blank.
func (c *csvReader) widthFits() bool {
	if c.expect == 0 || len(c.fields) == c.expect {
		return true
	}
	if len(c.fields) < c.expect {
		return false
	}
	for _, f := range c.fields[c.expect:] {
		if len(bytes.TrimSpace(c.fbuf[f[0]:f[1]])) > 0 {
			return false
		}
	}
	return true
}

// looksLikeRecords reports whether one of the lines q[1..last] that a
// quoted field ran over holds, split at the delimiter on its own, a field
// that c.isRecord accepts (a telephone number) in a number column: then
// they are rows of their own after a quote left open, not the lines of a
// note or address.
func (c *csvReader) looksLikeRecords(last int) bool {
	if c.isRecord == nil {
		return false
	}
	for _, l := range c.q[1 : last+1] {
		i := 0
		for f := range bytes.SplitSeq(l.text, []byte{c.delim}) {
			if (c.numCols == nil || slices.Contains(c.numCols, i)) && c.isRecord(bytes.Trim(f, "\" ")) {
				return true
			}
			i++
		}
	}
	return false
}
