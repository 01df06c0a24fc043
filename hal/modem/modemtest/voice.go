package modemtest

import (
	"math"
	"strings"
	"time"

	"github.com/zaf/g711"
)

const (
	sampleRate = 8000
	txBufCap   = 4000 // samples the emulated play buffer holds (0.5 s)
	frame      = 160  // 20 ms
)

func decodeSample(c codecKind, b byte) int16 {
	switch c {
	case codecULaw:
		return g711.DecodeUlawFrame(b)
	case codecALaw:
		return g711.DecodeAlawFrame(b)
	}
	return int16((int(b) - 128) << 8)
}

func encodeSample(c codecKind, v int16) byte {
	switch c {
	case codecULaw:
		return g711.EncodeUlawFrame(v)
	case codecALaw:
		return g711.EncodeAlawFrame(v)
	}
	return byte((int(v) >> 8) + 128)
}

// txByte decodes one byte of the box's +VTX stream. Called with mu held.
func (e *Emulator) txByte(fx *effects, b byte) {
	s := &e.st
	if s.txDLE {
		s.txDLE = false
		switch b {
		case dle:
			e.txSample(fx, dle)
			s.txPrevDoubled = true
			return
		case etx:
			if e.prof.tripleDLE && !s.txPrevDoubled {
				// The Zoom 3095 ignores a lone <DLE><ETX>.
				s.txPrevDoubled = false
				return
			}
			e.endTX(fx, "DLE ETX")
		case can:
			s.txLevel = 0
		}
		s.txPrevDoubled = false
		return
	}
	if b == dle {
		s.txDLE = true
		return
	}
	s.txPrevDoubled = false
	e.txSample(fx, b)
}

func (e *Emulator) txSample(fx *effects, b byte) {
	s := &e.st
	now := e.clock.Now()
	if s.txStarted {
		drained := now.Sub(s.txLast).Seconds() * sampleRate
		s.txLevel -= drained
		if s.txLevel < -frame {
			fx.records = append(fx.records, Record{Kind: RecUnderrun, Samples: int(-s.txLevel)})
		}
		if s.txLevel < 0 {
			s.txLevel = 0
		}
	}
	s.txStarted = true
	s.txLast = now
	if s.txLevel >= txBufCap {
		fx.records = append(fx.records, Record{Kind: RecOverrun, Samples: 1})
		return
	}
	s.txLevel++
	s.txSamples++
	e.heard = append(e.heard, decodeSample(s.codec, b))
}

// endTX leaves +VTX; OK comes when the buffer has drained.
func (e *Emulator) endTX(fx *effects, how string) {
	s := &e.st
	s.mode = vmCommand
	level := s.txLevel
	if s.txStarted {
		level -= e.clock.Since(s.txLast).Seconds() * sampleRate
	}
	fx.records = append(fx.records, Record{Kind: RecPlay, Samples: s.txSamples}, Record{Kind: RecPlayEnd, Text: how})
	wait := time.Duration(0)
	if level > 0 {
		wait = time.Duration(level / sampleRate * float64(time.Second))
	}
	fx.later = append(fx.later, func() { e.delayedOK(wait) })
}

// delayedOK answers OK after d (a tone's length, a play buffer draining).
// It runs on the reader goroutine, so the modem reads no commands
// meanwhile, as a busy modem would; an unplug cuts it short, and the OK
// never reaches a later pty.
func (e *Emulator) delayedOK(d time.Duration) {
	e.mu.Lock()
	g := e.gen
	e.mu.Unlock()
	if g == nil {
		return
	}
	if d > 0 {
		select {
		case <-e.clock.After(d):
		case <-g.quit:
			return
		}
	}
	var out effects
	e.mu.Lock()
	if e.gen != g {
		e.mu.Unlock()
		return
	}
	out.line(&e.st, "OK")
	e.mu.Unlock()
	e.apply(&out)
}

// rxByte handles the box's bytes during +VRX: only DLE commands matter.
func (e *Emulator) rxByte(fx *effects, b byte) {
	s := &e.st
	if !s.rxDLE {
		if b == dle {
			s.rxDLE = true
		} else {
			s.rxPrevDoubled = false
		}
		return
	}
	s.rxDLE = false
	switch b {
	case dle:
		s.rxPrevDoubled = true
		return
	case '!', '^':
		if e.prof.tripleDLE && !s.rxPrevDoubled {
			s.rxPrevDoubled = false
			return
		}
		e.endRX(fx, "DLE "+string(b))
		if e.prof.abortETX {
			fx.out.Write([]byte{dle, etx})
		}
		if e.prof.abortOK {
			fx.line(s, "OK")
		}
	}
	s.rxPrevDoubled = false
}

// endRX leaves +VRX. Called with mu held.
func (e *Emulator) endRX(fx *effects, how string) {
	s := &e.st
	if s.rxStop != nil {
		close(s.rxStop)
		s.rxStop = nil
	}
	s.mode = vmCommand
	fx.records = append(fx.records, Record{Kind: RecRecordEnd, Text: how})
}

// startRX streams caller audio to the box in real time until stop closes.
func (e *Emulator) startRX(stop chan struct{}) {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		t := e.clock.NewTicker(frame * time.Second / sampleRate)
		defer t.Stop()
		pcm := make([]int16, frame)
		for {
			select {
			case <-stop:
				return
			case <-t.Chan():
			}
			e.mu.Lock()
			if e.st.rxStop != stop {
				e.mu.Unlock()
				return
			}
			c := e.call
			codec := e.st.codec
			evs := e.st.rxEvents
			e.st.rxEvents = nil
			e.mu.Unlock()
			for i := range pcm {
				pcm[i] = 0
			}
			if c != nil {
				c.speak(pcm)
			}
			out := make([]byte, 0, 2*frame+len(evs))
			out = append(out, evs...)
			for _, v := range pcm {
				b := encodeSample(codec, v)
				if b == dle {
					out = append(out, dle, dle)
				} else {
					out = append(out, b)
				}
			}
			e.send(out)
		}
	}()
}

// event reports a line event to the box the way the current state allows:
// queued into the +VRX stream, or sent as a bare <DLE>code in voice class.
// Data class (FCLASS=0) has no DLE events. It returns false when dropped.
func (e *Emulator) event(code byte) bool {
	e.mu.Lock()
	s := &e.st
	switch {
	case s.mode == vmRX:
		s.rxEvents = append(s.rxEvents, dle, code)
		e.mu.Unlock()
		return true
	case s.fclass == 8:
		e.mu.Unlock()
		e.send([]byte{dle, code})
		return true
	}
	e.mu.Unlock()
	return false
}

// endVoiceByModem makes the modem leave +VRX on its own (loop loss), ending
// the stream with <DLE><ETX>.
func (e *Emulator) endVoiceByModem(code byte) {
	var fx effects
	e.mu.Lock()
	if e.st.mode == vmRX {
		evs := e.st.rxEvents
		e.st.rxEvents = nil
		e.endRX(&fx, "modem: far end gone")
		fx.out.Write(evs)
		fx.out.Write([]byte{dle, code, dle, etx})
	}
	e.mu.Unlock()
	e.apply(&fx)
}

// dtmfPairs are the DTMF frequencies of each key (+VTS digits form).
var dtmfPairs = map[byte][2]float64{
	'1': {697, 1209}, '2': {697, 1336}, '3': {697, 1477}, 'A': {697, 1633},
	'4': {770, 1209}, '5': {770, 1336}, '6': {770, 1477}, 'B': {770, 1633},
	'7': {852, 1209}, '8': {852, 1336}, '9': {852, 1477}, 'C': {852, 1633},
	'*': {941, 1209}, '0': {941, 1336}, '#': {941, 1477}, 'D': {941, 1633},
}

// toneSamples is what the caller hears of a +VTS tone: f1 and f2 (one
// tone when equal) for d, or each DTMF digit for 100 ms, at about -10 dBm0.
func toneSamples(f1, f2 float64, d time.Duration, digits string) []int16 {
	if digits == "" {
		return sines(f1, f2, d)
	}
	var out []int16
	for i := 0; i < len(digits); i++ {
		fs := dtmfPairs[strings.ToUpper(digits[i : i+1])[0]]
		out = append(out, sines(fs[0], fs[1], 100*time.Millisecond)...)
	}
	return out
}

func sines(f1, f2 float64, d time.Duration) []int16 {
	n := int(d.Seconds() * sampleRate)
	out := make([]int16, n)
	amp := 5000.0
	if f1 == f2 {
		f2, amp = 0, 2*amp
	}
	for i := range out {
		t := float64(i) / sampleRate
		v := amp * math.Sin(2*math.Pi*f1*t)
		if f2 > 0 {
			v += amp * math.Sin(2*math.Pi*f2*t)
		}
		out[i] = int16(v)
	}
	return out
}
