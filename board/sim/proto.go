package sim

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"sync"
)

// Pin names on the wire.
const (
	PinRelay  = "relay"  // out: high energises the relay (isolated)
	PinRM     = "rm"     // out: SLIC ring mode
	PinFR     = "fr"     // out: SLIC forward/reverse
	PinLED    = "led"    // out: high = lit
	PinSHK    = "shk"    // in: high = handset off-hook
	PinButton = "button" // in: low = pressed (pull-up)
)

// msg is one JSON line; see doc.go for the operations.
type msg struct {
	Op     string          `json:"op"`
	ID     int64           `json:"id,omitempty"`
	Role   string          `json:"role,omitempty"`
	Pin    string          `json:"pin,omitempty"`
	Level  bool            `json:"level,omitempty"`
	PCM    []byte          `json:"pcm,omitempty"` // int16 little-endian, base64 in JSON
	Text   string          `json:"text,omitempty"`
	Err    string          `json:"err,omitempty"`
	Modem  string          `json:"modem,omitempty"`
	Levels map[string]bool `json:"levels,omitempty"`
	State  *State          `json:"state,omitempty"`
}

func pcmBytes(pcm []int16) []byte {
	b := make([]byte, 2*len(pcm))
	for i, v := range pcm {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(v))
	}
	return b
}

func pcmSamples(b []byte) []int16 {
	s := make([]int16, len(b)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
	}
	return s
}

// wire is one socket connection: JSON lines in both directions.
type wire struct {
	c   net.Conn
	r   *bufio.Reader
	wmu sync.Mutex
}

func newWire(c net.Conn) *wire { return &wire{c: c, r: bufio.NewReaderSize(c, 64<<10)} }

// maxLine bounds one message (PCM is sent in chunks well below this).
const maxLine = 8 << 20

func (w *wire) send(m msg) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	w.wmu.Lock()
	defer w.wmu.Unlock()
	_, err = w.c.Write(b)
	return err
}

func (w *wire) recv() (msg, error) {
	var line []byte
	for {
		part, isPrefix, err := w.r.ReadLine()
		if err != nil {
			return msg{}, err
		}
		line = append(line, part...)
		if len(line) > maxLine {
			return msg{}, fmt.Errorf("sim: message longer than %d bytes", maxLine)
		}
		if !isPrefix {
			break
		}
	}
	return decodeLine(line)
}

// decodeLine parses one protocol line.
func decodeLine(line []byte) (msg, error) {
	var m msg
	if err := json.Unmarshal(line, &m); err != nil {
		return msg{}, fmt.Errorf("sim: bad message: %w", err)
	}
	if m.Op == "" {
		return msg{}, fmt.Errorf("sim: message without op")
	}
	if len(m.PCM)%2 != 0 {
		return msg{}, fmt.Errorf("sim: odd PCM length %d", len(m.PCM))
	}
	return m, nil
}

func (w *wire) Close() error { return w.c.Close() }

var _ io.Closer = (*wire)(nil)
