package modemtest

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
	"github.com/jonboulle/clockwork"
	"golang.org/x/term"
)

// Errors of the emulator.
var (
	ErrClosed     = errors.New("modemtest: closed")
	ErrNotStarted = errors.New("modemtest: not started")
	ErrUnplugged  = errors.New("modemtest: unplugged")
	ErrBusyCall   = errors.New("modemtest: a call is already in progress")
	ErrLineBusy   = errors.New("modemtest: the line is busy (a phone on it is off-hook)")
)

// Fault is a misbehaviour the emulator can be told to show.
type Fault int

const (
	FaultNone     Fault = iota
	FaultNoAnswer       // reads commands, answers nothing (a hung modem)
	FaultError          // answers ERROR to every command
	FaultGarbage        // prefixes every answer with a line of noise
)

func (f Fault) String() string {
	switch f {
	case FaultNone:
		return "none"
	case FaultNoAnswer:
		return "no-answer"
	case FaultError:
		return "error"
	case FaultGarbage:
		return "garbage"
	}
	return "Fault(?)"
}

// Config holds the emulator's setup. The zero value is a Zoom 3095 without
// a stable link, on the real clock, logging nowhere.
type Config struct {
	Profile Profile
	// Link, if set, is a symlink re-pointed at the current pty slave on
	// every (re)plug and removed on unplug, like /dev/serial/by-id/...
	Link string
	// Clock drives ring cadence, tone lengths and audio pacing. Default real.
	Clock clockwork.Clock
	// Logger receives debug traces. Default discard.
	Logger *slog.Logger
	// OnRecord, if set, is called (from emulator goroutines, without locks
	// held) for every Record as it happens.
	OnRecord func(Record)
	// DTMFBrackets sends caller keys IS-101 style (<DLE>/ <DLE>d... <DLE>~)
	// instead of one <DLE>d per key.
	DTMFBrackets bool
}

// Emulator is one simulated modem. Its methods are safe for concurrent use.
type Emulator struct {
	cfg   Config
	prof  profileData
	clock clockwork.Clock
	log   *slog.Logger

	outMu sync.Mutex // serialises writes to the master

	mu      sync.Mutex
	started bool
	closed  bool
	gen     *generation // current pty; nil while unplugged
	st      modemState
	fault   Fault
	call    *Call
	ext     bool // a phone on the line (the handset, through the relay) is off-hook
	records []Record
	heard   []int16
	waiters []chan struct{}
	wg      sync.WaitGroup
	// transferTo is the number a call was just handed to (the box hung up
	// with it connected), for the call's end reason
	transferTo string
}

// generation is one plugged-in lifetime: one pty master.
type generation struct {
	master  *os.File
	slave   string
	done    chan struct{}
	quit    chan struct{} // closed by Unplug before the master closes
	lastEIO time.Time     // last time a read found no DTE (guarded by Emulator.mu)
	dte     bool          // a DTE has the slave open (guarded by Emulator.mu)
}

// New makes an emulator. It does no I/O: Start creates the pty.
func New(cfg Config) *Emulator {
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Emulator{cfg: cfg, prof: profileFor(cfg.Profile), clock: cfg.Clock, log: cfg.Logger}
	e.st.reset(e.prof)
	return e
}

// Start creates the pty (and the Link) and starts serving it.
func (e *Emulator) Start() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if e.started {
		return nil
	}
	e.started = true
	return e.plugLocked()
}

// Path is where a DTE opens the modem: the Link if configured, else the
// current pty slave ("" while unplugged).
func (e *Emulator) Path() string {
	if e.cfg.Link != "" {
		return e.cfg.Link
	}
	return e.SlavePath()
}

// SlavePath is the current pty slave, "" while unplugged.
func (e *Emulator) SlavePath() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.gen == nil {
		return ""
	}
	return e.gen.slave
}

// SetFault makes the modem misbehave (FaultNone restores it).
func (e *Emulator) SetFault(f Fault) {
	e.mu.Lock()
	e.fault = f
	e.mu.Unlock()
	e.record(Record{Kind: RecFault, Text: f.String()})
}

// Unplug closes the pty master, as pulling the USB cable would: the DTE's
// reads fail at once, the Link disappears, the modem goes on-hook.
func (e *Emulator) Unplug() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrClosed
	}
	g := e.gen
	e.gen = nil
	wasOff := e.st.offHook
	e.st.reset(e.prof)
	e.mu.Unlock()
	if g == nil {
		return nil
	}
	if e.cfg.Link != "" {
		_ = os.Remove(e.cfg.Link)
	}
	close(g.quit)
	err := g.master.Close()
	<-g.done
	if wasOff {
		e.record(Record{Kind: RecOnHook, Text: "unplug"})
		e.lineChanged()
	}
	e.record(Record{Kind: RecUnplug, Text: g.slave})
	return err
}

// Replug makes a new pty (a new slave path) and re-points the Link.
func (e *Emulator) Replug() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if !e.started {
		return ErrNotStarted
	}
	if e.gen != nil {
		return nil
	}
	return e.plugLocked()
}

func (e *Emulator) plugLocked() error {
	master, slave, err := pty.Open()
	if err != nil {
		return fmt.Errorf("modemtest: open pty: %w", err)
	}
	// Raw mode on the line discipline before any DTE opens it: no echo of
	// what we write back to us, no CR/LF translation.
	if _, err := term.MakeRaw(int(slave.Fd())); err != nil {
		master.Close()
		slave.Close()
		return fmt.Errorf("modemtest: raw pty: %w", err)
	}
	name := slave.Name()
	// Serve the master through Go's poller (non-blocking fd) so that Close
	// interrupts a pending Read; a blocking fd would pin the reader.
	fd, err := syscall.Dup(int(master.Fd()))
	master.Close()
	if err != nil {
		slave.Close()
		return fmt.Errorf("modemtest: dup pty: %w", err)
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		slave.Close()
		return fmt.Errorf("modemtest: nonblock pty: %w", err)
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx")
	// Closing our slave fd lets us see the DTE's close as EIO on the master.
	slave.Close()
	if e.cfg.Link != "" {
		tmp := e.cfg.Link + ".tmp"
		_ = os.Remove(tmp)
		if err := os.MkdirAll(filepath.Dir(e.cfg.Link), 0o755); err != nil {
			master.Close()
			return fmt.Errorf("modemtest: link dir: %w", err)
		}
		if err := os.Symlink(name, tmp); err != nil {
			master.Close()
			return fmt.Errorf("modemtest: link: %w", err)
		}
		if err := os.Rename(tmp, e.cfg.Link); err != nil {
			master.Close()
			return fmt.Errorf("modemtest: link: %w", err)
		}
	}
	g := &generation{master: master, slave: name, done: make(chan struct{}), quit: make(chan struct{}), lastEIO: time.Now()}
	e.gen = g
	e.wg.Add(1)
	go e.readLoop(g)
	go e.record(Record{Kind: RecPlug, Text: name})
	return nil
}

// Close unplugs the modem, ends any call and removes the Link. Idempotent.
func (e *Emulator) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.mu.Unlock()
	err := e.Unplug()
	e.mu.Lock()
	e.closed = true
	c := e.call
	e.mu.Unlock()
	if c != nil {
		c.cancel()
	}
	e.wg.Wait()
	if errors.Is(err, ErrClosed) {
		err = nil
	}
	return err
}

// readLoop owns reading the master of one generation.
func (e *Emulator) readLoop(g *generation) {
	defer e.wg.Done()
	defer close(g.done)
	buf := make([]byte, 4096)
	for {
		n, err := g.master.Read(buf)
		if n > 0 {
			e.mu.Lock()
			if !g.dte {
				g.dte = true
			}
			e.mu.Unlock()
			e.input(g, buf[:n])
			continue
		}
		if err == nil {
			continue
		}
		if errors.Is(err, syscall.EIO) {
			// No DTE holds the slave: a DTR drop if one did.
			e.mu.Lock()
			drop := g.dte
			g.dte = false
			g.lastEIO = time.Now()
			closedGen := e.gen != g
			e.mu.Unlock()
			if closedGen {
				return
			}
			if drop {
				e.dtrDrop()
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if errors.Is(err, os.ErrClosed) || errors.Is(err, io.EOF) {
			return
		}
		e.mu.Lock()
		closedGen := e.gen != g
		e.mu.Unlock()
		if closedGen {
			return
		}
		e.log.Debug("modemtest: read", "err", err)
		time.Sleep(10 * time.Millisecond)
	}
}

// dteConnected reports whether a DTE has the slave open: no EIO seen for a
// few poll periods.
func (e *Emulator) dteConnectedLocked() bool {
	g := e.gen
	if g == nil {
		return false
	}
	return g.dte || time.Since(g.lastEIO) > 40*time.Millisecond
}

// DTEConnected reports whether a program has the modem open.
func (e *Emulator) DTEConnected() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.dteConnectedLocked()
}

// send writes raw bytes to the DTE; dropped while nobody has the slave
// open (a real modem's output to a closed port is lost too).
func (e *Emulator) send(b []byte) {
	e.mu.Lock()
	g := e.gen
	ok := g != nil && e.dteConnectedLocked()
	e.mu.Unlock()
	if !ok || len(b) == 0 {
		return
	}
	e.outMu.Lock()
	defer e.outMu.Unlock()
	if _, err := g.master.Write(b); err != nil {
		e.log.Debug("modemtest: write", "err", err)
	}
}

func (e *Emulator) dtrDrop() {
	e.mu.Lock()
	wasOff := e.st.offHook
	e.st.dtrDrop()
	e.mu.Unlock()
	e.record(Record{Kind: RecDTRDrop})
	if wasOff {
		e.record(Record{Kind: RecOnHook, Text: "dtr drop"})
		e.lineChanged() // a call the box had answered is over
	}
}

// Inject writes raw bytes to the DTE as if the modem had printed them (for
// replaying wire transcripts verbatim).
func (e *Emulator) Inject(b []byte) { e.send(b) }
