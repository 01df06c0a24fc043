package dsp

// CPTTone is a call-progress tone (North American plan, PROTOCOLS.md §6.4-6.5).
type CPTTone int

const (
	CPTNone     CPTTone = iota
	CPTDial             // 350+440 Hz continuous
	CPTBusy             // 480+620 Hz 0.5 s on / 0.5 s off
	CPTReorder          // 480+620 Hz 0.25/0.25 s (or 0.3/0.2 s)
	CPTRingback         // 440+480 Hz 2 s on / 4 s off
	CPTCNG              // fax calling tone 1100 Hz 0.5 s on / 3 s off
	CPTAnswer           // fax/modem answer tone (CED/ANS) 2100 Hz
)

func (t CPTTone) String() string {
	switch t {
	case CPTNone:
		return "none"
	case CPTDial:
		return "dial"
	case CPTBusy:
		return "busy"
	case CPTReorder:
		return "reorder"
	case CPTRingback:
		return "ringback"
	case CPTCNG:
		return "cng"
	case CPTAnswer:
		return "answer"
	}
	return "CPTTone(?)"
}

// CPTEvent is one recognised call-progress tone.
type CPTEvent struct {
	Tone CPTTone
	At   int64 // sample index at which the cadence was confirmed
}

// block classes
const (
	cptSilent = iota // nothing recognised
	cptDialC
	cptRingC
	cptLineC // 480+620
	cptCNGC
	cptCEDC
	cptClasses
)

const (
	cptBlock    = 200 // 25 ms; bins 40 Hz apart, so 440 and 480 do not leak into each other
	cptBlockMs  = 25
	cptMinLevel = -38.0 // dBm0 per tone
	cptFraction = 0.6   // share of the block energy in the tone(s)
)

// filter indexes in the bank
const (
	cf350 = iota
	cf440
	cf480
	cf620
	cf1070
	cf1100
	cf1130
	cf2100
)

// cptSeg is a debounced run of one block class.
type cptSeg struct {
	class  int
	blocks int
	whole  bool // began at a transition (not at the stream start)
}

// CPTDetector recognises dial, busy, reorder, ringback, fax CNG and answer
// tone with their cadences. Each 25 ms block is classified by Goertzel
// energies (both tones of the pair above -38 dBm0, within 10 dB of each
// other, and 60 % of the block energy); runs are debounced by two blocks;
// a tone is reported when its cadence fits:
//
//	dial      350+440 for 0.9 s without a break
//	busy      a whole on and a whole adjacent off of 480+620, both 0.375-0.65 s
//	reorder   the same with both 0.15-0.375 s
//	ringback  440+480 on for 1.5 s, or on for 0.8-2.6 s then off
//	cng       1100 Hz (+-38 Hz) on for 0.35-0.8 s (0.2-0.8 s if it was
//	          already on at the start), then off
//	answer    2100 Hz for 0.5 s
//
// so look-alikes (480+620 at 0.25/1.0 s, a 2100 Hz answer tone, speech) give
// nothing but what they are.
type CPTDetector struct {
	bank     *toneBank
	minE     float32
	sample   int64
	cur      cptSeg // current debounced segment
	pend     int    // candidate class differing from cur
	pendN    int
	prev     []cptSeg // recent finished segments (last 3)
	reported [CPTAnswer + 1]bool
	busyDone bool
}

// NewCPTDetector returns a detector at sample 0.
func NewCPTDetector() *CPTDetector {
	return &CPTDetector{
		bank: newToneBank(cptBlock, 350, 440, 480, 620, 1070, 1100, 1130, 2100),
		minE: minToneEnergy(cptMinLevel, cptBlock),
		cur:  cptSeg{class: cptSilent},
		pend: -1,
	}
}

// Process consumes pcm and appends recognised tones to dst.
func (c *CPTDetector) Process(pcm []int16, dst []CPTEvent) []CPTEvent {
	for len(pcm) > 0 {
		n, full := c.bank.feed(pcm)
		pcm = pcm[n:]
		c.sample += int64(n)
		if full {
			dst = c.block(c.classify(), dst)
			c.bank.reset()
		}
	}
	return dst
}

func (c *CPTDetector) classify() int {
	b := c.bank
	e := b.energy
	if e <= 0 {
		return cptSilent
	}
	pair := func(i, j int) bool {
		ti, tj := b.toneEnergy(i), b.toneEnergy(j)
		return ti >= c.minE && tj >= c.minE && ti < 10*tj && tj < 10*ti && ti+tj >= cptFraction*e
	}
	switch {
	case pair(cf350, cf440):
		return cptDialC
	case pair(cf440, cf480):
		return cptRingC
	case pair(cf480, cf620):
		return cptLineC
	}
	cng := max(b.toneEnergy(cf1070), b.toneEnergy(cf1100), b.toneEnergy(cf1130))
	if cng >= c.minE && cng >= cptFraction*e {
		return cptCNGC
	}
	if t := b.toneEnergy(cf2100); t >= c.minE && t >= cptFraction*e {
		return cptCEDC
	}
	return cptSilent
}

func (c *CPTDetector) block(class int, dst []CPTEvent) []CPTEvent {
	switch {
	case class == c.cur.class:
		c.cur.blocks += 1 + c.pendN // a one-block glitch is absorbed
		c.pend, c.pendN = -1, 0
	case class == c.pend:
		c.pendN++
		if c.pendN >= 2 { // confirmed: the pending blocks start the new segment
			// whole: it began at a transition, not at the stream start
			whole := c.cur.blocks > 0
			dst = c.endSeg(dst)
			c.cur = cptSeg{class: class, blocks: c.pendN, whole: whole}
			c.pend, c.pendN = -1, 0
		}
	default:
		c.cur.blocks += c.pendN
		c.pend, c.pendN = class, 1
	}
	return c.ongoing(dst)
}

// endSeg closes the current segment and applies the cadence rules that need
// a finished segment.
func (c *CPTDetector) endSeg(dst []CPTEvent) []CPTEvent {
	s := c.cur
	ms := s.blocks * cptBlockMs
	// A segment that was already on when the stream started ("not whole")
	// is shorter than sent, so only its upper bound means anything.
	switch s.class {
	case cptRingC:
		if ms >= 800 && ms <= 2600 {
			dst = c.report(CPTRingback, dst)
		}
	case cptCNGC:
		if (s.whole && ms >= 350 && ms <= 800) || (!s.whole && ms >= 200 && ms <= 800) {
			dst = c.report(CPTCNG, dst)
		}
	}
	c.prev = append(c.prev, s)
	if len(c.prev) > 3 {
		c.prev = c.prev[1:]
	}
	// busy / reorder: the last two finished segments are a whole 480+620 on
	// and a whole silence next to each other.
	if n := len(c.prev); n >= 2 && !c.busyDone {
		a, b := c.prev[n-2], c.prev[n-1]
		if a.whole && b.whole && ((a.class == cptLineC) != (b.class == cptLineC)) &&
			(a.class == cptLineC || a.class == cptSilent) && (b.class == cptLineC || b.class == cptSilent) {
			am, bm := a.blocks*cptBlockMs, b.blocks*cptBlockMs
			switch {
			case in(am, 375, 650) && in(bm, 375, 650):
				c.busyDone = true
				dst = c.report(CPTBusy, dst)
			case in(am, 150, 375) && in(bm, 150, 375):
				c.busyDone = true
				dst = c.report(CPTReorder, dst)
			}
		}
	}
	return dst
}

func in(v, lo, hi int) bool { return v >= lo && v <= hi }

// ongoing applies the rules that fire while a segment is still running.
func (c *CPTDetector) ongoing(dst []CPTEvent) []CPTEvent {
	ms := c.cur.blocks * cptBlockMs
	switch c.cur.class {
	case cptDialC:
		if ms >= 900 {
			dst = c.report(CPTDial, dst)
		}
	case cptCEDC:
		if ms >= 500 {
			dst = c.report(CPTAnswer, dst)
		}
	case cptRingC:
		if ms >= 1500 { // NA ringback is 2 s on: no need to wait for its end
			dst = c.report(CPTRingback, dst)
		}
	}
	return dst
}

func (c *CPTDetector) report(t CPTTone, dst []CPTEvent) []CPTEvent {
	if c.reported[t] {
		return dst
	}
	c.reported[t] = true
	return append(dst, CPTEvent{Tone: t, At: c.sample})
}

// Reset forgets all state (and what was reported) and restarts at sample 0.
func (c *CPTDetector) Reset() { *c = *NewCPTDetector() }
