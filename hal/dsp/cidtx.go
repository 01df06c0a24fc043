package dsp

import (
	"fmt"
	"math"
	"time"

	"secretary/hal/audio"
)

// FSK tone pairs (Hz).
const (
	Bell202Mark  = 1200.0
	Bell202Space = 2200.0
	V23Mark      = 1300.0
	V23Space     = 2100.0
	fskBaud      = 1200.0
)

// CIDTxOptions shape a generated caller-ID burst. Zero values take defaults.
type CIDTxOptions struct {
	LevelDBm0   float64       // FSK level (default -13.5 dBm0); DTMF CLIP: per tone
	SeizureBits int           // alternating 0/1 bits (default 300; -1 for none; JCLIP default none)
	MarkBits    int           // mark bits before the message (default 180; JCLIP 75)
	Lead        time.Duration // silence before the burst
	Tail        time.Duration // silence after it
	// AlertTone prefixes the ETSI dual-tone alert (2130+2750 Hz, 100 ms)
	// and 100 ms of silence, for ETSI data sent before ringing.
	AlertTone bool
}

// CallerIDSignal returns c as line audio: Bell 202 (Bellcore) or V.23 (ETSI,
// JCLIP) FSK with channel seizure and mark, or DTMF keys for DTMF CLIP. The
// board sends it to the handset between its own rings (start at least 0.5 s
// after a ring ends and finish 0.2 s before the next).
func CallerIDSignal(c CallerID, o CIDTxOptions) ([]int16, error) {
	if c.Standard == StandardUnknown {
		c.Standard = StandardBellcore
	}
	msg, err := EncodeMessage(c)
	if err != nil {
		return nil, err
	}
	if c.Standard != StandardDTMF {
		return fskMessageSignal(msg, c.Standard, o), nil
	}
	out, o := o.start()
	keys, err := DTMFSignal(string(msg), DTMFGenOptions{LowDBm0: o.LevelDBm0, HighDBm0: o.LevelDBm0, On: 60 * time.Millisecond, Off: 60 * time.Millisecond})
	if err != nil {
		return nil, err
	}
	out = append(out, keys...)
	return append(out, Silence(o.Tail)...), nil
}

// start applies the level default and returns the lead silence and, if
// asked, the alert tone.
func (o CIDTxOptions) start() ([]int16, CIDTxOptions) {
	if o.LevelDBm0 == 0 {
		o.LevelDBm0 = -13.5
	}
	out := Silence(o.Lead)
	if o.AlertTone {
		out = AppendSegments(out, Segment{F1: 2130, F2: 2750, LevelDBm0: o.LevelDBm0 - 3, Dur: 100 * time.Millisecond},
			Segment{Dur: 100 * time.Millisecond})
	}
	return out, o
}

// fskMessageSignal sends an encoded message as FSK (Bell 202 for
// Bellcore, V.23 otherwise): lead, alert, seizure, marks, the characters,
// a few marks, tail.
func fskMessageSignal(msg []byte, std Standard, o CIDTxOptions) []int16 {
	out, o := o.start()
	seize, mark, stop := o.SeizureBits, o.MarkBits, 1
	if seize == 0 {
		seize = 300
		if std == StandardJCLIP {
			seize = -1
		}
	}
	if mark == 0 {
		mark = 180
		if std == StandardJCLIP {
			mark = 75
		}
	}
	if std == StandardJCLIP {
		stop = 4 // JCLIP sends extra stop bits between characters
	}
	bits := make([]byte, 0, max(seize, 0)+mark+len(msg)*(9+stop)+5)
	for i := 0; i < seize; i++ {
		bits = append(bits, byte(i&1))
	}
	for i := 0; i < mark; i++ {
		bits = append(bits, 1)
	}
	for _, b := range msg {
		bits = append(bits, 0)
		for k := 0; k < 8; k++ {
			bits = append(bits, b>>k&1)
		}
		for k := 0; k < stop; k++ {
			bits = append(bits, 1)
		}
	}
	bits = append(bits, 1, 1, 1, 1, 1) // a few marks so the last stop bit is clean
	markF, spaceF := Bell202Mark, Bell202Space
	if std == StandardETSI || std == StandardJCLIP {
		markF, spaceF = V23Mark, V23Space
	}
	out = appendFSK(out, bits, markF, spaceF, fskBaud, o.LevelDBm0)
	return append(out, Silence(o.Tail)...)
}

// appendFSK appends phase-continuous FSK of bits (1 = mark) at baud.
func appendFSK(dst []int16, bits []byte, markF, spaceF, baud, dbm0 float64) []int16 {
	a := audio.SineAmplitude(dbm0)
	spb := SampleRate / baud
	n := int(math.Ceil(float64(len(bits)) * spb))
	var ph float64
	for i := 0; i < n; i++ {
		bi := int(float64(i) / spb)
		if bi >= len(bits) {
			bi = len(bits) - 1
		}
		f := spaceF
		if bits[bi] != 0 {
			f = markF
		}
		dst = append(dst, sat16(a*math.Sin(ph)))
		ph += 2 * math.Pi * f / SampleRate
		if ph > 2*math.Pi {
			ph -= 2 * math.Pi
		}
	}
	return dst
}

// String renders the message for logs.
func (c CallerID) String() string {
	return fmt.Sprintf("%s date=%q number=%q name=%q number_absent=%q name_absent=%q",
		c.Standard, c.Date, c.Number, c.Name, c.NumberAbsent, c.NameAbsent)
}
