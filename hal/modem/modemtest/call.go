package modemtest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// CIDFormat chooses how caller ID is printed to the box.
type CIDFormat int

const (
	// CIDAuto follows the modem's +VCID mode: 1 formatted in the profile's
	// style, 2 raw MDMF hex, 0 nothing.
	CIDAuto              CIDFormat = iota
	CIDFormattedSpaces             // "DATE = 0504" (Rockwell/Conexant)
	CIDFormattedNoSpaces           // "DATE=0504" (USR5637)
	CIDRawMDMF                     // one line of ASCII hex, MDMF
	CIDRawSDMF                     // one line of ASCII hex, SDMF (no name)
)

// CID is the caller ID the line delivers with a call.
type CID struct {
	Date, Time   string // MMDD, HHMM
	Number       string // digits
	Name         string
	NumberAbsent string   // "P" or "O" instead of Number
	NameAbsent   string   // "P" or "O" instead of Name
	Mesg         []string // extra formatted MESG values (hex), printed first
	Format       CIDFormat
	// Lines, if set, are printed verbatim (each followed by CR LF) instead
	// of a block built from the fields, when the modem has caller ID on.
	Lines []string
	// BeforeFirstRing sends the block before the first ring (UK/ETSI).
	BeforeFirstRing bool
}

// HangUpSignal is how the caller's hang-up shows on the line.
type HangUpSignal int

const (
	HangUpBusy     HangUpSignal = iota // <DLE>b repeated (reorder after the far end left)
	HangUpDialTone                     // <DLE>d repeated
	HangUpLoopDrop                     // <DLE>l once
	HangUpEndVoice                     // <DLE>s and the modem leaves +VRX with <DLE><ETX>
	HangUpSilent                       // nothing: the box must notice the silence itself
)

func (h HangUpSignal) String() string {
	switch h {
	case HangUpBusy:
		return "busy"
	case HangUpDialTone:
		return "dialtone"
	case HangUpLoopDrop:
		return "loop-drop"
	case HangUpEndVoice:
		return "end-voice"
	case HangUpSilent:
		return "silent"
	}
	return "HangUpSignal(?)"
}

// Digit is a key the caller presses After the box answered.
type Digit struct {
	After time.Duration
	Key   byte
}

// CallSpec scripts one incoming call.
type CallSpec struct {
	// Cadence is the ring cycle, on/off alternating starting with on.
	// Default 2 s on, 4 s off.
	Cadence []time.Duration
	// MaxRings is how many rings the caller waits. Default 6.
	MaxRings int
	// CID is the caller ID (nil: none is sent).
	CID *CID
	// CIDDelay is the wait after the first ring burst before the block
	// (or before the first ring with BeforeFirstRing). Default 500 ms.
	CIDDelay time.Duration
	// Audio is what the caller says; the box hears it while it records
	// (+VRX), from the start, then silence.
	Audio []int16
	// Digits are keys the caller presses after the box answers.
	Digits []Digit
	// HangUpAfter ends the call from the caller's side this long after the
	// box answered (0: the caller waits for the box to hang up).
	HangUpAfter time.Duration
	// HangUp is how that hang-up is signalled.
	HangUp HangUpSignal
}

// Call is a call in progress, placed with Emulator.PlaceCall.
type Call struct {
	e    *Emulator
	spec CallSpec
	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}

	mu         sync.Mutex
	answered   chan struct{}
	answeredAt time.Time
	hungUp     bool
	boxGone    chan struct{}
	audioPos   int
	endReason  string
}

// PlaceCall starts ringing the box with spec. Only one call at a time.
func (e *Emulator) PlaceCall(spec CallSpec) (*Call, error) {
	if len(spec.Cadence) == 0 {
		spec.Cadence = []time.Duration{2 * time.Second, 4 * time.Second}
	}
	if spec.MaxRings <= 0 {
		spec.MaxRings = 6
	}
	if spec.CIDDelay <= 0 {
		spec.CIDDelay = 500 * time.Millisecond
	}
	ctx, stop := context.WithCancel(context.Background())
	c := &Call{e: e, spec: spec, ctx: ctx, stop: stop, done: make(chan struct{}),
		answered: make(chan struct{}), boxGone: make(chan struct{})}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		stop()
		return nil, ErrClosed
	}
	if e.call != nil {
		e.mu.Unlock()
		stop()
		return nil, ErrBusyCall
	}
	e.call = c
	e.wg.Add(1)
	e.mu.Unlock()
	go c.run()
	return c, nil
}

// Done is closed when the call is over.
func (c *Call) Done() <-chan struct{} { return c.done }

// Answered is closed when the box goes off-hook during the call.
func (c *Call) Answered() <-chan struct{} { return c.answered }

// EndReason says how the call ended ("" while in progress).
func (c *Call) EndReason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.endReason
}

// Cancel abandons the call (the caller gives up); rings stop.
func (c *Call) cancel() { c.stop() }

// Cancel abandons the call from the caller's side without any line signal.
func (c *Call) Cancel() { c.stop() }

// Press sends caller keys now (as <DLE> events; only reach the box in
// voice class).
func (c *Call) Press(keys string) {
	for i := 0; i < len(keys); i++ {
		c.e.record(Record{Kind: RecDigit, Text: keys[i : i+1]})
		if c.e.cfg.DTMFBrackets {
			for _, b := range []byte{'/', keys[i], keys[i], '~'} {
				c.e.event(b)
			}
			continue
		}
		c.e.event(keys[i])
	}
}

// HangUpNow makes the caller hang up with signal h.
func (c *Call) HangUpNow(h HangUpSignal) {
	c.mu.Lock()
	if c.hungUp {
		c.mu.Unlock()
		return
	}
	c.hungUp = true
	c.mu.Unlock()
	c.e.record(Record{Kind: RecCallerHangUp, Text: h.String()})
	switch h {
	case HangUpBusy:
		c.e.event('b')
	case HangUpDialTone:
		c.e.event('d')
	case HangUpLoopDrop:
		c.e.event('l')
	case HangUpEndVoice:
		c.e.mu.Lock()
		inRX := c.e.st.mode == vmRX
		c.e.mu.Unlock()
		if inRX {
			c.e.endVoiceByModem('s')
		} else {
			c.e.event('s')
		}
	}
	c.stop()
}

func (c *Call) speak(pcm []int16) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hungUp {
		return
	}
	select {
	case <-c.answered:
	default:
		return
	}
	n := copy(pcm, c.spec.Audio[min(c.audioPos, len(c.spec.Audio)):])
	c.audioPos += n
}

func (c *Call) finish(reason string) {
	c.mu.Lock()
	if c.endReason == "" {
		c.endReason = reason
	}
	c.mu.Unlock()
	c.e.mu.Lock()
	if c.e.call == c {
		c.e.call = nil
	}
	c.e.mu.Unlock()
	c.e.record(Record{Kind: RecCallEnd, Text: reason})
	close(c.done)
	c.e.wg.Done()
}

// sleep waits d unless the box answers or the call ends; it reports
// whether the full time passed.
func (c *Call) sleep(d time.Duration) bool {
	select {
	case <-c.e.clock.After(d):
		return true
	case <-c.answered:
		return false
	case <-c.ctx.Done():
		return false
	}
}

func (c *Call) run() {
	e := c.e
	cid := c.spec.CID
	if cid != nil && cid.BeforeFirstRing {
		if !c.sleep(c.spec.CIDDelay) {
			c.afterRinging()
			return
		}
		e.sendCID(cid)
		if !c.sleep(300 * time.Millisecond) {
			c.afterRinging()
			return
		}
	}
	for ring := 1; ring <= c.spec.MaxRings; ring++ {
		e.sendRing(ring, c.spec.Cadence)
		for i, d := range c.spec.Cadence {
			if ring == 1 && i == 1 && cid != nil && !cid.BeforeFirstRing && d > c.spec.CIDDelay {
				if !c.sleep(c.spec.CIDDelay) {
					c.afterRinging()
					return
				}
				e.sendCID(cid)
				d -= c.spec.CIDDelay
			}
			if !c.sleep(d) {
				c.afterRinging()
				return
			}
		}
	}
	c.finish("no answer")
}

// afterRinging runs once ringing stopped: answered, or abandoned.
func (c *Call) afterRinging() {
	select {
	case <-c.answered:
	default:
		c.finish("caller gave up")
		return
	}
	var hang <-chan time.Time
	if c.spec.HangUpAfter > 0 {
		hang = c.e.clock.After(c.spec.HangUpAfter)
	}
	digits := append([]Digit(nil), c.spec.Digits...)
	for {
		var next <-chan time.Time
		if len(digits) > 0 {
			c.mu.Lock()
			at := c.answeredAt.Add(digits[0].After)
			c.mu.Unlock()
			next = c.e.clock.After(max(0, at.Sub(c.e.clock.Now())))
		}
		select {
		case <-c.boxGone:
			c.finish("box hung up")
			return
		case <-c.ctx.Done():
			c.finish("caller hung up")
			return
		case <-hang:
			c.HangUpNow(c.spec.HangUp)
		case <-next:
			c.Press(string(digits[0].Key))
			digits = digits[1:]
		}
	}
}

// boxAnswered is called when the box goes off-hook.
func (e *Emulator) boxAnswered() {
	e.mu.Lock()
	c := e.call
	e.mu.Unlock()
	if c == nil {
		return
	}
	c.mu.Lock()
	select {
	case <-c.answered:
	default:
		c.answeredAt = e.clock.Now()
		close(c.answered)
	}
	c.mu.Unlock()
}

// boxHungUp is called when the box goes on-hook.
func (e *Emulator) boxHungUp() {
	e.mu.Lock()
	c := e.call
	e.mu.Unlock()
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.answered:
		select {
		case <-c.boxGone:
		default:
			close(c.boxGone)
		}
	default:
	}
}

// sendRing prints a ring the way the modem's class allows.
func (e *Emulator) sendRing(n int, cadence []time.Duration) {
	e.mu.Lock()
	s := &e.st
	var fx effects
	switch {
	case s.offHook:
		e.mu.Unlock()
		return
	case s.fclass == 8:
		fx.out.Write([]byte{dle, 'R'})
	default:
		if s.vdr {
			off := 0
			if n > 1 {
				off = int(cadence[len(cadence)-1] / (100 * time.Millisecond))
			}
			fx.line(s, fmt.Sprintf("DROF=%d", off))
			fx.line(s, fmt.Sprintf("DRON=%d", int(cadence[0]/(100*time.Millisecond))))
		}
		fx.line(s, "RING")
	}
	fx.records = append(fx.records, Record{Kind: RecRing, Ring: n})
	e.mu.Unlock()
	e.apply(&fx)
}

// SendRing prints one ring now, outside any scripted call (for tests).
func (e *Emulator) SendRing() { e.sendRing(0, []time.Duration{2 * time.Second, 4 * time.Second}) }

// sendCID prints a caller-ID block according to the +VCID mode.
func (e *Emulator) sendCID(c *CID) {
	e.mu.Lock()
	vcid := e.st.vcid
	spaces := e.prof.cidSpaces
	e.mu.Unlock()
	if vcid == 0 {
		e.record(Record{Kind: RecCID, Text: "suppressed: caller ID off"})
		return
	}
	text := FormatCID(c, vcid, spaces)
	e.send([]byte(text))
	e.record(Record{Kind: RecCID, Text: text})
}

// FormatCID renders the bytes a modem in +VCID mode vcid prints for c.
func FormatCID(c *CID, vcid int, spaces bool) string {
	var lines []string
	format := c.Format
	if format == CIDAuto {
		switch {
		case vcid == 2:
			format = CIDRawMDMF
		case spaces:
			format = CIDFormattedSpaces
		default:
			format = CIDFormattedNoSpaces
		}
	}
	switch {
	case len(c.Lines) > 0:
		lines = c.Lines
	case format == CIDRawMDMF:
		lines = []string{fmt.Sprintf("%X", EncodeMDMF(c))}
	case format == CIDRawSDMF:
		lines = []string{fmt.Sprintf("%X", EncodeSDMF(c))}
	default:
		eq := "="
		if format == CIDFormattedSpaces {
			eq = " = "
		}
		add := func(tag, v string) { lines = append(lines, tag+eq+v) }
		for _, m := range c.Mesg {
			add("MESG", m)
		}
		if c.Date != "" {
			add("DATE", c.Date)
		}
		if c.Time != "" {
			add("TIME", c.Time)
		}
		switch {
		case c.Number != "":
			add("NMBR", c.Number)
		case c.NumberAbsent != "":
			add("NMBR", c.NumberAbsent)
		}
		switch {
		case c.Name != "":
			add("NAME", c.Name)
		case c.NameAbsent != "":
			add("NAME", c.NameAbsent)
		}
	}
	return "\r\n" + strings.Join(lines, "\r\n") + "\r\n"
}

func checksum(b []byte) byte {
	var s byte
	for _, x := range b {
		s += x
	}
	return -s
}

// EncodeMDMF builds a Bellcore MDMF call set-up message (type 0x80) with
// its checksum.
func EncodeMDMF(c *CID) []byte {
	var p []byte
	param := func(t byte, v string) {
		p = append(p, t, byte(len(v)))
		p = append(p, v...)
	}
	if c.Date != "" && c.Time != "" {
		param(0x01, c.Date+c.Time)
	}
	switch {
	case c.Number != "":
		param(0x02, c.Number)
	case c.NumberAbsent != "":
		param(0x04, c.NumberAbsent)
	}
	switch {
	case c.Name != "":
		param(0x07, c.Name)
	case c.NameAbsent != "":
		param(0x08, c.NameAbsent)
	}
	msg := append([]byte{0x80, byte(len(p))}, p...)
	return append(msg, checksum(msg))
}

// EncodeSDMF builds a Bellcore SDMF message (type 0x04) with its checksum.
func EncodeSDMF(c *CID) []byte {
	p := []byte(c.Date + c.Time)
	switch {
	case c.Number != "":
		p = append(p, c.Number...)
	case c.NumberAbsent != "":
		p = append(p, c.NumberAbsent...)
	}
	msg := append([]byte{0x04, byte(len(p))}, p...)
	return append(msg, checksum(msg))
}
