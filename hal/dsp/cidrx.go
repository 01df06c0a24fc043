package dsp

// CIDMode chooses which caller-ID signals a receiver looks for.
type CIDMode int

const (
	CIDAuto     CIDMode = iota // Bell 202, V.23 (ETSI, JCLIP) and DTMF CLIP
	CIDBellcore                // Bell 202 FSK only
	CIDETSI                    // V.23 FSK only (ETSI and JCLIP)
	CIDDTMF                    // DTMF CLIP only
)

func (m CIDMode) String() string {
	switch m {
	case CIDAuto:
		return "auto"
	case CIDBellcore:
		return "bellcore"
	case CIDETSI:
		return "etsi"
	case CIDDTMF:
		return "dtmf"
	}
	return "CIDMode(?)"
}

// ParseCIDMode accepts auto, bellcore, etsi, dtmf.
func ParseCIDMode(s string) (CIDMode, bool) {
	for _, m := range []CIDMode{CIDAuto, CIDBellcore, CIDETSI, CIDDTMF} {
		if m.String() == s {
			return m, true
		}
	}
	return CIDAuto, false
}

// CIDRxOptions configure a caller-ID receiver.
type CIDRxOptions struct {
	Mode CIDMode
	// MinLevelDBm0 is the carrier-detect threshold for FSK (default -42 dBm0,
	// so bursts from about -38 dBm0 up decode).
	MinLevelDBm0 float64
}

// CIDEvent is a caller-ID message, a message-waiting indication, or a
// burst that failed.
type CIDEvent struct {
	// VMWI is VMWIOn or VMWIOff when the message was a message-waiting
	// indication (SDMF 0x06, MDMF/ETSI 0x82) rather than a caller ID;
	// CallerID then holds only what that message carried besides.
	VMWI     VMWI
	CallerID CallerID // valid when Err is nil
	Err      error    // *MessageError: ErrChecksum, ErrTruncated, ErrMalformed, ErrUnknownType
	At       int64    // sample index where the message ended
}

// Minimum idle mark (bits) before a message's first byte.
const cidMinMarkBits = 30

// CIDReceiver decodes caller ID from line audio, streaming. FSK bursts give
// one event each (a message, or an error for a bad checksum or a burst that
// stopped early); DTMF CLIP gives an event at its end key.
type CIDReceiver struct {
	opt    CIDRxOptions
	fsk    *fskDemod
	dtmf   *DTMFDetector
	sample int64

	msg    []byte // message being assembled
	markHz float64
	inMsg  bool
	vmwi   VMWI // the indication of the message being finished

	dtmfBuf  []byte
	dtmfLast int64
	dtmfEv   []DTMFEvent
	out      []CIDEvent // scratch for the fsk callback
}

// NewCIDReceiver returns a receiver at sample 0.
func NewCIDReceiver(o CIDRxOptions) *CIDReceiver {
	if o.MinLevelDBm0 == 0 {
		o.MinLevelDBm0 = -42
	}
	r := &CIDReceiver{opt: o, msg: make([]byte, 0, 300)}
	if o.Mode != CIDDTMF {
		r.fsk = newFSKDemod(o.MinLevelDBm0)
	}
	if o.Mode == CIDAuto || o.Mode == CIDDTMF {
		r.dtmf = NewDTMFDetector()
	}
	return r
}

// Process consumes pcm and appends caller-ID events to dst.
func (r *CIDReceiver) Process(pcm []int16, dst []CIDEvent) []CIDEvent {
	if r.fsk != nil {
		r.out = dst
		r.fsk.process(pcm, r.onChar)
		dst = r.out
		r.out = nil
	}
	if r.dtmf != nil {
		r.dtmfEv = r.dtmf.Process(pcm, r.dtmfEv[:0])
		for _, e := range r.dtmfEv {
			dst = r.onDTMF(e, dst)
		}
	}
	r.sample += int64(len(pcm))
	return dst
}

func (r *CIDReceiver) onChar(c uartChar, lost bool) {
	if lost {
		if r.inMsg && len(r.msg) > 0 {
			r.fail(&MessageError{Err: ErrTruncated, Type: r.msg[0], Detail: "carrier lost mid-message"})
		}
		r.inMsg = false
		r.msg = r.msg[:0]
		return
	}
	if c.idleBits >= cidMinMarkBits && (c.markHz < 1140 || c.markHz > 1360 ||
		float32(c.glitches) > 0.1*c.idleBits*fskSamplesPerBit) {
		// a long "mark" that is not a clean 1200 or 1300 Hz tone (speech,
		// DTMF, a ring tail): not a caller-ID preamble
		r.inMsg = false
		r.msg = r.msg[:0]
		return
	}
	if c.idleBits >= cidMinMarkBits {
		// a new message starts after a long mark
		if r.inMsg && len(r.msg) > 0 {
			r.fail(&MessageError{Err: ErrTruncated, Type: r.msg[0], Detail: "message cut by idle mark"})
		}
		r.msg = r.msg[:0]
		r.inMsg = true
		r.markHz = c.markHz
	}
	if !r.inMsg {
		return
	}
	if c.framing {
		if len(r.msg) > 0 {
			r.fail(&MessageError{Err: ErrMalformed, Type: r.msg[0], Detail: "framing error"})
		}
		r.inMsg = false
		r.msg = r.msg[:0]
		return
	}
	r.msg = append(r.msg, c.b)
	if r.msg[0] == dle|0x80 { // JCLIP: DLE with even parity
		if n := jclipFrameLen(r.msg); n > 0 && len(r.msg) >= n {
			cid, err := ParseJCLIP(r.msg)
			r.finish(cid, err, StandardJCLIP)
		}
		return
	}
	if !knownType(r.msg[0]) {
		r.inMsg = false
		r.msg = r.msg[:0]
		return
	}
	if len(r.msg) >= 3 && len(r.msg) == int(r.msg[1])+3 {
		std := StandardETSI
		if r.markHz < 1250 {
			std = StandardBellcore
		}
		if r.msg[0] == TypeSDMFMWI || r.msg[0] == TypeMDMFMWI {
			v, cid, err := ParseVMWI(r.msg)
			r.vmwi = v
			r.finish(cid, err, std)
			return
		}
		cid, err := ParseMessage(r.msg)
		r.finish(cid, err, std)
	}
}

func knownType(t byte) bool {
	switch t {
	case TypeSDMF, TypeMDMF, TypeSDMFMWI, TypeMDMFMWI, TypeETSICharge, TypeETSISMS:
		return true
	}
	return false
}

func (r *CIDReceiver) finish(cid CallerID, err error, std Standard) {
	defer func() { r.vmwi = VMWINone }()
	r.inMsg = false
	r.msg = r.msg[:0]
	if err != nil {
		r.fail(err)
		return
	}
	switch r.opt.Mode {
	case CIDBellcore:
		if std != StandardBellcore {
			return // V.23 (ETSI or JCLIP): not what was asked for
		}
	case CIDETSI:
		if std == StandardBellcore {
			return
		}
	}
	cid.Standard = std
	r.out = append(r.out, CIDEvent{VMWI: r.vmwi, CallerID: cid, At: r.sample})
}

func (r *CIDReceiver) fail(err error) {
	r.out = append(r.out, CIDEvent{Err: err, At: r.sample})
}

// DTMF CLIP: keys more than 3 s apart start a new message.
const cidDTMFGap = 3 * SampleRate

func (r *CIDReceiver) onDTMF(e DTMFEvent, dst []CIDEvent) []CIDEvent {
	if len(r.dtmfBuf) > 0 && e.At-r.dtmfLast > cidDTMFGap {
		r.dtmfBuf = r.dtmfBuf[:0]
	}
	r.dtmfLast = e.At
	k := e.Digit
	if (k == 'A' || k == 'D' || k == 'B') && !clipInside(r.dtmfBuf) {
		r.dtmfBuf = r.dtmfBuf[:0] // a start key begins a message
	}
	if len(r.dtmfBuf) < 64 {
		r.dtmfBuf = append(r.dtmfBuf, k)
	}
	if k != 'C' && k != '#' {
		return dst
	}
	s := string(r.dtmfBuf)
	r.dtmfBuf = r.dtmfBuf[:0]
	if isDigit(s[0]) && len(s) < 7 {
		return dst // "123#" is a user's keys, not caller ID (numbers have 6+ digits)
	}
	cid, err := ParseDTMFCLIP(s)
	if err != nil {
		return dst // stray keys are not a failed caller ID
	}
	return append(dst, CIDEvent{CallerID: cid, At: e.At})
}

// clipInside reports whether buf is a message that may contain D or B
// fields (A<number>...).
func clipInside(buf []byte) bool { return len(buf) > 0 && buf[0] == 'A' }
