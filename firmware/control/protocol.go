package control

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The protocol (see doc.go).
const (
	requestPrefix = "SECRETARY-CONTROL 1 "
	maxRequest    = 64 << 10 // the request line at most
	maxArgs       = 256
	maxFrame      = 64 << 10 // a frame's payload at most
)

// Frame types.
const (
	frameStdin    = 'I' // client: bytes of standard input
	frameStdinEnd = 'Z' // client: standard input ended (no payload)
	frameStdout   = 'O' // server: bytes of standard output
	frameStderr   = 'E' // server: bytes of standard error
	frameExit     = 'X' // server: the exit status (one byte); the last frame
)

// EncodeRequest is the request line for argv.
func EncodeRequest(argv []string) ([]byte, error) {
	if err := checkArgs(argv); err != nil {
		return nil, err
	}
	js, err := json.Marshal(argv)
	if err != nil {
		return nil, err
	}
	line := append([]byte(requestPrefix), js...)
	if len(line)+1 > maxRequest {
		return nil, fmt.Errorf("%w: the command line is over %d bytes", ErrRequest, maxRequest)
	}
	return append(line, '\n'), nil
}

// ParseRequest reads a request line (without its newline): the argv.
func ParseRequest(line []byte) ([]string, error) {
	if len(line) > maxRequest {
		return nil, fmt.Errorf("%w: over %d bytes", ErrRequest, maxRequest)
	}
	js, ok := bytes.CutPrefix(line, []byte(requestPrefix))
	if !ok {
		if bytes.HasPrefix(line, []byte("SECRETARY-CONTROL ")) {
			return nil, fmt.Errorf("%w: another protocol version (%q); this firmware speaks 1", ErrRequest, clip(line))
		}
		return nil, fmt.Errorf("%w: not a request (%q)", ErrRequest, clip(line))
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	var argv []string
	if err := dec.Decode(&argv); err != nil {
		return nil, fmt.Errorf("%w: the argument list is not a JSON array of strings", ErrRequest)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: something follows the argument list", ErrRequest)
	}
	if err := checkArgs(argv); err != nil {
		return nil, err
	}
	return argv, nil
}

// checkArgs: 1 to 256 words of UTF-8 text without NUL or line breaks.
func checkArgs(argv []string) error {
	if len(argv) == 0 || len(argv) > maxArgs {
		return fmt.Errorf("%w: %d words (1 to %d)", ErrRequest, len(argv), maxArgs)
	}
	for _, a := range argv {
		if !utf8.ValidString(a) || strings.ContainsAny(a, "\x00\n\r") {
			return fmt.Errorf("%w: a word is not plain text", ErrRequest)
		}
	}
	return nil
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// readRequest reads the request line from r.
func readRequest(r *bufio.Reader) ([]string, error) {
	var line []byte
	for {
		frag, err := r.ReadSlice('\n')
		line = append(line, frag...)
		if len(line) > maxRequest+1 {
			return nil, fmt.Errorf("%w: over %d bytes", ErrRequest, maxRequest)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return nil, err
		}
		return ParseRequest(line[:len(line)-1])
	}
}

// writeFrame writes one frame.
func writeFrame(w io.Writer, typ byte, p []byte) error {
	var h [5]byte
	h[0] = typ
	binary.BigEndian.PutUint32(h[1:], uint32(len(p)))
	if _, err := w.Write(append(h[:], p...)); err != nil {
		return err
	}
	return nil
}

// readFrame reads one frame's header and payload into buf.
func readFrame(r io.Reader, buf []byte) (byte, []byte, error) {
	var h [5]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(h[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("%w: a frame of %d bytes", ErrProtocol, n)
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(r, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	return h[0], buf, nil
}

// frameWriter writes what is written to it as frames of one type.
type frameWriter struct {
	w   *connWriter
	typ byte
}

func (f frameWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), maxFrame)
		if err := f.w.frame(f.typ, p[:k]); err != nil {
			return n, err
		}
		n += k
		p = p[k:]
	}
	return n, nil
}
