package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/pin"

	"secretary/board/serialmodem"
	"secretary/hal"
	halgpio "secretary/hal/gpio"
	"secretary/hal/modem"
)

// LineOpener opens the modem on a serial device path as a hal.Line.
type LineOpener func(ctx context.Context, path string, log *slog.Logger) (hal.Line, error)

// Config is the firmware side of the simulated board.
type Config struct {
	// Socket of simhw; "" = DefaultSocket().
	Socket string
	// Exe, if set, is started as "Exe simhw --socket Socket" (detached, in
	// its own process group) when no simhw answers.
	Exe string
	// ExeArgs replaces the arguments before "--socket" (default "simhw").
	ExeArgs []string
	// Modem overrides the emulator's pty path for the line.
	Modem string
	// RingHz: 20 (default) or 25.
	RingHz int
	// CIDSamples, NewDTMF: see hal/gpio.SLICConfig.
	CIDSamples func(cid *hal.CallerID) []int16
	NewDTMF    func() func(pcm []int16) []byte
	// OpenLine opens the line; nil = the real modem driver (board/serialmodem).
	OpenLine LineOpener
	// LineUpWait bounds Open's wait for the modem (0 = serialmodem.UpWait).
	LineUpWait time.Duration
	// Clock stamps the parts' events and paces them (nil: the real one).
	Clock  clockwork.Clock
	Logger *slog.Logger
}

// Board is the simulated board, firmware side.
type Board struct {
	cfg Config
}

// New returns the simulated board; it does no I/O.
func New(cfg Config) *Board {
	if cfg.Socket == "" {
		cfg.Socket = DefaultSocket()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.RingHz == 0 {
		cfg.RingHz = 20
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	return &Board{cfg: cfg}
}

// Caps: the simulated board has everything.
const Caps = hal.CapLine | hal.CapRelay | hal.CapHandset | hal.CapHandsetAudio | hal.CapLED | hal.CapButton | hal.CapWatchdog |
	hal.CapExtensionDetect

// Name is "sim".
func (b *Board) Name() string { return "sim" }

// Caps is every capability.
func (b *Board) Caps() hal.Caps { return Caps }

// Socket is the simhw socket the board uses.
func (b *Board) Socket() string { return b.cfg.Socket }

// dial connects to simhw, starting it if allowed and needed.
func (b *Board) dial(ctx context.Context) (*client, error) {
	c, err := dialClient(b.cfg.Socket)
	if err == nil {
		return c, nil
	}
	if b.cfg.Exe == "" {
		return nil, fmt.Errorf("sim: %s: %w (start it with 'secretary simhw --socket %s')", b.cfg.Socket, ErrNoHardware, b.cfg.Socket)
	}
	if err := b.spawn(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := dialClient(b.cfg.Socket)
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("sim: %s: %w: %v", b.cfg.Socket, ErrNoHardware, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// spawn starts simhw detached: its own process group, so a signal to the
// firmware's group does not take the "hardware" down with it.
func (b *Board) spawn() error {
	args := b.cfg.ExeArgs
	if args == nil {
		args = []string{"simhw"}
	}
	args = append(append([]string(nil), args...), "--socket", b.cfg.Socket)
	cmd := exec.Command(b.cfg.Exe, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	logf, err := os.OpenFile(b.cfg.Socket+".log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err == nil {
		cmd.Stdout, cmd.Stderr = logf, logf
		defer logf.Close()
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("sim: start %s: %w", b.cfg.Exe, err)
	}
	b.cfg.Logger.Info("sim: started simulated hardware", "pid", cmd.Process.Pid, "socket", b.cfg.Socket)
	// Reap it if it exits while we live; it is not otherwise ours to wait for.
	go func() { _ = cmd.Wait() }()
	return nil
}

// Start makes sure simhw is running (starting it if Config.Exe is set)
// without connecting as the firmware.
func (b *Board) Start(ctx context.Context) error {
	c, err := b.dial(ctx)
	if err != nil {
		return err
	}
	c.close()
	return nil
}

// Open connects as the firmware and returns the devices: the real hal/gpio
// drivers on the simulated pins and the modem driver on the emulator's pty.
func (b *Board) Open(ctx context.Context) (devs *hal.Devices, err error) {
	c, err := b.dial(ctx)
	if err != nil {
		return nil, err
	}
	hello, err := c.hello(ctx, "firmware")
	if err != nil {
		c.close()
		return nil, err
	}
	log := b.cfg.Logger
	d := &hal.Devices{}
	defer func() {
		if err != nil {
			_ = d.Close()
			c.close()
			devs = nil
		}
	}()
	relay := halgpio.NewRelay(c.pin(PinRelay), false)
	if err := relay.Init(); err != nil {
		return nil, err
	}
	d.Relay = relay
	h := halgpio.NewHandset(halgpio.SLICConfig{
		RM: c.pin(PinRM), FR: c.pin(PinFR), SHK: c.pin(PinSHK),
		RingHz: b.cfg.RingHz, Audio: &remoteAudio{c: c},
		CIDSamples: b.cfg.CIDSamples, NewDTMF: b.cfg.NewDTMF, Logger: log, Clock: b.cfg.Clock,
	})
	if err := h.Init(ctx); err != nil {
		return nil, err
	}
	d.Handset = h
	led := halgpio.NewLED(c.pin(PinLED), false, b.cfg.Clock)
	if err := led.Init(); err != nil {
		return nil, err
	}
	d.Indicator = led
	bt := halgpio.NewButton(halgpio.ButtonConfig{Pin: c.pin(PinButton), Logger: log, Clock: b.cfg.Clock})
	if err := bt.Init(ctx); err != nil {
		return nil, err
	}
	d.Button = bt
	d.Watchdog = &remoteWatchdog{c: c}
	d.Caps = Caps &^ hal.CapLine
	path := b.cfg.Modem
	if path == "" {
		path = hello.Modem
	}
	open := b.cfg.OpenLine
	if open == nil {
		open = func(ctx context.Context, path string, log *slog.Logger) (hal.Line, error) {
			return serialmodem.Open(ctx, path, b.cfg.LineUpWait, log, modem.WithClock(b.cfg.Clock))
		}
	}
	line, err := open(ctx, path, log)
	switch {
	case errors.Is(err, ErrNoDriver):
		log.Warn("sim: no modem driver in this build; the board has no line", "modem", path)
		err = nil
	case err != nil:
		return nil, fmt.Errorf("sim: modem on %s: %w", path, err)
	default:
		d.Line = line
		d.Caps |= hal.CapLine
	}
	return d, nil
}

// request sends a one-shot request on a fresh connection and waits for
// its result.
func (b *Board) request(ctx context.Context, m msg) (msg, error) {
	c, err := dialClient(b.cfg.Socket)
	if err != nil {
		return msg{}, fmt.Errorf("sim: %s: %w", b.cfg.Socket, ErrNoHardware)
	}
	defer c.close()
	if _, err := c.hello(ctx, "world"); err != nil {
		return msg{}, err
	}
	r, err := c.call(ctx, m)
	if err != nil {
		return msg{}, err
	}
	if r.Err != "" {
		return r, errors.New(r.Err)
	}
	return r, nil
}

// World runs a world command (see WorldHelp) and returns its text answer.
// It needs no Open: any process can drive the simulated world.
func (b *Board) World(ctx context.Context, cmd string) (string, error) {
	r, err := b.request(ctx, msg{Op: "world", Text: cmd})
	return r.Text, err
}

// State returns the simulated hardware's state.
func (b *Board) State(ctx context.Context) (State, error) {
	r, err := b.request(ctx, msg{Op: "state"})
	if err != nil {
		return State{}, err
	}
	if r.State == nil {
		return State{}, fmt.Errorf("sim: state: empty answer")
	}
	return *r.State, nil
}

// Heard returns audio: "handset" (played to the lifted handset),
// "handset-cid" (played on-hook: caller ID) or "caller" (heard by the
// caller on the line).
func (b *Board) Heard(ctx context.Context, who string) ([]int16, error) {
	r, err := b.request(ctx, msg{Op: "heard", Text: who})
	if err != nil {
		return nil, err
	}
	return pcmSamples(r.PCM), nil
}

// Quit stops simhw.
func (b *Board) Quit(ctx context.Context) error {
	_, err := b.request(ctx, msg{Op: "quit"})
	return err
}

// client is one connection to simhw. The reader goroutine owns w's input.
type client struct {
	w    *wire
	done chan struct{} // closed when the reader stops

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan msg
	pins    map[string]*remotePin
	mics    map[int]chan []int16
	nextMic int
	once    sync.Once
}

func dialClient(path string) (*client, error) {
	conn, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return nil, err
	}
	c := &client{w: newWire(conn), done: make(chan struct{}), pending: map[int64]chan msg{},
		pins: map[string]*remotePin{}, mics: map[int]chan []int16{}}
	for i, n := range []string{PinRelay, PinRM, PinFR, PinSHK, PinLED, PinButton} {
		c.pins[n] = &remotePin{c: c, name: n, num: i, edges: make(chan gpio.Level, 16), halt: make(chan struct{}, 1)}
	}
	go c.read()
	return c, nil
}

func (c *client) read() {
	defer close(c.done)
	for {
		m, err := c.w.recv()
		if err != nil {
			return
		}
		switch m.Op {
		case "edge":
			if p := c.pins[m.Pin]; p != nil {
				p.edge(gpio.Level(m.Level))
			}
		case "mic":
			pcm := pcmSamples(m.PCM)
			c.mu.Lock()
			for _, ch := range c.mics {
				select {
				case ch <- pcm:
				default:
				}
			}
			c.mu.Unlock()
		default:
			c.mu.Lock()
			ch := c.pending[m.ID]
			delete(c.pending, m.ID)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
		}
	}
}

// call sends m with a fresh id and waits for the reply with that id.
func (c *client) call(ctx context.Context, m msg) (msg, error) {
	ch := make(chan msg, 1)
	c.mu.Lock()
	c.nextID++
	m.ID = c.nextID
	c.pending[m.ID] = ch
	c.mu.Unlock()
	if err := c.w.send(m); err != nil {
		return msg{}, fmt.Errorf("%w: %v", ErrDisconnected, err)
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.pending, m.ID)
		c.mu.Unlock()
		return msg{}, ctx.Err()
	case <-c.done:
		return msg{}, ErrDisconnected
	}
}

func (c *client) hello(ctx context.Context, role string) (msg, error) {
	// hello's answer carries no id: register it as id 0.
	ch := make(chan msg, 1)
	c.mu.Lock()
	c.pending[0] = ch
	c.mu.Unlock()
	if err := c.w.send(msg{Op: "hello", Role: role}); err != nil {
		return msg{}, fmt.Errorf("%w: %v", ErrDisconnected, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	select {
	case r := <-ch:
		if r.Err != "" {
			return r, errors.New(r.Err)
		}
		for n, l := range r.Levels {
			if p := c.pins[n]; p != nil {
				p.set(gpio.Level(l))
			}
		}
		return r, nil
	case <-ctx.Done():
		return msg{}, fmt.Errorf("sim: no hello from simhw: %w", ctx.Err())
	case <-c.done:
		return msg{}, ErrDisconnected
	}
}

func (c *client) pin(name string) *remotePin { return c.pins[name] }

func (c *client) close() {
	c.once.Do(func() { c.w.Close() })
	<-c.done
}

// remotePin is a GPIO line of the simulated board (gpio.PinIO).
type remotePin struct {
	c     *client
	name  string
	num   int
	edges chan gpio.Level
	halt  chan struct{} // Halt: ends the WaitForEdge in progress, or the next

	mu    sync.Mutex
	level gpio.Level
}

var _ gpio.PinIO = (*remotePin)(nil)

func (p *remotePin) set(l gpio.Level) {
	p.mu.Lock()
	p.level = l
	p.mu.Unlock()
}

func (p *remotePin) edge(l gpio.Level) {
	p.set(l)
	select {
	case p.edges <- l:
	default:
	}
}

func (p *remotePin) String() string   { return "SIM_" + p.name }
func (p *remotePin) Name() string     { return "SIM_" + p.name }
func (p *remotePin) Number() int      { return p.num }
func (p *remotePin) Function() string { return string(p.Func()) }
func (p *remotePin) Func() pin.Func   { return gpio.IN }
func (p *remotePin) In(pull gpio.Pull, edge gpio.Edge) error {
	for {
		select {
		case <-p.edges:
		case <-p.halt:
		default:
			return nil
		}
	}
}

// Halt makes a WaitForEdge in progress (or else the next one) return false.
func (p *remotePin) Halt() error {
	select {
	case p.halt <- struct{}{}:
	default:
	}
	return nil
}

func (p *remotePin) Read() gpio.Level {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.level
}

func (p *remotePin) WaitForEdge(timeout time.Duration) bool {
	var tc <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		tc = t.C
	}
	select {
	case <-p.edges:
		return true
	case <-tc:
		return false
	case <-p.halt:
		return false
	case <-p.c.done:
		select { // no edge will come: wait out the timeout, not a busy loop
		case <-tc:
		case <-p.halt:
		}
		return false
	}
}

func (p *remotePin) Pull() gpio.Pull        { return gpio.PullNoChange }
func (p *remotePin) DefaultPull() gpio.Pull { return gpio.PullNoChange }

func (p *remotePin) Out(l gpio.Level) error {
	p.set(l)
	if err := p.c.w.send(msg{Op: "out", Pin: p.name, Level: bool(l)}); err != nil {
		return fmt.Errorf("%w: %v", ErrDisconnected, err)
	}
	return nil
}

func (p *remotePin) PWM(gpio.Duty, physic.Frequency) error {
	return errors.New("sim: PWM not supported")
}

// remoteAudio is the handset codec of the simulated board.
type remoteAudio struct{ c *client }

// Play sends pcm in 0.5 s chunks, each acknowledged when simhw has played
// it in real time.
func (a *remoteAudio) Play(ctx context.Context, pcm []int16) error {
	for len(pcm) > 0 {
		n := min(len(pcm), 4000)
		if _, err := a.c.call(ctx, msg{Op: "play", PCM: pcmBytes(pcm[:n])}); err != nil {
			return err
		}
		pcm = pcm[n:]
	}
	return nil
}

// Record hands the microphone's 20 ms blocks to sink.
func (a *remoteAudio) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	ch := make(chan []int16, 64)
	a.c.mu.Lock()
	id := a.c.nextMic
	a.c.nextMic++
	a.c.mics[id] = ch
	a.c.mu.Unlock()
	defer func() {
		a.c.mu.Lock()
		delete(a.c.mics, id)
		a.c.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-a.c.done:
			return ErrDisconnected
		case pcm := <-ch:
			if !sink(pcm) {
				return nil
			}
		}
	}
}

// remoteWatchdog is the simulated watchdog. Its Close (the last of
// hal.Devices.Close) also ends the connection to simhw.
type remoteWatchdog struct {
	c      *client
	mu     sync.Mutex
	closed bool
}

func (w *remoteWatchdog) Feed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return hal.ErrClosed
	}
	if err := w.c.w.send(msg{Op: "wdog", Text: "feed"}); err != nil {
		return fmt.Errorf("%w: %v", ErrDisconnected, err)
	}
	return nil
}

func (w *remoteWatchdog) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	_ = w.c.w.send(msg{Op: "wdog", Text: "close"})
	w.c.close()
	return nil
}
