package dsp

import (
	"fmt"
	"time"
)

// Visual Message Waiting Indicator (Bellcore GR-30 / ETSI EN 300 659): the
// on-hook FSK message that lights or clears a telephone's message lamp.
//
// Two forms exist. MDMF (message type 0x82) carries parameter 0x0B, one
// byte: 0xFF on, 0x00 off; ETSI's message-waiting message is the same
// type and parameter. SDMF (type 0x06) carries three bytes: 0x42 0x42 0x42
// on, 0x6F 0x6F 0x6F off. Both end with the usual checksum.
//
// On the wire (Asterisk's vmwi_generate, which DAHDI FXS ports send): 0.5 s
// of silence, 30 bytes of 0x55 channel seizure, 170 ms of marks (20 more
// than a caller ID), the message, 50 ms of marks. The phone is on hook and
// no call is ringing, so the spill needs an alert first: DAHDI's
// mwisendtype "rpas" sends a ring pulse alert signal (one 250 ms ring
// burst; ETSI EN 300 659-1 gives 200-300 ms) and the FSK once the ring is
// over, after a pause of about 0.5 s; "lrev" uses a line reversal instead
// (and keeps the line reversed while messages wait, the lamp of phones
// that watch polarity); other phones need no alert at all (Bellcore sends
// VMWI without one on most lines). VMWISignal makes the audio; the ring
// pulse or reversal before it is the board's (the SLIC's ring or
// forward/reverse pin).

// Parameter and SDMF byte values of the message-waiting messages.
const (
	ParamVMWI  = 0x0B // MDMF/ETSI visual indicator, one byte
	vmwiMDMFOn = 0xFF
	vmwiSDMFOn = 0x42 // 'B', three times
	vmwiSDMFOf = 0x6F // 'o', three times
)

// VMWI is a decoded message-waiting indication.
type VMWI int

const (
	VMWINone VMWI = iota // not a message-waiting message
	VMWIOn               // messages waiting: lamp on
	VMWIOff              // none waiting: lamp off
)

func (v VMWI) String() string {
	switch v {
	case VMWINone:
		return "none"
	case VMWIOn:
		return "on"
	case VMWIOff:
		return "off"
	}
	return "VMWI(?)"
}

// VMWIFormat is the message form VMWISignal sends.
type VMWIFormat int

const (
	VMWIMDMF VMWIFormat = iota // type 0x82 with parameter 0x0B (default; ETSI's form too)
	VMWISDMF                   // type 0x06, three bytes
)

// VMWIOptions shape a generated message-waiting burst. Zero values take
// the defaults.
type VMWIOptions struct {
	Format   VMWIFormat
	Standard Standard // StandardBellcore (Bell 202, default) or StandardETSI (V.23; MDMF only)
	// Tx: level, lead and tail silence as for caller ID; MarkBits defaults
	// to 204 (170 ms, as Asterisk sends), Lead to 0.5 s.
	Tx CIDTxOptions
}

// EncodeVMWI returns the message (type, length, payload, checksum) that
// turns the indicator on or off.
func EncodeVMWI(on bool, f VMWIFormat) []byte {
	var msg []byte
	switch f {
	case VMWISDMF:
		b := byte(vmwiSDMFOf)
		if on {
			b = vmwiSDMFOn
		}
		msg = []byte{TypeSDMFMWI, 3, b, b, b}
	default:
		v := byte(0)
		if on {
			v = vmwiMDMFOn
		}
		msg = []byte{TypeMDMFMWI, 3, ParamVMWI, 1, v}
	}
	return append(msg, Checksum(msg))
}

// VMWISignal returns the indicator message as on-hook line audio: silence,
// channel seizure, marks, the message, marks (see the package notes above
// for the alert that must come before it).
func VMWISignal(on bool, o VMWIOptions) ([]int16, error) {
	std := o.Standard
	if std == StandardUnknown {
		std = StandardBellcore
	}
	if std != StandardBellcore && std != StandardETSI {
		return nil, fmt.Errorf("%w: VMWI over %s", ErrUnknownType, std)
	}
	if std == StandardETSI && o.Format == VMWISDMF {
		return nil, fmt.Errorf("%w: SDMF message waiting is Bellcore only", ErrUnknownType)
	}
	tx := o.Tx
	if tx.MarkBits == 0 {
		tx.MarkBits = 204
	}
	if tx.Lead == 0 {
		tx.Lead = 500 * time.Millisecond
	}
	if tx.Tail == 0 {
		tx.Tail = 50 * time.Millisecond
	}
	return fskMessageSignal(EncodeVMWI(on, o.Format), std, tx), nil
}

// ParseVMWI decodes a message-waiting message (SDMF 0x06 or MDMF/ETSI
// 0x82) whole: checksum, then the indicator. An MDMF message may carry
// date, number and name too (Asterisk's "full" form); they are returned in
// the CallerID. A message with no indicator, or an indicator value other
// than on or off, is ErrMalformed.
func ParseVMWI(b []byte) (VMWI, CallerID, error) {
	c, err := ParseMessage(b)
	if err != nil && !isUnknownType(err) {
		return VMWINone, c, err
	}
	bad := func(why string) (VMWI, CallerID, error) {
		return VMWINone, c, &MessageError{Err: ErrMalformed, Type: c.Type, Detail: why}
	}
	switch c.Type {
	case TypeSDMFMWI:
		p := b[2 : len(b)-1]
		switch string(p) {
		case "\x42\x42\x42":
			return VMWIOn, c, nil
		case "\x6F\x6F\x6F":
			return VMWIOff, c, nil
		}
		return bad(fmt.Sprintf("SDMF message waiting % X", p))
	case TypeMDMFMWI:
		c.applyParams()
		v := VMWINone
		for _, p := range c.Params {
			if p.Type != ParamVMWI {
				continue
			}
			switch {
			case len(p.Value) == 1 && p.Value[0] == vmwiMDMFOn:
				v = VMWIOn
			case len(p.Value) == 1 && p.Value[0] == 0:
				v = VMWIOff
			default:
				return bad(fmt.Sprintf("indicator % X", p.Value))
			}
		}
		if v == VMWINone {
			return bad("no visual indicator parameter")
		}
		return v, c, nil
	}
	return VMWINone, c, &MessageError{Err: ErrUnknownType, Type: c.Type, Detail: "not a message-waiting message"}
}
