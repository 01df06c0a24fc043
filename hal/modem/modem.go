package modem

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var _ hal.Line = (*Modem)(nil)

// Option changes driver behaviour; see the With... functions for defaults.
type Option func(*options)

type options struct {
	log          *slog.Logger
	clock        clockwork.Clock
	cmdTimeout   time.Duration
	resetTimeout time.Duration
	ringGap      time.Duration
	cidQuiet     time.Duration
	playLead     time.Duration
	guard        time.Duration
	cidMode      int
	maxTimeouts  int
	codec        Codec
	backoffMin   time.Duration
	backoffMax   time.Duration
	health       time.Duration
}

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithClock sets the clock for timeouts, ring gaps and pacing (default real).
func WithClock(c clockwork.Clock) Option { return func(o *options) { o.clock = c } }

// WithCommandTimeout bounds each AT command (default 2 s; ATZ gets 3 s).
func WithCommandTimeout(d time.Duration) Option { return func(o *options) { o.cmdTimeout = d } }

// WithRingGap is the silence after which the next ring starts a new call
// (default 8 s: longer than any standard off period of 4 s).
func WithRingGap(d time.Duration) Option { return func(o *options) { o.ringGap = d } }

// WithCIDQuiet is how long an incomplete formatted caller-ID block may wait
// for more lines before it is reported (default 300 ms). A block with date,
// time, number and name is reported at once.
func WithCIDQuiet(d time.Duration) Option { return func(o *options) { o.cidQuiet = d } }

// WithPlayLead is how far ahead of real time Play keeps the modem's buffer
// (default 200 ms): enough to ride out scheduling delays, small enough for
// the modem buffer and a prompt stop.
func WithPlayLead(d time.Duration) Option { return func(o *options) { o.playLead = d } }

// WithEscapeGuard is the guard time around "+++" when Init has to recover a
// modem that does not answer "AT" (default 1.1 s).
func WithEscapeGuard(d time.Duration) Option { return func(o *options) { o.guard = d } }

// WithRawCID asks for unformatted caller ID (AT+VCID=2, raw SDMF/MDMF hex)
// instead of formatted tags (AT+VCID=1, the default).
func WithRawCID() Option { return func(o *options) { o.cidMode = 2 } }

// WithCodec forces a codec instead of choosing from AT+VSM=?.
func WithCodec(c Codec) Option { return func(o *options) { o.codec = c } }

// Info is what Init learnt about the modem.
type Info struct {
	Profile   Profile
	Country   string // AT+GCI? answer, "" if unsupported
	CIDOn     string // the command that enabled caller ID, "" if none worked
	Voice     bool   // voice class available
	Codec     Codec
	CodecCML  int // +VSM compression number
	LineLabel int // +VLS label of the "T" primitive
}

// Modem drives one voice modem over a byte stream.
type Modem struct {
	rw    io.ReadWriter
	opt   options
	log   *slog.Logger
	clock clockwork.Clock

	evq *eventQueue

	done      chan struct{} // closed by Close
	closeOnce sync.Once
	lost      chan struct{} // closed when the device is gone or dead
	lostOnce  sync.Once
	wg        sync.WaitGroup

	wmu sync.Mutex // serialises writes to rw
	op  sync.Mutex // one command sequence or voice operation at a time

	mu           sync.Mutex // guards the fields below
	lostErr      error
	started      bool
	pend         *pending
	stream       bool // reader is in the +VRX data state
	streamSkipLF bool
	audio        chan []byte   // +VRX audio to Record
	streamEnd    chan struct{} // closed when the +VRX stream ends
	abortPending bool
	endedByOK    bool
	timeouts     int
	offHook      bool
	voice        bool          // in voice class off-hook (after Answer)
	hang         chan struct{} // closed on far-end hang-up in this voice session
	playing      bool
	info         Info

	// Owned by the reader goroutine.
	line       []byte
	dlePending bool
	dec        DLEDecoder
	tail       []byte

	evMu       sync.Mutex // caller-ID and ring bookkeeping
	cid        cidBuilder
	cidTimer   clockwork.Timer
	cidGen     int
	ringCount  int
	lastRing   time.Time
	cidAt      time.Time
	lastCID    hal.CallerID
	cidForCall bool
	noCIDSent  bool
	dron       time.Duration
	drof       time.Duration
	dronAt     time.Time
	dtmf       dtmfState
}

type pending struct {
	cmd    string // for echo suppression; "" when only awaiting a result
	stream bool   // CONNECT enters the +VRX data state
	info   []string
	final  string
	done   chan struct{}
}

// New returns a driver for the modem on rw. It does no I/O; call Init.
// If rw is an io.Closer, Close closes it, which unblocks the reader.
func New(rw io.ReadWriter, opts ...Option) *Modem {
	o := options{cmdTimeout: 2 * time.Second, resetTimeout: 3 * time.Second, ringGap: 8 * time.Second,
		cidQuiet: 300 * time.Millisecond, playLead: 200 * time.Millisecond, guard: 1100 * time.Millisecond,
		cidMode: 1, maxTimeouts: 2, backoffMin: 250 * time.Millisecond, backoffMax: 10 * time.Second,
		health: 30 * time.Second}
	for _, f := range opts {
		f(&o)
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	if o.clock == nil {
		o.clock = clockwork.NewRealClock()
	}
	return &Modem{rw: rw, opt: o, log: o.log, clock: o.clock,
		evq:  newEventQueue(o.log),
		done: make(chan struct{}), lost: make(chan struct{})}
}

// Events delivers line events until Close; the channel is then closed.
func (m *Modem) Events() <-chan hal.LineEvent { m.start(); return m.evq.out }

// Lost is closed when the device vanished or stopped answering; Err says why.
func (m *Modem) Lost() <-chan struct{} { return m.lost }

// Err is why the modem was lost (nil while healthy).
func (m *Modem) Err() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lostErr
}

// Info returns what Init learnt.
func (m *Modem) Info() Info {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.info
}

func (m *Modem) start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.started {
		return
	}
	m.started = true
	m.wg.Add(1)
	go func() { defer m.wg.Done(); m.evq.run(m.done) }()
	if _, ok := m.rw.(io.Closer); ok {
		m.wg.Add(1)
		go func() { defer m.wg.Done(); m.readLoop() }()
	} else {
		go m.readLoop() // cannot be unblocked without a Closer; not waited for
	}
}

// Close leaves the line on-hook (best effort), closes the device if it is an
// io.Closer, unblocks every waiting call and closes Events. Idempotent.
func (m *Modem) Close() error {
	var err error
	m.closeOnce.Do(func() {
		m.mu.Lock()
		off := m.offHook && m.lostErr == nil && m.started
		m.mu.Unlock()
		if off {
			// Never leave the line seized. A voice operation may hold op:
			// write directly, it only has to reach the modem.
			// End play (triple form) or record (triple form), then ATH0.
			m.write([]byte{dle, can, dle, dle, dle, etx, dle, dle, dle, '!', '\r'})
			m.write([]byte("ATH0\r"))
		}
		close(m.done)
		if c, ok := m.rw.(io.Closer); ok && m.rw != nil {
			err = c.Close()
		}
		m.mu.Lock()
		if !m.started {
			m.started = true
			close(m.evq.out) // Events is closed even if never started
		}
		m.mu.Unlock()
		m.wg.Wait()
	})
	return err
}

func (m *Modem) closed() bool {
	select {
	case <-m.done:
		return true
	default:
		return false
	}
}

// fail marks the device lost and reports LineDown.
func (m *Modem) fail(err error) {
	m.lostOnce.Do(func() {
		m.mu.Lock()
		m.lostErr = err
		m.offHook, m.voice = false, false
		m.mu.Unlock()
		close(m.lost)
		if !m.closed() {
			m.log.Warn("modem: device lost", "err", err)
			m.emit(hal.LineEvent{Kind: hal.LineDown, Err: err})
		}
	})
}

func (m *Modem) downErr() error {
	if m.closed() {
		return hal.ErrClosed
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Errorf("%w: %v", hal.ErrLineDown, m.lostErr)
}

// usable returns ErrClosed or ErrLineDown when the modem cannot be used.
func (m *Modem) usable() error {
	if m.closed() {
		return hal.ErrClosed
	}
	select {
	case <-m.lost:
		return m.downErr()
	default:
	}
	return nil
}

func (m *Modem) emit(ev hal.LineEvent) {
	if ev.At.IsZero() {
		ev.At = m.clock.Now()
	}
	m.log.Debug("modem: event", "kind", ev.Kind)
	m.evq.push(ev)
}

func (m *Modem) write(b []byte) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if m.closed() {
		return hal.ErrClosed
	}
	for len(b) > 0 {
		n, err := m.rw.Write(b)
		if err != nil {
			if m.closed() {
				return hal.ErrClosed
			}
			m.fail(err)
			return m.downErr()
		}
		b = b[n:]
	}
	return nil
}

// readLoop owns reading rw and the parser state.
func (m *Modem) readLoop() {
	buf := make([]byte, 4096)
	for {
		n, err := m.rw.Read(buf)
		if m.closed() {
			return
		}
		if n > 0 {
			m.feed(buf[:n])
		}
		if err != nil {
			if errors.Is(err, io.EOF) && n > 0 {
				continue
			}
			m.fail(err)
			return
		}
	}
}

// feed parses bytes from the modem.
func (m *Modem) feed(p []byte) {
	for len(p) > 0 {
		m.mu.Lock()
		stream := m.stream
		m.mu.Unlock()
		if stream {
			p = m.feedStream(p)
			continue
		}
		p = m.feedLines(p)
	}
}

// feedLines handles text lines and DLE events outside the record stream;
// it returns the bytes left when the record stream begins.
func (m *Modem) feedLines(p []byte) []byte {
	for i := 0; i < len(p); i++ {
		b := p[i]
		if m.dlePending {
			m.dlePending = false
			switch b {
			case etx:
				m.onETX()
			case dle:
			default:
				m.onDLE(b)
			}
			continue
		}
		switch b {
		case dle:
			m.dlePending = true
		case '\r', '\n':
			if len(m.line) == 0 {
				continue
			}
			l := string(m.line)
			m.line = m.line[:0]
			if m.handleLine(l) {
				return p[i+1:]
			}
		default:
			if len(m.line) < 1024 {
				m.line = append(m.line, b)
			}
		}
	}
	return nil
}

// feedStream decodes the +VRX stream; it returns the bytes after its end.
func (m *Modem) feedStream(p []byte) []byte {
	m.mu.Lock()
	if m.streamSkipLF && len(p) > 0 {
		m.streamSkipLF = false
		if p[0] == '\n' {
			p = p[1:]
		}
	}
	abort := m.abortPending
	ch := m.audio
	m.mu.Unlock()
	audio, n, end := m.dec.Decode(p, nil, m.onDLE)
	byOK := false
	if abort && !end {
		// After <DLE>! a Conexant answers OK without <DLE><ETX>.
		m.tail = append(m.tail, p[:n]...)
		if k := bytes.Index(m.tail, []byte("OK\r")); k >= 0 && (k == 0 || m.tail[k-1] == '\n') {
			end, byOK = true, true
		}
		if len(m.tail) > 16 {
			m.tail = append(m.tail[:0], m.tail[len(m.tail)-16:]...)
		}
	} else if len(audio) > 0 && ch != nil {
		select {
		case ch <- audio:
		default:
			m.log.Warn("modem: record consumer too slow, dropping audio", "bytes", len(audio))
		}
	}
	if end {
		m.mu.Lock()
		m.stream = false
		m.endedByOK = byOK
		m.tail = m.tail[:0]
		m.dec.Reset()
		if m.streamEnd != nil {
			close(m.streamEnd)
			m.streamEnd = nil
		}
		m.mu.Unlock()
	}
	return p[n:]
}

// onETX handles <DLE><ETX> seen outside the stream (a late end marker).
func (m *Modem) onETX() { m.log.Debug("modem: <DLE><ETX> outside record stream") }

var finalResults = []string{"OK", "ERROR", "CONNECT", "VCON", "NO CARRIER", "BUSY", "NO DIALTONE", "NO DIAL TONE", "NO ANSWER", "+CME ERROR", "+CMS ERROR"}

func isFinal(up string) bool {
	for _, f := range finalResults {
		if up == f || strings.HasPrefix(up, f+" ") || strings.HasPrefix(up, f+":") {
			return true
		}
	}
	return false
}

// handleLine classifies one text line; it reports whether the record
// stream starts after it.
func (m *Modem) handleLine(raw string) bool {
	l := strings.TrimSpace(stripControls(raw))
	if l == "" {
		return false
	}
	up := strings.ToUpper(l)
	m.mu.Lock()
	pd := m.pend
	if pd != nil && pd.cmd != "" && strings.EqualFold(l, pd.cmd) {
		m.mu.Unlock()
		return false // echo
	}
	if isFinal(up) {
		if pd == nil {
			voice := m.voice
			m.mu.Unlock()
			m.log.Debug("modem: unsolicited result", "line", l)
			if voice && (up == "NO CARRIER" || up == "BUSY") {
				m.dleEventKind(hal.LineLoopDrop, 0)
			}
			return false
		}
		pd.final = up
		m.pend = nil
		stream := false
		if pd.stream && strings.HasPrefix(up, "CONNECT") {
			m.stream, m.streamSkipLF, stream = true, true, true
			m.dec.Reset()
			m.tail = m.tail[:0]
		}
		close(pd.done)
		m.mu.Unlock()
		return stream
	}
	m.mu.Unlock()

	switch {
	case up == "RING" || strings.HasPrefix(up, "RING ") || strings.HasPrefix(up, "RING;"):
		m.ringLine()
		return false
	case strings.HasPrefix(up, "DRON") || strings.HasPrefix(up, "DROF"):
		m.cadenceLine(up)
		return false
	}
	if tag, val, ok := ParseCIDLine(l); ok {
		m.cidLine(tag, val, l)
		return false
	}
	if looksLikeCIDHex(l) {
		c, ok, err := DecodeCIDHex(l)
		switch {
		case err != nil:
			m.log.Warn("modem: raw caller ID rejected", "line", l, "err", err)
		case ok:
			m.evMu.Lock()
			m.flushCIDLocked()
			m.reportCIDLocked(c)
			m.evMu.Unlock()
		}
		if err == nil || pd == nil {
			return false
		}
	}
	if pd != nil && !printable(l) {
		m.log.Debug("modem: garbage line ignored", "line", l)
		return false
	}
	if pd != nil {
		m.mu.Lock()
		if m.pend == pd {
			pd.info = append(pd.info, l)
		}
		m.mu.Unlock()
		return false
	}
	m.evMu.Lock()
	m.flushCIDLocked()
	m.evMu.Unlock()
	m.log.Debug("modem: unsolicited line ignored", "line", l)
	return false
}

// onDLE handles one <DLE>code event (in any state).
func (m *Modem) onDLE(code byte) {
	m.evMu.Lock()
	digit, isDTMF := m.dtmf.key(code)
	m.evMu.Unlock()
	if isDTMF {
		if digit != 0 {
			m.emit(hal.LineEvent{Kind: hal.LineDTMF, Digit: digit})
		}
		return
	}
	k := dleEvent(code)
	if k == 0 {
		m.log.Debug("modem: DLE code ignored", "code", string(code))
		return
	}
	m.dleEventKind(k, code)
}

func (m *Modem) dleEventKind(k hal.LineEventKind, code byte) {
	if k == hal.LineRing {
		m.ringLine()
		return
	}
	m.mu.Lock()
	voice := m.voice
	ignore := m.voice && m.info.Profile.IgnoreDialToneInVoice && k == hal.LineDialTone && code == 'd' && m.playingOrRecording()
	if farEndGone(k) && voice && !ignore && m.hang != nil {
		close(m.hang)
		m.hang = nil
	}
	m.mu.Unlock()
	if ignore {
		m.log.Debug("modem: spurious dial tone ignored during voice (USR)")
		return
	}
	m.emit(hal.LineEvent{Kind: k})
}

// playingOrRecording: called with mu held.
func (m *Modem) playingOrRecording() bool { return m.stream || m.playing }

// ringLine counts a ring and reports missing caller ID at the second ring.
func (m *Modem) ringLine() {
	m.mu.Lock()
	off := m.offHook
	m.mu.Unlock()
	if off {
		return
	}
	m.evMu.Lock()
	defer m.evMu.Unlock()
	now := m.clock.Now()
	var cadence []time.Duration
	if !m.dronAt.IsZero() && now.Sub(m.dronAt) < time.Second {
		if m.dron > 0 {
			cadence = append(cadence, m.dron)
		}
		if m.drof > 0 {
			cadence = append(cadence, m.drof)
		}
		m.dronAt = time.Time{}
	}
	m.flushCIDLocked()
	if m.ringCount == 0 || now.Sub(m.lastRing) > m.opt.ringGap {
		// A new call: caller ID counts for it only if it arrived after the
		// previous call's last ring and recently (UK: before the first ring).
		m.cidForCall = m.cidForCall && !m.cidAt.IsZero() && m.cidAt.After(m.lastRing) && now.Sub(m.cidAt) < m.opt.ringGap
		m.ringCount = 0
		m.noCIDSent = false
	}
	m.ringCount++
	m.lastRing = now
	m.emit(hal.LineEvent{Kind: hal.LineRing, At: now, Ring: m.ringCount, Cadence: cadence})
	if m.ringCount >= 2 && !m.cidForCall && !m.noCIDSent {
		m.noCIDSent = true
		m.emit(hal.LineEvent{Kind: hal.LineNoCallerID, At: now})
	}
}

// cadenceLine handles DRON=n / DROF=n (units of 100 ms).
func (m *Modem) cadenceLine(up string) {
	i := strings.IndexByte(up, '=')
	if i < 0 {
		return
	}
	var n int
	if _, err := fmt.Sscanf(strings.TrimSpace(up[i+1:]), "%d", &n); err != nil {
		return
	}
	d := time.Duration(n) * 100 * time.Millisecond
	m.evMu.Lock()
	defer m.evMu.Unlock()
	if strings.HasPrefix(up, "DROF") {
		m.drof = d
		return
	}
	m.dron = d
	m.dronAt = m.clock.Now()
}

func (m *Modem) cidLine(tag, val, raw string) {
	m.evMu.Lock()
	defer m.evMu.Unlock()
	if m.cid.startsNew(tag, val) {
		m.flushCIDLocked()
	}
	m.cid.add(tag, val, raw)
	if m.cid.complete() {
		m.flushCIDLocked()
		return
	}
	if m.cidTimer != nil {
		m.cidTimer.Stop()
	}
	m.cidGen++
	gen := m.cidGen
	m.cidTimer = m.clock.AfterFunc(m.opt.cidQuiet, func() {
		m.evMu.Lock()
		defer m.evMu.Unlock()
		if m.cidGen == gen {
			m.flushCIDLocked()
		}
	})
}

// flushCIDLocked reports a pending formatted block. evMu held.
func (m *Modem) flushCIDLocked() {
	if m.cid.empty() {
		return
	}
	if m.cidTimer != nil {
		m.cidTimer.Stop()
		m.cidTimer = nil
	}
	m.cidGen++
	c, ok := m.cid.result()
	m.cid = cidBuilder{}
	if !ok {
		m.log.Info("modem: caller-ID block without caller data", "raw", c.Raw)
		return
	}
	m.reportCIDLocked(c)
}

// reportCIDLocked emits a caller ID for the current (or coming) call.
func (m *Modem) reportCIDLocked(c hal.CallerID) {
	now := m.clock.Now()
	if m.ringCount > 0 && now.Sub(m.lastRing) > m.opt.ringGap {
		m.ringCount = 0 // a block before the first ring of a new call
		m.cidForCall = false
	}
	if c.Number == "" && m.cidForCall && m.lastCID.Number != "" && now.Sub(m.cidAt) < m.opt.ringGap {
		// A later "number absent" report for the same call: keep the first.
		m.log.Info("modem: caller ID without number after one with a number, ignored", "raw", c.Raw)
		return
	}
	m.cidAt = now
	m.cidForCall = true
	m.lastCID = c
	m.emit(hal.LineEvent{Kind: hal.LineCallerID, At: now, CallerID: c})
}

// command sends one AT command and waits for its final result. The caller
// holds m.op.
func (m *Modem) command(ctx context.Context, cmd string, timeout time.Duration) (*pending, error) {
	return m.exchange(ctx, cmd, []byte(cmd+"\r"), false, timeout)
}

// exchange writes out (if any) and waits for a final result line.
func (m *Modem) exchange(ctx context.Context, cmd string, out []byte, stream bool, timeout time.Duration) (*pending, error) {
	pd, err := m.begin(cmd, out, stream)
	if err != nil {
		return nil, err
	}
	return m.await(ctx, pd, timeout, true)
}

// begin registers a pending result (before anything is written, so a fast
// answer cannot be missed) and writes out.
func (m *Modem) begin(cmd string, out []byte, stream bool) (*pending, error) {
	if err := m.usable(); err != nil {
		return nil, err
	}
	m.start()
	pd := &pending{cmd: cmd, stream: stream, done: make(chan struct{})}
	m.mu.Lock()
	m.pend = pd
	m.mu.Unlock()
	if len(out) > 0 {
		m.log.Debug("modem: >", "cmd", cmd, "bytes", len(out))
		if err := m.write(out); err != nil {
			m.cancelPending(pd)
			return nil, err
		}
	}
	return pd, nil
}

func (m *Modem) cancelPending(pd *pending) {
	m.mu.Lock()
	if m.pend == pd {
		m.pend = nil
	}
	m.mu.Unlock()
}

// await waits for pd's final result. A timeout counts towards declaring
// the modem dead only when counted is set.
func (m *Modem) await(ctx context.Context, pd *pending, timeout time.Duration, counted bool) (*pending, error) {
	if timeout <= 0 {
		timeout = m.opt.cmdTimeout
	}
	cmd := pd.cmd
	if cmd == "" {
		cmd = "(end of data state)"
	}
	t := m.clock.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-pd.done:
	case <-t.Chan():
		m.cancelPending(pd)
		err := &CommandError{Cmd: cmd, Err: ErrNoResponse}
		if counted {
			m.mu.Lock()
			m.timeouts++
			dead := m.timeouts >= m.opt.maxTimeouts
			m.mu.Unlock()
			if dead {
				m.fail(err)
			}
		}
		return nil, err
	case <-ctx.Done():
		m.cancelPending(pd)
		return nil, ctx.Err()
	case <-m.done:
		m.cancelPending(pd)
		return nil, hal.ErrClosed
	case <-m.lost:
		m.cancelPending(pd)
		return nil, m.downErr()
	}
	m.mu.Lock()
	m.timeouts = 0
	m.mu.Unlock()
	m.log.Debug("modem: <", "cmd", cmd, "result", pd.final, "info", pd.info)
	switch {
	case pd.final == "OK", pd.final == "VCON", strings.HasPrefix(pd.final, "CONNECT"):
		return pd, nil
	}
	return pd, &CommandError{Cmd: cmd, Result: pd.final, Err: ErrCommand}
}

// Command sends one AT command (without the trailing CR) and returns its
// information lines; for diagnostics and the selftest.
func (m *Modem) Command(ctx context.Context, cmd string) ([]string, error) {
	m.op.Lock()
	defer m.op.Unlock()
	pd, err := m.command(ctx, cmd, 0)
	if pd == nil {
		return nil, err
	}
	return pd.info, err
}

func (m *Modem) sleep(ctx context.Context, d time.Duration) error {
	t := m.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-m.done:
		return hal.ErrClosed
	case <-m.lost:
		return m.downErr()
	}
}

// ping sends "AT" if no other operation is running; two unanswered pings
// mark the modem lost.
func (m *Modem) ping(ctx context.Context) {
	if !m.op.TryLock() {
		return
	}
	defer m.op.Unlock()
	if _, err := m.command(ctx, "AT", 0); err != nil {
		m.log.Info("modem: health check", "err", err)
	}
}

// printable reports whether s is plain ASCII text (information lines are).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
