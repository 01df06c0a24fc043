package modemtest

import (
	"context"
	"fmt"
	"sync"
	"time"
)

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
	// GiveUpAfter is how long after the start of the last ring the caller
	// gives up (0: a whole ring cycle). A short one lets the next call
	// follow within the ring gap, as calls back to back do.
	GiveUpAfter time.Duration
	// Third is the number the box dials after a hook flash, to transfer
	// the call (transfer.go); nil: it does not answer.
	Third *Third
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
	box, ext   bool          // who holds the line: the box's modem, the handset (an extension)
	released   chan struct{} // closed when nobody holds the answered line any more
	relReason  string
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
		answered: make(chan struct{}), released: make(chan struct{})}
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
	if e.ext {
		e.mu.Unlock()
		stop()
		return nil, ErrLineBusy
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
		budget := time.Duration(-1)
		if ring == c.spec.MaxRings && c.spec.GiveUpAfter > 0 {
			budget = c.spec.GiveUpAfter
		}
		if !c.cycle(ring, budget) {
			c.afterRinging()
			return
		}
	}
	c.finish("no answer")
}

// cycle waits out one ring cycle (at most budget, if not negative),
// sending caller ID in the first silence; false if the call was answered
// or ended meanwhile.
func (c *Call) cycle(ring int, budget time.Duration) bool {
	cid := c.spec.CID
	for i, d := range c.spec.Cadence {
		if budget >= 0 {
			d = min(d, budget)
			budget -= d
		}
		if ring == 1 && i == 1 && cid != nil && !cid.BeforeFirstRing && d > c.spec.CIDDelay {
			if !c.sleep(c.spec.CIDDelay) {
				return false
			}
			c.e.sendCID(cid)
			d -= c.spec.CIDDelay
		}
		if !c.sleep(d) {
			return false
		}
		if budget == 0 {
			break
		}
	}
	return true
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
		case <-c.released:
			c.mu.Lock()
			why := c.relReason
			c.mu.Unlock()
			c.finish(why)
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

// lineChanged follows who holds the line (the box's modem off-hook, the
// handset as an extension); called without mu after a change.
func (e *Emulator) lineChanged() {
	e.mu.Lock()
	c := e.call
	box, ext := e.st.offHook, e.ext
	to := e.transferTo
	e.transferTo = ""
	e.mu.Unlock()
	if c != nil {
		c.lineChanged(box, ext, e.clock.Now(), to)
	}
}

// lineChanged: the line is answered when someone takes it while it rings,
// and released when nobody holds it any more (transferredTo: the box
// handed the caller to that number as it let go).
func (c *Call) lineChanged(box, ext bool, now time.Time, transferredTo string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	wasBox, wasExt := c.box, c.ext
	c.box, c.ext = box, ext
	select {
	case <-c.answered:
	default:
		if box || ext {
			c.answeredAt = now
			close(c.answered)
		}
		return
	}
	if box || ext || !(wasBox || wasExt) {
		return
	}
	select {
	case <-c.released:
	default:
		c.relReason = "box hung up"
		switch {
		case transferredTo != "":
			c.relReason = "transferred to " + transferredTo
		case wasExt && !wasBox:
			c.relReason = "handset hung up"
		}
		close(c.released)
	}
}

// SetExtensionOffHook says whether a phone on the line (the office handset
// with the relay passing it through) is off-hook. Lifting it on a ringing
// line answers the call (the rings stop, the caller is connected to it);
// putting it down ends a call nobody else holds. The modem reports nothing:
// as on a real line, the box sees the rings stop.
func (e *Emulator) SetExtensionOffHook(off bool) {
	e.mu.Lock()
	changed := e.ext != off
	e.ext = off
	e.mu.Unlock()
	if changed {
		e.record(Record{Kind: RecExtension, Text: map[bool]string{true: "off-hook", false: "on-hook"}[off]})
		e.lineChanged()
	}
}

// State says where the call is: "ringing", "answered by the box",
// "connected to the handset" (also after the box handed it over), or
// "ended: REASON".
func (c *Call) State() string {
	select {
	case <-c.done:
		return "ended: " + c.EndReason()
	default:
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.answered:
	default:
		return "ringing"
	}
	switch {
	case c.ext:
		return "connected to the handset"
	case c.box:
		return "answered by the box"
	}
	return "released"
}

// CallWaiting makes a second caller call while this call is answered: the
// modem reports the call-waiting alert (<DLE>w, in voice class) and then,
// with caller ID on, the waiting caller's ID as it prints any caller ID
// (Type II caller ID, where the modem reports it). It returns false when
// the box does not hold the line.
func (c *Call) CallWaiting(cid *CID) bool {
	e := c.e
	e.mu.Lock()
	off := e.st.offHook && e.call == c
	e.mu.Unlock()
	if !off {
		return false
	}
	e.record(Record{Kind: RecCallWaiting})
	e.event('w')
	if cid != nil {
		e.sendCID(cid)
	}
	return true
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
