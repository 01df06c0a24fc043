package sim

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/hal/modem/modemtest"
)

// ServerConfig configures the simulated hardware process (secretary simhw).
type ServerConfig struct {
	// Socket is the unix socket to listen on; "" = DefaultSocket().
	Socket string
	// ModemLink is a stable symlink to the emulator's pty; "" = Socket+".tty".
	ModemLink string
	// Profile is the emulated modem chipset (default Zoom 3095).
	Profile modemtest.Profile
	// IdleExit: exit when no firmware has been connected this long
	// (default 60 s; negative = never).
	IdleExit time.Duration
	// WatchdogTimeout is the hardware watchdog's timeout: a firmware that
	// fed it and then stops (hung, or killed without the magic close) gets
	// the board rebooted this long after its last feed (default
	// DefaultWatchdogTimeout, 15 s as on a Raspberry Pi; negative: the
	// board never reboots).
	WatchdogTimeout time.Duration
	// DecodeCID, if set, decodes the handset display's caller ID from the
	// on-hook audio: the last message found (default: the hal/dsp Bell 202
	// receiver).
	DecodeCID func(pcm []int16) (hal.CallerID, bool)
	// ExtensionLine, if set, is told whenever the handset goes on or off
	// the line (lifted with the relay passing it through), as the sim's
	// own modem emulator is: for a firmware given another emulator with
	// --modem, so lifting the handset answers that line's call too.
	ExtensionLine func(offHook bool)
	Logger        *slog.Logger
}

// DefaultSocket is where simhw listens unless told otherwise.
func DefaultSocket() string {
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	return fmt.Sprintf("%s/secretary-simhw-%d.sock", strings.TrimRight(dir, "/"), os.Getuid())
}

// Serve runs the simulated hardware until ctx ends, a "quit" request, or
// IdleExit without a firmware. It returns ErrRunning if another simhw
// already answers on the socket.
func Serve(ctx context.Context, cfg ServerConfig) error {
	if cfg.Socket == "" {
		cfg.Socket = DefaultSocket()
	}
	if cfg.ModemLink == "" {
		cfg.ModemLink = cfg.Socket + ".tty"
	}
	if cfg.IdleExit == 0 {
		cfg.IdleExit = 60 * time.Second
	}
	if cfg.WatchdogTimeout == 0 {
		cfg.WatchdogTimeout = DefaultWatchdogTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.DecodeCID == nil {
		cfg.DecodeCID = decodeCID
	}
	if c, err := net.DialTimeout("unix", cfg.Socket, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("sim: %s: %w", cfg.Socket, ErrRunning)
	}
	_ = os.Remove(cfg.Socket)
	ln, err := net.Listen("unix", cfg.Socket)
	if err != nil {
		return fmt.Errorf("sim: listen %s: %w", cfg.Socket, err)
	}
	s := newServer(cfg)
	defer os.Remove(cfg.Socket)
	if err := s.emu.Start(); err != nil {
		ln.Close()
		return fmt.Errorf("sim: modem emulator: %w", err)
	}
	defer s.emu.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); s.micLoop(ctx) }()
	go func() { defer wg.Done(); s.idleLoop(ctx, cancel) }()
	go func() {
		select {
		case <-ctx.Done():
		case <-s.quit:
			cancel()
		}
		ln.Close()
	}()
	s.log.Info("sim: simulated hardware ready", "socket", cfg.Socket, "modem", s.emu.Path())
	for {
		c, err := ln.Accept()
		if err != nil {
			break
		}
		wg.Add(1)
		go func() { defer wg.Done(); s.serveConn(ctx, newWire(c)) }()
	}
	cancel()
	s.closeAll()
	wg.Wait()
	// the board is off: its watchdog no longer counts (a timer left
	// running would fire into whatever the process does next)
	s.mu.Lock()
	s.disarmLocked()
	s.mu.Unlock()
	return nil
}

type ledEdge struct {
	at time.Time
	on bool
}

// server is the simulated world. Fields under mu.
type server struct {
	cfg  ServerConfig
	log  *slog.Logger
	emu  *modemtest.Emulator
	quit chan struct{}
	qOne sync.Once
	born time.Time

	mu        sync.Mutex
	conns     map[*wire]bool
	fw        *wire
	idleSince time.Time
	connects  int
	releases  int
	out       map[string]bool
	offHook   bool
	button    bool
	// ring tracking from the RM/FR pins
	burstStart time.Time
	lastEdge   time.Time // end of the last burst
	frToggles  int
	ringHz     int
	bursts     int
	cadence    []int
	lineRings  int
	leds       []ledEdge
	// audio
	micQueue   []int16
	heardOff   []int16 // played to the lifted handset
	heardOn    []int16 // played on-hook (caller ID, message waiting)
	cidDisplay string
	// the phone's message-waiting lamp, as its own receiver decodes the
	// on-hook data (VMWI); reversals counts F/R set reversed while not
	// ringing (the alert before on-hook data, "lrev")
	onHookRx  *dsp.CIDReceiver
	lamp      bool
	reversals int
	// the far end
	call        *modemtest.Call
	callerAudio []int16 // what the next caller says ("say" before "call")
	// modem
	modemReady bool // caller ID enabled since the DTE opened the pty
	offHooks   int  // times the box took the line off-hook
	dog        watchdog

	lineMu sync.Mutex // orders syncLine's updates of the line
}

func newServer(cfg ServerConfig) *server {
	s := &server{cfg: cfg, log: cfg.Logger, quit: make(chan struct{}), born: time.Now(),
		conns: map[*wire]bool{}, out: map[string]bool{}, idleSince: time.Now(),
		onHookRx: dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore})}
	s.emu = modemtest.New(modemtest.Config{
		Profile: cfg.Profile, Link: cfg.ModemLink, Logger: cfg.Logger,
		OnRecord: s.onModemRecord,
	})
	return s
}

func (s *server) onModemRecord(r modemtest.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Kind {
	case modemtest.RecRing:
		if !s.out[PinRelay] {
			s.lineRings++ // the handset is on the line: it rings with it
		}
	case modemtest.RecDTRDrop, modemtest.RecPlug, modemtest.RecUnplug:
		s.modemReady = false
	case modemtest.RecCommand:
		t := strings.ToUpper(r.Text)
		if strings.Contains(t, "VCID=1") || strings.Contains(t, "VCID=2") || strings.Contains(t, "#CID=1") || strings.Contains(t, "#CID=2") {
			s.modemReady = true
		}
	case modemtest.RecOffHook:
		s.offHooks++
	}
}

func (s *server) closeAll() {
	s.mu.Lock()
	for w := range s.conns {
		w.Close()
	}
	s.mu.Unlock()
}

func (s *server) idleLoop(ctx context.Context, stop context.CancelFunc) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		idle := s.fw == nil && s.cfg.IdleExit > 0 && time.Since(s.idleSince) > s.cfg.IdleExit
		s.mu.Unlock()
		if idle {
			s.log.Info("sim: no firmware connected; exiting", "after", s.cfg.IdleExit)
			stop()
			s.qOne.Do(func() { close(s.quit) })
			return
		}
	}
}

// micLoop streams the handset microphone to the firmware in 20 ms blocks
// while the handset is lifted and on the box (relay isolated).
func (s *server) micLoop(ctx context.Context) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		fw := s.fw
		if fw == nil || !s.offHook || !s.out[PinRelay] {
			s.micQueue = nil
			s.mu.Unlock()
			continue
		}
		blk := make([]int16, 160)
		n := copy(blk, s.micQueue)
		s.micQueue = s.micQueue[n:]
		s.mu.Unlock()
		_ = fw.send(msg{Op: "mic", PCM: pcmBytes(blk)})
	}
}

func (s *server) serveConn(ctx context.Context, w *wire) {
	s.mu.Lock()
	s.conns[w] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, w)
		wasFW := s.fw == w
		if wasFW {
			s.fw = nil
			s.idleSince = time.Now()
		}
		s.mu.Unlock()
		if wasFW {
			s.release("firmware disconnected")
		}
		w.Close()
	}()
	for {
		m, err := w.recv()
		if err != nil {
			return
		}
		if !s.handle(ctx, w, m) {
			return
		}
	}
}

// release is what the kernel does when the process holding the GPIO
// lines dies: every output line is released, so the relay falls back to
// pass-through and the SLIC stops ringing; the LED goes dark.
func (s *server) release(why string) {
	s.mu.Lock()
	now := time.Now()
	for _, p := range []string{PinRelay, PinRM, PinFR, PinLED} {
		s.setOutLocked(p, false, now)
	}
	s.releases++
	// The watchdog keeps counting: without a magic close, a new firmware
	// must feed it in time or the board reboots, as on the real board.
	s.mu.Unlock()
	s.log.Info("sim: outputs released", "why", why)
	s.syncLine()
}

// syncLine tells the line who is on it: the handset, lifted while the
// relay passes it through, is a phone on the line: it answers a ringing
// call and holds an answered one (the world's caller is then connected to
// it); put down or cut off by the relay, it lets go.
func (s *server) syncLine() {
	s.lineMu.Lock()
	defer s.lineMu.Unlock()
	s.mu.Lock()
	on := s.offHook && !s.out[PinRelay]
	s.mu.Unlock()
	s.emu.SetExtensionOffHook(on)
	if s.cfg.ExtensionLine != nil {
		s.cfg.ExtensionLine(on)
	}
}

func (s *server) setOutLocked(pin string, level bool, now time.Time) {
	old := s.out[pin]
	s.out[pin] = level
	if old == level {
		return
	}
	switch pin {
	case PinRM:
		if level {
			if !s.lastEdge.IsZero() && now.Sub(s.lastEdge) < 8*time.Second && len(s.cadence) > 0 {
				s.cadence = append(s.cadence, int(now.Sub(s.lastEdge)/time.Millisecond))
			} else {
				s.cadence = nil
			}
			s.burstStart, s.frToggles = now, 0
			s.bursts++
		} else {
			on := now.Sub(s.burstStart)
			s.cadence = append(s.cadence, int(on/time.Millisecond))
			if len(s.cadence) > 12 {
				s.cadence = s.cadence[len(s.cadence)-12:]
			}
			if on > 0 {
				s.ringHz = int(float64(s.frToggles)/2/on.Seconds() + 0.5)
			}
			s.lastEdge = now
		}
	case PinFR:
		if s.out[PinRM] {
			s.frToggles++
		} else if level {
			s.reversals++
		}
	case PinLED:
		s.leds = append(s.leds, ledEdge{now, level})
		if len(s.leds) > 64 {
			s.leds = s.leds[len(s.leds)-64:]
		}
	case PinRelay:
		if !level && s.offHook {
			s.micQueue = nil
		}
	}
}

func (s *server) levelsLocked() map[string]bool {
	return map[string]bool{PinSHK: s.offHook, PinButton: !s.button}
}

// handle processes one message; false ends the connection.
func (s *server) handle(ctx context.Context, w *wire, m msg) bool {
	switch m.Op {
	case "hello":
		if m.Role == "firmware" {
			s.mu.Lock()
			if s.fw != nil {
				s.mu.Unlock()
				_ = w.send(msg{Op: "hello", Err: "sim: another firmware is connected"})
				return false
			}
			s.fw = w
			s.connects++
			lv := s.levelsLocked()
			s.mu.Unlock()
			_ = w.send(msg{Op: "hello", Modem: s.emu.Path(), Levels: lv})
			return true
		}
		_ = w.send(msg{Op: "hello", Modem: s.emu.Path()})
		return true
	case "out":
		s.mu.Lock()
		if s.fw == w {
			s.setOutLocked(m.Pin, m.Level, time.Now())
		}
		s.mu.Unlock()
		if m.Pin == PinRelay {
			s.syncLine()
		}
		return true
	case "play":
		pcm := pcmSamples(m.PCM)
		s.mu.Lock()
		if s.offHook && s.out[PinRelay] {
			s.heardOff = appendCapped(s.heardOff, pcm)
		} else if !s.offHook {
			s.heardOn = appendCapped(s.heardOn, pcm)
			s.phoneHearsOnHook(pcm)
		}
		s.mu.Unlock()
		id := m.ID
		d := time.Duration(len(pcm)) * time.Second / 8000
		time.AfterFunc(d, func() { _ = w.send(msg{Op: "done", ID: id}) })
		return true
	case "wdog":
		s.mu.Lock()
		if s.fw == w {
			switch m.Text {
			case "feed":
				s.feedLocked(time.Now())
			case "close":
				s.disarmLocked()
			}
		}
		s.mu.Unlock()
		return true
	case "state":
		st := s.state()
		_ = w.send(msg{Op: "result", ID: m.ID, State: &st})
		return true
	case "heard":
		s.mu.Lock()
		var pcm []int16
		switch m.Text {
		case "handset":
			pcm = append(pcm, s.heardOff...)
		case "handset-cid":
			pcm = append(pcm, s.heardOn...)
		case "caller":
			pcm = s.emu.Heard()
		}
		s.mu.Unlock()
		_ = w.send(msg{Op: "result", ID: m.ID, PCM: pcmBytes(pcm)})
		return true
	case "world":
		out, err := s.world(ctx, m.Text)
		r := msg{Op: "result", ID: m.ID, Text: out}
		if err != nil {
			r.Err = err.Error()
		}
		_ = w.send(r)
		return true
	case "quit":
		_ = w.send(msg{Op: "result", ID: m.ID, Text: "bye"})
		s.qOne.Do(func() { close(s.quit) })
		return true
	}
	_ = w.send(msg{Op: "result", ID: m.ID, Err: fmt.Sprintf("sim: unknown op %q", m.Op)})
	return true
}

const maxHeard = 8000 * 120 // keep the last two minutes

func appendCapped(dst, pcm []int16) []int16 {
	dst = append(dst, pcm...)
	if len(dst) > maxHeard {
		dst = append([]int16(nil), dst[len(dst)-maxHeard:]...)
	}
	return dst
}

func (s *server) state() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	relay := hal.RelayPassThrough
	if s.out[PinRelay] {
		relay = hal.RelayIsolated
	}
	st := State{
		Firmware: s.fw != nil, Connects: s.connects, Releases: s.releases,
		Relay: relay.String(), OffHook: s.offHook, OwnerOnLine: s.offHook && !s.out[PinRelay],
		Ringing: s.out[PinRM], RingBursts: s.bursts, RingHz: s.ringHz,
		Cadence: append([]int(nil), s.cadence...), LineRings: s.lineRings,
		LED: s.ledLocked(time.Now()), Button: s.button,
		ModemOffHook: s.emu.OffHook(), ModemDTE: s.emu.DTEConnected(), Modem: s.emu.Path(),
		ModemReady: s.modemReady, ModemOffHooks: s.offHooks,
		Lamp: map[bool]string{true: "on", false: "off"}[s.lamp], LineReversals: s.reversals,
		CallerHeard:  len(s.emu.Heard()) / 8,
		HandsetHeard: len(s.heardOff) / 8, HandsetCID: len(s.heardOn) / 8,
		WatchdogFeeds: s.dog.feeds, WatchdogArmed: s.dog.armed, WatchdogTimeout: s.cfg.WatchdogTimeout.String(),
		WatchdogReboots: s.dog.reboots,
		Uptime:          time.Since(s.born).Round(time.Second).String(),
	}
	if s.cfg.DecodeCID != nil && len(s.heardOn) > 0 {
		if c, ok := s.cfg.DecodeCID(s.heardOn); ok {
			st.CIDDisplay = displayText(c)
			st.CIDNumber, st.CIDName = cmp.Or(c.Number, c.NumberAbsent), cmp.Or(c.Name, c.NameAbsent)
		}
	}
	if !s.dog.lastReboot.IsZero() {
		st.LastReboot = s.dog.lastReboot.Format("15:04:05") + " by the watchdog"
	}
	if c := s.call; c != nil {
		st.Call = c.State()
	}
	return st
}

// ledLocked describes the LED from its recent edges.
func (s *server) ledLocked(now time.Time) string {
	level := s.out[PinLED]
	var recent []ledEdge
	for _, e := range s.leds {
		if now.Sub(e.at) < 4*time.Second {
			recent = append(recent, e)
		}
	}
	if len(recent) < 4 || now.Sub(recent[len(recent)-1].at) > 1600*time.Millisecond {
		if level {
			return "on"
		}
		return "off"
	}
	// fast blinking in the last second: fault
	var pulses []time.Duration
	var gaps []time.Duration
	for i := 1; i < len(recent); i++ {
		if now.Sub(recent[i-1].at) > time.Second {
			continue
		}
		d := recent[i].at.Sub(recent[i-1].at)
		if recent[i-1].on {
			pulses = append(pulses, d)
		} else {
			gaps = append(gaps, d)
		}
	}
	if len(pulses) > 0 {
		maxOn := pulses[0]
		for _, p := range pulses {
			maxOn = max(maxOn, p)
		}
		minGap := time.Hour
		for _, g := range gaps {
			minGap = min(minGap, g)
		}
		if maxOn <= 150*time.Millisecond && minGap <= 150*time.Millisecond {
			return "fault"
		}
	}
	// count on-pulses between the last two long pauses
	count, seenPause := 0, false
	best := 0
	for i := 1; i < len(recent); i++ {
		d := recent[i].at.Sub(recent[i-1].at)
		if recent[i-1].on {
			count++
		} else if d >= 800*time.Millisecond {
			if seenPause {
				best = count
			}
			seenPause, count = true, 0
		}
	}
	if best == 0 {
		best = max(count, 1)
	}
	return fmt.Sprintf("blink %d", best)
}

// pushInput changes an input pin and tells the firmware.
func (s *server) pushInput(pin string, level bool) {
	s.mu.Lock()
	fw := s.fw
	s.mu.Unlock()
	if fw != nil {
		_ = fw.send(msg{Op: "edge", Pin: pin, Level: level})
	}
}

// phoneHearsOnHook is the phone's own receiver on the on-hook audio: a
// message-waiting indication sets its lamp. Called with s.mu held.
func (s *server) phoneHearsOnHook(pcm []int16) {
	for _, e := range s.onHookRx.Process(pcm, nil) {
		if e.Err == nil && e.VMWI != dsp.VMWINone {
			s.lamp = e.VMWI == dsp.VMWIOn
		}
	}
}

// decodeCID is the handset display: the last caller ID message in pcm. A
// message-waiting indication is not a caller ID: the display keeps the
// caller it shows.
func decodeCID(pcm []int16) (hal.CallerID, bool) {
	r := dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore})
	var c hal.CallerID
	ok := false
	for _, e := range r.Process(pcm, nil) {
		if e.Err == nil && e.VMWI == dsp.VMWINone {
			c, ok = e.CallerID.HAL(), true
		}
	}
	return c, ok && displayText(c) != ""
}

// displayText is the caller ID as one line: number (or the reason it is
// absent) and name.
func displayText(c hal.CallerID) string {
	return strings.TrimSpace(cmp.Or(c.Number, c.NumberAbsent) + " " + c.Name)
}

var errNoCall = errors.New("sim: no call in progress (sim call NUMBER first)")
