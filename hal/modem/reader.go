package modem

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"time"

	"secretary/hal"
)

// reader is the parser state, owned by the reader goroutine.
type reader struct {
	line       []byte // the text line being read
	dlePending bool   // a <DLE> ended the last chunk outside the stream
	dec        DLEDecoder
	tail       []byte // the last bytes of an aborted stream (looking for OK)
	dtmf       dtmfState
}

// maxLine bounds a text line; the rest of a longer one is dropped.
const maxLine = 1024

// readLoop owns reading rw and the parser state.
func (m *Modem) readLoop() {
	buf := make([]byte, 4096)
	for {
		n, err := m.rw.Read(buf)
		if m.closed() {
			return
		}
		if n > 0 {
			m.touch()
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
		stream := m.st.rx.on
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
	r := &m.rd
	for i := 0; i < len(p); i++ {
		b := p[i]
		if r.dlePending {
			r.dlePending = false
			switch b {
			case etx:
				m.log.Debug("modem: <DLE><ETX> outside record stream")
			case dle:
			default:
				m.onDLE(b)
			}
			continue
		}
		switch b {
		case dle:
			r.dlePending = true
		case '\r', '\n':
			if len(r.line) == 0 {
				continue
			}
			l := string(r.line)
			r.line = r.line[:0]
			if m.handleLine(l) {
				return p[i+1:]
			}
		default:
			if len(r.line) < maxLine {
				r.line = append(r.line, b)
			}
		}
	}
	return nil
}

// feedStream decodes the +VRX stream; it returns the bytes after its end.
func (m *Modem) feedStream(p []byte) []byte {
	r := &m.rd
	m.mu.Lock()
	if m.st.rx.skipLF && len(p) > 0 {
		m.st.rx.skipLF = false
		if p[0] == '\n' {
			p = p[1:]
		}
	}
	abort := m.st.rx.abort
	ch := m.st.rx.audio
	m.mu.Unlock()
	audio, n, end := r.dec.Decode(p, nil, m.onDLE)
	byOK := false
	if abort && !end {
		// After <DLE>! a Conexant answers OK without <DLE><ETX>.
		r.tail = append(r.tail, p[:n]...)
		if k := bytes.Index(r.tail, []byte("OK\r")); k >= 0 && (k == 0 || r.tail[k-1] == '\n') {
			end, byOK = true, true
		}
		if len(r.tail) > 16 {
			r.tail = append(r.tail[:0], r.tail[len(r.tail)-16:]...)
		}
	} else if len(audio) > 0 && ch != nil {
		select {
		case ch <- audio:
		default:
			m.log.Warn("modem: record consumer too slow, dropping audio", "bytes", len(audio))
		}
	}
	if end {
		r.tail = r.tail[:0]
		r.dec.Reset()
		m.mu.Lock()
		m.st.rx.on = false
		m.st.rx.endedByOK = byOK
		if m.st.rx.end != nil {
			close(m.st.rx.end)
			m.st.rx.end = nil
		}
		m.mu.Unlock()
	}
	return p[n:]
}

var finalResults = []string{"OK", "ERROR", "CONNECT", "VCON", "NO CARRIER", "BUSY", "NO DIALTONE", "NO DIAL TONE", "NO ANSWER", "+CME ERROR", "+CMS ERROR"}

func isFinal(up string) bool {
	for _, f := range finalResults {
		if up == f || strings.HasPrefix(up, f+" ") || strings.HasPrefix(up, f+":") {
			return true
		}
	}
	return false
}

// handleLine classifies one text line: the echo or final result of the
// pending command, a line about an incoming call (the tracker's), an
// information line of the pending command, or noise. It reports whether
// the record stream starts after it.
func (m *Modem) handleLine(raw string) bool {
	l := strings.TrimSpace(stripControls(raw))
	if l == "" {
		return false
	}
	up := strings.ToUpper(l)
	if taken, stream := m.result(l, up); taken {
		return stream
	}
	var handled bool
	m.track(func(t *tracker, now time.Time) (evs []hal.LineEvent) {
		evs, handled = t.line(now, l)
		return evs
	})
	if handled {
		return false
	}
	m.mu.Lock()
	pd := m.st.pend
	switch {
	case pd != nil && printable(l):
		pd.info = append(pd.info, l)
		m.mu.Unlock()
	case pd != nil:
		m.mu.Unlock()
		m.log.Debug("modem: garbage line ignored", "line", l)
	default:
		m.mu.Unlock()
		m.track(func(t *tracker, now time.Time) []hal.LineEvent { return t.other(now) })
		m.log.Debug("modem: unsolicited line ignored", "line", l)
	}
	return false
}

// result takes the pending command's echo and final result. taken reports
// that the line was one of those; stream that the record stream starts.
func (m *Modem) result(l, up string) (taken, stream bool) {
	m.mu.Lock()
	pd := m.st.pend
	switch {
	case pd != nil && pd.cmd != "" && strings.EqualFold(l, pd.cmd):
		m.mu.Unlock()
		return true, false // echo
	case !isFinal(up):
		m.mu.Unlock()
		return false, false
	case pd == nil:
		voice := m.st.voice
		m.mu.Unlock()
		m.log.Debug("modem: unsolicited result", "line", l)
		if voice && (up == "NO CARRIER" || up == "BUSY") {
			m.lineEvent(hal.LineLoopDrop, 0)
		}
		return true, false
	case pd.needInfo && len(pd.info) == 0:
		m.mu.Unlock()
		m.log.Info("modem: late result of an unanswered command dropped", "line", l)
		return true, false
	}
	pd.final = up
	m.st.pend = nil
	if pd.stream && strings.HasPrefix(up, "CONNECT") {
		m.st.rx.on, m.st.rx.skipLF, stream = true, true, true
		m.rd.dec.Reset()
		m.rd.tail = m.rd.tail[:0]
	}
	close(pd.done)
	m.mu.Unlock()
	return true, stream
}

// onDLE handles one <DLE>code event (in any state; reader goroutine).
func (m *Modem) onDLE(code byte) {
	if digit, isDTMF := m.rd.dtmf.key(code); isDTMF {
		if digit != 0 && m.inCall(hal.LineDTMF) {
			m.emit(hal.LineEvent{Kind: hal.LineDTMF, Digit: digit})
		}
		return
	}
	k := dleEvent(code)
	if k == 0 {
		m.log.Debug("modem: DLE code ignored", "code", string(code))
		return
	}
	if m.inCall(k) {
		m.lineEvent(k, code)
	}
}

// inCall reports whether a line signal can mean anything now. Signals
// from the far end of a call (keys, tones, hang-up) come only while the
// box holds the line or is taking it; on an idle line they are noise (a
// modem printing garbage must not tell the box a caller hung up).
func (m *Modem) inCall(k hal.LineEventKind) bool {
	switch k {
	case hal.LineRing, hal.LineExtensionOffHook, hal.LineExtensionOnHook, hal.LinePolarity:
		return true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.st.offHook || m.st.hang != nil {
		return true
	}
	m.log.Debug("modem: line signal while on-hook ignored", "kind", k)
	return false
}

// lineEvent reports a line signal; a far-end hang-up also ends the voice
// session's Play or Record.
func (m *Modem) lineEvent(k hal.LineEventKind, code byte) {
	switch k {
	case hal.LineRing:
		m.track(func(t *tracker, now time.Time) []hal.LineEvent { return t.ring(now) })
		return
	case hal.LineCallWaiting:
		m.track(func(t *tracker, now time.Time) []hal.LineEvent { return t.callWaiting(now) })
		return
	}
	m.mu.Lock()
	st := &m.st
	if m.consultSignal(k) {
		m.mu.Unlock()
		m.log.Debug("modem: line signal while consulting", "kind", k)
		return
	}
	ignore := st.voice && st.info.Profile.IgnoreDialToneInVoice && k == hal.LineDialTone && code == 'd' && (st.rx.on || st.playing)
	if farEndGone(k) && st.voice && !ignore && st.hang != nil {
		close(st.hang)
		st.hang = nil
	}
	m.mu.Unlock()
	if ignore {
		m.log.Debug("modem: spurious dial tone ignored during voice (USR)")
		return
	}
	m.emit(hal.LineEvent{Kind: k})
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
