package serialport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.bug.st/serial"
)

// Config holds the hardware facts of a serial link.
type Config struct {
	// Baud is the line rate. Default 115200 (8 kHz x 8-bit voice needs
	// more than 80 kbit/s on a real UART; USB CDC-ACM modems ignore it).
	Baud int
	// Poll, if positive, is the port's read timeout: a blocked Read wakes
	// this often (and waits on). Default 0: no timeout, so an idle line
	// wakes nobody; Close still ends a blocked Read at once
	// (go.bug.st/serial signals pending reads through a pipe).
	Poll time.Duration
	// NoLock disables the advisory device lock (tests of the lock itself).
	NoLock bool
}

func (c Config) withDefaults() Config {
	if c.Baud <= 0 {
		c.Baud = 115200
	}
	return c
}

// Port is an open serial device. Read blocks until data arrives, the device
// goes away (an error wrapping ErrGone) or Close is called (ErrClosed).
type Port struct {
	path string
	p    serial.Port
	lock *os.File // holds the flock; nil with NoLock

	mu     sync.Mutex
	closed bool
	gone   bool
}

// Open opens path (a symlink such as /dev/serial/by-id/... is resolved at
// open time) at cfg.Baud 8N1 with DTR and RTS asserted, drops stale input,
// and takes the device lock.
func Open(path string, cfg Config) (*Port, error) {
	cfg = cfg.withDefaults()
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, &OpenError{Path: path, Err: err}
	}
	var lock *os.File
	if !cfg.NoLock {
		lock, err = lockDevice(real)
		if err != nil {
			return nil, &OpenError{Path: path, Err: err}
		}
	}
	p, err := serial.Open(real, &serial.Mode{BaudRate: cfg.Baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		if lock != nil {
			lock.Close()
		}
		return nil, &OpenError{Path: path, Err: err}
	}
	timeout := serial.NoTimeout
	if cfg.Poll > 0 {
		timeout = cfg.Poll
	}
	if err := p.SetReadTimeout(timeout); err != nil {
		p.Close()
		if lock != nil {
			lock.Close()
		}
		return nil, &OpenError{Path: path, Err: err}
	}
	// Stale bytes written while nobody listened are not for us. A pty may
	// refuse some ioctls (ENOTTY): tolerated, the flush is best effort.
	_ = p.ResetInputBuffer()
	return &Port{path: path, p: p, lock: lock}, nil
}

// Opener returns a function that opens path with cfg, for reopen loops such
// as modem.Supervisor. The context only bounds the wait for the path to exist.
func Opener(path string, cfg Config) func(ctx context.Context) (io.ReadWriteCloser, error) {
	return func(ctx context.Context) (io.ReadWriteCloser, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := Open(path, cfg)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
}

// Path is the path the port was opened with.
func (p *Port) Path() string { return p.path }

// Read reads at least one byte. A timeout of the underlying port, which
// go.bug.st/serial reports as (0, nil), is not the end of input: Read waits
// on until data, an error, or Close.
func (p *Port) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		if p.isClosed() {
			return 0, ErrClosed
		}
		n, err := p.p.Read(b)
		if n > 0 {
			return n, nil
		}
		if err != nil {
			if p.isClosed() {
				return 0, ErrClosed
			}
			p.markGone()
			return 0, fmt.Errorf("%w: %s: %v", ErrGone, p.path, err)
		}
		// (0, nil): a read timeout; loop.
	}
}

// Write writes b; an error after the device vanished wraps ErrGone.
func (p *Port) Write(b []byte) (int, error) {
	if p.isClosed() {
		return 0, ErrClosed
	}
	n, err := p.p.Write(b)
	if err != nil {
		if p.isClosed() {
			return n, ErrClosed
		}
		p.markGone()
		return n, fmt.Errorf("%w: %s: %v", ErrGone, p.path, err)
	}
	return n, nil
}

// SetDTR drives DTR where the device supports it; ptys do not (ENOTTY), which
// is reported as nil because there is nothing to drive.
func (p *Port) SetDTR(on bool) error {
	if p.isClosed() {
		return ErrClosed
	}
	if err := p.p.SetDTR(on); err != nil && !isNotTTY(err) {
		return fmt.Errorf("serialport: %s: set DTR: %w", p.path, err)
	}
	return nil
}

// Close releases the device and its lock and unblocks a pending Read.
// It is idempotent.
func (p *Port) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	err := p.p.Close()
	if p.lock != nil {
		unlockDevice(p.lock)
	}
	var pe *serial.PortError
	if errors.As(err, &pe) && pe.Code() == serial.PortClosed {
		err = nil
	}
	return err
}

func (p *Port) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

func (p *Port) markGone() {
	p.mu.Lock()
	p.gone = true
	p.mu.Unlock()
}
