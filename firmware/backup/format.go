package backup

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"
)

// Format is the version of the backup file this firmware writes; it reads
// this one and refuses newer ones (ErrNewer).
const Format = 1

// The framing (see doc.go).
const (
	magic       = "SECRETARY BACKUP "
	endWord     = "END sha256 "
	maxChunk    = 1 << 16 // bytes a chunk holds at most
	maxLine     = 256     // a header line's length at most
	maxName     = 200
	maxSections = 100000
)

// Kinds of section.
const (
	KindManifest = "manifest" // JSON: Manifest
	KindStore    = "store"    // the database copy
	KindFile     = "file"     // a file of the data directory (a message's audio)
)

// Writer writes a backup file: the first line, sections, and the END line
// with the checksum of everything before it.
type Writer struct {
	w   io.Writer
	sum hash.Hash
	n   int64
	err error
}

// NewWriter starts a backup file on w.
func NewWriter(w io.Writer) *Writer {
	bw := &Writer{w: w, sum: sha256.New()}
	bw.put(fmt.Appendf(nil, "%s%d\n", magic, Format))
	return bw
}

// put writes b and adds it to the checksum.
func (w *Writer) put(b []byte) {
	if w.err != nil {
		return
	}
	w.sum.Write(b)
	var n int
	n, w.err = w.w.Write(b)
	w.n += int64(n)
}

// Section writes one section holding what r gives; it returns its length.
func (w *Writer) Section(kind, name string, r io.Reader) (int64, error) {
	if !validKind(kind) || !ValidName(name) {
		return 0, fmt.Errorf("backup: bad section %q %q", kind, name)
	}
	w.put(fmt.Appendf(nil, "+%s %s\n", kind, name))
	buf := make([]byte, maxChunk)
	var total int64
	for w.err == nil {
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			w.put(fmt.Appendf(nil, "%d\n", n))
			w.put(buf[:n])
			total += int64(n)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return total, err
		}
	}
	w.put([]byte("0\n"))
	return total, w.err
}

// Close writes the END line. It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	line := endWord + hex.EncodeToString(w.sum.Sum(nil)) + "\n"
	var n int
	n, w.err = io.WriteString(w.w, line)
	w.n += int64(n)
	return w.err
}

// Len is how many bytes were written.
func (w *Writer) Len() int64 { return w.n }

func validKind(k string) bool { return k == KindManifest || k == KindStore || k == KindFile }

// ValidName reports whether s can name a section: a relative path of
// letters, digits, '.', '_' and '-' between single slashes, no part "." or
// "..", at most 200 bytes.
func ValidName(s string) bool {
	if s == "" || len(s) > maxName {
		return false
	}
	for _, part := range strings.Split(s, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// Section is one section of a backup file.
type Section struct {
	Kind string
	Name string
}

// Reader reads a backup file section by section. What it gives is not to
// be trusted until Next returns io.EOF: only then was the checksum found
// right.
type Reader struct {
	r        *bufio.Reader
	sum      hash.Hash
	left     int64 // bytes left in the current chunk
	inSec    bool  // between a section line and its "0" chunk
	short    bool  // the last chunk was short: the section ends next
	sections int
	n        int64
	err      error // sticky
	noSum    bool  // tests: any END line passes (so a fuzzer gets past it)
}

// NewReader reads the first line of a backup file: ErrNotBackup if it is
// not one, ErrNewer if a newer firmware wrote it.
func NewReader(r io.Reader) (*Reader, error) {
	br := &Reader{r: bufio.NewReaderSize(r, maxChunk), sum: sha256.New()}
	head, err := br.r.Peek(len(magic))
	switch {
	case len(head) == 0 && err == io.EOF:
		return nil, fmt.Errorf("%w: the file is empty", ErrNotBackup)
	case len(head) < len(magic) && err != nil && err != io.EOF:
		return nil, err
	case !isBinary(head):
		return nil, ErrNotBackup
	}
	line, err := br.line()
	if err != nil {
		return nil, cut(err)
	}
	v := strings.TrimPrefix(line, magic)
	ver, err := strconv.Atoi(v)
	if err != nil || ver < 1 || strconv.Itoa(ver) != v {
		return nil, ErrNotBackup
	}
	if ver > Format {
		return nil, &NewerError{Found: ver}
	}
	return br, nil
}

// line reads one header line (without its newline) into the checksum.
func (r *Reader) line() (string, error) {
	b, err := r.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull || err == nil && len(b) > maxLine {
		return "", damaged("a line is too long")
	}
	if err != nil {
		if err == io.EOF && len(b) > 0 {
			return "", damaged("the file is cut short")
		}
		return "", err
	}
	if len(b) > maxLine {
		return "", damaged("a line is too long")
	}
	r.sum.Write(b)
	r.n += int64(len(b))
	return string(b[:len(b)-1]), nil
}

// Next skips what is left of the current section and returns the next
// one, or io.EOF at the END line with the checksum right; any other error
// means the file cannot be trusted.
func (r *Reader) Next() (Section, error) {
	if r.err != nil {
		return Section{}, r.err
	}
	for r.inSec {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return Section{}, r.fail(err)
		}
	}
	sum := r.sum.Sum(nil) // of everything before this line
	line, err := r.line()
	if err != nil {
		return Section{}, r.fail(cut(err))
	}
	if hexSum, ok := strings.CutPrefix(line, endWord); ok {
		return Section{}, r.fail(r.end(sum, hexSum))
	}
	rest, ok := strings.CutPrefix(line, "+")
	kind, name, ok2 := strings.Cut(rest, " ")
	if !ok || !ok2 || !validKind(kind) || !ValidName(name) {
		return Section{}, r.fail(damaged("a section line is not understood"))
	}
	if r.sections++; r.sections > maxSections {
		return Section{}, r.fail(damaged("too many sections"))
	}
	r.inSec, r.left, r.short = true, 0, false
	return Section{Kind: kind, Name: name}, nil
}

// end checks the checksum and that nothing follows.
func (r *Reader) end(sum []byte, hexSum string) error {
	want := hex.EncodeToString(sum)
	if hexSum != want && !r.noSum {
		return errChecksum()
	}
	if _, err := r.r.ReadByte(); err != io.EOF {
		if err != nil {
			return err
		}
		return damaged("something follows its end")
	}
	return io.EOF
}

// cut turns an early end of input into damage.
func cut(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return damaged("the file is cut short")
	}
	return err
}

func (r *Reader) fail(err error) error {
	r.err = err
	return err
}

// Read reads the current section's content; io.EOF at its end.
func (r *Reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if !r.inSec {
		return 0, io.EOF
	}
	for r.left == 0 {
		line, err := r.line()
		if err != nil {
			return 0, r.fail(cut(err))
		}
		n, err := strconv.ParseInt(line, 10, 32)
		if err != nil || n < 0 || n > maxChunk || strconv.FormatInt(n, 10) != line {
			return 0, r.fail(damaged("a chunk length is not understood"))
		}
		if n == 0 {
			r.inSec = false
			return 0, io.EOF
		}
		if r.short { // the writer fills every chunk but the last
			return 0, r.fail(damaged("a chunk length is not understood"))
		}
		r.left, r.short = n, n < maxChunk
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.r.Read(p)
	r.sum.Write(p[:n])
	r.n += int64(n)
	r.left -= int64(n)
	if err != nil && !(err == io.EOF && r.left == 0) {
		return n, r.fail(cut(err))
	}
	return n, nil
}

// Len is how many bytes were read.
func (r *Reader) Len() int64 { return r.n }

// isBinary reports whether head starts like a backup file.
func isBinary(head []byte) bool { return bytes.HasPrefix(head, []byte(magic)) }
