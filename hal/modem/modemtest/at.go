package modemtest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

const (
	dle = 0x10
	etx = 0x03
	can = 0x18
)

type voiceMode int

const (
	vmCommand voiceMode = iota
	vmTX
	vmRX
)

// modemState is the modem's registers and data-state decoders; guarded by
// Emulator.mu.
type modemState struct {
	echo, verbose bool
	fclass        int
	vcid          int
	offHook       bool
	mode          voiceMode
	codec         codecKind
	vdr           bool
	gci           string
	line          []byte

	// +VTX decoder and pacing
	txDLE, txPrevDoubled bool
	txStarted            bool
	txLast               time.Time
	txLevel              float64 // samples queued in the modem buffer
	txSamples            int
	// +VRX
	rxDLE, rxPrevDoubled bool
	rxStop               chan struct{}
	rxEvents             []byte
	// call transfer (transfer.go)
	dialing chan struct{} // a dial in progress: closed when it ends early
	consult bool          // a flash put the caller on hold
	dialled string        // the number dialled since the flash
	thirdUp bool          // it answered
}

func (s *modemState) reset(p profileData) {
	vcid := s.vcid
	*s = modemState{echo: true, verbose: true, gci: "B5"}
	if !p.losesVCID {
		s.vcid = vcid
	}
}

func (s *modemState) dtrDrop() {
	s.dropConsult()
	if s.rxStop != nil {
		close(s.rxStop)
		s.rxStop = nil
	}
	s.offHook = false
	s.mode = vmCommand
	s.fclass = 0
	s.line = nil
}

// effects collects what one input chunk makes the modem do; it is executed
// after Emulator.mu is released.
type effects struct {
	out     bytes.Buffer
	records []Record
	later   []func()
}

func (fx *effects) line(s *modemState, text string) {
	if s.verbose {
		fx.out.WriteString("\r\n" + text + "\r\n")
		return
	}
	codes := map[string]string{"OK": "0", "CONNECT": "1", "RING": "2", "NO CARRIER": "3", "ERROR": "4", "NO DIALTONE": "6", "BUSY": "7", "NO ANSWER": "8"}
	if c, ok := codes[text]; ok {
		fx.out.WriteString(c + "\r")
		return
	}
	fx.out.WriteString(text + "\r\n")
}

func (e *Emulator) input(g *generation, b []byte) {
	var fx effects
	e.mu.Lock()
	if e.gen != g {
		e.mu.Unlock()
		return
	}
	for i := 0; i < len(b); i++ {
		switch e.st.mode {
		case vmTX:
			e.txByte(&fx, b[i])
		case vmRX:
			e.rxByte(&fx, b[i])
		default:
			e.cmdByte(&fx, b[i])
		}
	}
	e.mu.Unlock()
	e.apply(&fx)
}

func (e *Emulator) apply(fx *effects) {
	// Records first: once the box has read a reply, what led to it is in
	// the records (tests read them right after the driver returns).
	for _, r := range fx.records {
		e.record(r)
	}
	if fx.out.Len() > 0 {
		e.send(fx.out.Bytes())
	}
	for _, f := range fx.later {
		f()
	}
}

func (e *Emulator) cmdByte(fx *effects, c byte) {
	s := &e.st
	if s.dialing != nil {
		e.abortDialLocked(fx)
		return
	}
	if c == '\n' || c == dle {
		return
	}
	if c != '\r' {
		if len(s.line) < 512 {
			s.line = append(s.line, c)
		}
		return
	}
	raw := string(s.line)
	s.line = nil
	if s.echo {
		fx.out.WriteString(raw + "\r")
	}
	// Anything before "AT" (a "+++" escape, stray DLE codes) is noise.
	up := strings.ToUpper(raw)
	i := strings.Index(up, "AT")
	if i < 0 {
		return
	}
	cmd := strings.TrimSpace(raw[i:])
	fx.records = append(fx.records, Record{Kind: RecCommand, Text: cmd})
	switch e.fault {
	case FaultNoAnswer:
		return
	case FaultError:
		fx.line(s, "ERROR")
		return
	case FaultGarbage:
		fx.out.WriteString("\r\n\xfe\x7f#!garbage~~\r\n")
	}
	e.execLine(fx, cmd[2:])
}

// execLine runs every command on one AT line and prints one final result.
func (e *Emulator) execLine(fx *effects, rest string) {
	s := &e.st
	p := &atParser{s: rest}
	for {
		c, ok := p.next()
		if !ok {
			break
		}
		res, final := e.exec(fx, c)
		if final {
			return // exec printed its own final result or defers it
		}
		if res != "" {
			fx.line(s, "ERROR")
			return
		}
	}
	fx.line(s, "OK")
}

type atCmd struct {
	name string // "Z", "E", "+VCID", "#CID", "&W", "S"
	num  string // digits after a basic command, or the S register number
	op   string // "", "=", "?", "=?"
	arg  string
}

type atParser struct {
	s string
	i int
}

func (p *atParser) next() (atCmd, bool) {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == ';') {
		p.i++
	}
	if p.i >= len(p.s) {
		return atCmd{}, false
	}
	c := p.s[p.i]
	up := func(b byte) byte {
		if b >= 'a' && b <= 'z' {
			return b - 32
		}
		return b
	}
	var cmd atCmd
	switch {
	case c == '+' || c == '#' || c == '%' || c == '-' || c == '*':
		j := p.i + 1
		for j < len(p.s) && (isAlpha(p.s[j]) || (j > p.i+1 && isDigit(p.s[j]))) {
			j++
		}
		cmd.name = strings.ToUpper(p.s[p.i:j])
		p.i = j
		switch {
		case strings.HasPrefix(p.s[p.i:], "=?"):
			cmd.op = "=?"
			p.i += 2
		case strings.HasPrefix(p.s[p.i:], "?"):
			cmd.op = "?"
			p.i++
		case strings.HasPrefix(p.s[p.i:], "="):
			cmd.op = "="
			p.i++
			k := strings.IndexByte(p.s[p.i:], ';')
			if k < 0 {
				k = len(p.s) - p.i
			}
			cmd.arg = strings.TrimSpace(p.s[p.i : p.i+k])
			p.i += k
		}
		return cmd, true
	case c == '&':
		if p.i+1 >= len(p.s) {
			p.i = len(p.s)
			return atCmd{name: "&"}, true
		}
		cmd.name = "&" + string(up(p.s[p.i+1]))
		p.i += 2
	case up(c) == 'D':
		cmd.name, cmd.arg = "D", strings.TrimSpace(p.s[p.i+1:])
		p.i = len(p.s)
		return cmd, true
	case isAlpha(c):
		cmd.name = string(up(c))
		p.i++
	default:
		p.i++
		return atCmd{name: string(c)}, true
	}
	j := p.i
	for j < len(p.s) && isDigit(p.s[j]) {
		j++
	}
	cmd.num = p.s[p.i:j]
	p.i = j
	if cmd.name == "S" && p.i < len(p.s) {
		switch p.s[p.i] {
		case '?':
			cmd.op = "?"
			p.i++
		case '=':
			cmd.op = "="
			p.i++
			k := p.i
			for k < len(p.s) && isDigit(p.s[k]) {
				k++
			}
			cmd.arg = p.s[p.i:k]
			p.i = k
		}
	}
	return cmd, true
}

func isAlpha(b byte) bool { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') }
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// exec runs one command. It returns a non-empty string for ERROR, or
// final=true when it wrote (or scheduled) the final result itself.
func (e *Emulator) exec(fx *effects, c atCmd) (errText string, final bool) {
	switch c.name {
	case "H", "A", "D":
		return e.execHook(fx, c)
	case "+VCID", "#CID":
		return e.execCID(fx, c)
	case "+FCLASS", "+VSM", "+VLS":
		return e.execClass(fx, c)
	case "+VTS", "+VTX", "+VRX":
		return e.execVoiceData(fx, c)
	}
	return e.execBasic(fx, c)
}

func bad() (string, bool) { return "bad", false }

// info prints information lines (before the final result).
func info(fx *effects, lines ...string) {
	for _, l := range lines {
		fx.out.WriteString("\r\n" + l + "\r\n")
	}
}

// execBasic: reset, echo, identification, country, registers, and the
// voice settings that take any value.
func (e *Emulator) execBasic(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	p := e.prof
	switch c.name {
	case "Z":
		wasOff := s.offHook
		s.reset(p)
		if wasOff {
			fx.records = append(fx.records, Record{Kind: RecOnHook, Text: "ATZ"})
			fx.later = append(fx.later, e.lineChanged)
		}
	case "E":
		s.echo = c.num == "1"
	case "V":
		s.verbose = c.num != "0"
	case "Q", "L", "M", "X", "B", "W":
	case "S":
		if c.op == "?" {
			info(fx, "000")
		}
	case "&W", "&F", "&C", "&D", "&K", "&Q":
		if c.name == "&F" {
			s.reset(p)
		}
	case "&V":
		info(fx, "ACTIVE PROFILE:", fmt.Sprintf("E%d V%d FCLASS=%d VCID=%d", b2i(s.echo), b2i(s.verbose), s.fclass, s.vcid))
	case "I":
		switch c.num {
		case "", "0":
			info(fx, p.ati0)
		case "3":
			info(fx, p.ati3)
		}
	case "+GMM", "+CGMM":
		info(fx, p.gmm)
	case "+GCI":
		switch c.op {
		case "?":
			info(fx, "+GCI: "+s.gci)
		case "=":
			s.gci = strings.ToUpper(c.arg)
		case "=?":
			info(fx, "+GCI: (00,09,20,3D,42,B4,B5)")
		}
	case "+VSD", "+VIT", "+VGT", "+VGR", "+VTD", "+VNH", "+VPR", "+IFC", "+VDT", "+VRID", "#CLS", "#VBS", "#VSS", "#BDR", "#VLS", "-STE":
	case "+VDR":
		s.vdr = strings.HasPrefix(c.arg, "1")
	default:
		return bad()
	}
	return "", false
}

// execCID: +VCID (or #CID on the Rockwell profile).
func (e *Emulator) execCID(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	if (c.name == "+VCID") != e.prof.hasVCID {
		return bad()
	}
	switch c.op {
	case "?":
		info(fx, strconv.Itoa(s.vcid))
	case "=?":
		info(fx, "(0-2)")
	case "=":
		n, err := strconv.Atoi(c.arg)
		if err != nil || n < 0 || n > 2 {
			return bad()
		}
		s.vcid = n
	}
	return "", false
}

// execClass: +FCLASS, +VSM (codec), +VLS (line selection: off-hook).
func (e *Emulator) execClass(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	p := e.prof
	if c.name == "+FCLASS" {
		switch c.op {
		case "?":
			info(fx, strconv.Itoa(s.fclass))
		case "=?":
			info(fx, "0,1,8")
		case "=":
			n, err := strconv.Atoi(c.arg)
			if err != nil || (n != 0 && n != 1 && n != 8) {
				return bad()
			}
			s.fclass = n
		}
		return "", false
	}
	if s.fclass != 8 {
		return bad()
	}
	if c.name == "+VSM" {
		return e.execVSM(fx, c)
	}
	switch c.op {
	case "=?":
		info(fx, p.vlsLines...)
	case "?":
		info(fx, map[bool]string{true: strconv.Itoa(p.lineLabel), false: "0"}[s.offHook])
	case "=":
		return e.execVLS(fx, c)
	}
	return "", false
}

func (e *Emulator) execVSM(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	switch c.op {
	case "=?":
		info(fx, e.prof.vsmLines...)
	case "?":
		info(fx, "1,8000,0,0")
	case "=":
		f := strings.Split(c.arg, ",")
		cml, err := strconv.Atoi(strings.TrimSpace(f[0]))
		if err != nil {
			return bad()
		}
		found := false
		for _, v := range e.prof.vsm {
			if v.cml == cml {
				s.codec, found = v.codec, true
			}
		}
		if !found {
			return bad()
		}
		if len(f) > 1 && strings.TrimSpace(f[1]) != "8000" && strings.TrimSpace(f[1]) != "7200" {
			return bad()
		}
	}
	return "", false
}

func (e *Emulator) execVLS(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	n, err := strconv.Atoi(c.arg)
	if err != nil {
		return bad()
	}
	known, line := false, false
	for _, l := range e.prof.vlsLines {
		f := strings.SplitN(l, ",", 3)
		if f[0] == strconv.Itoa(n) {
			known = true
			line = strings.Contains(f[1], "T")
		}
	}
	if !known {
		return bad()
	}
	if line != s.offHook {
		e.setHookLocked(fx, line, "AT+VLS="+c.arg)
	}
	if line && e.prof.vlsVCON {
		fx.line(s, "VCON")
		return "", true
	}
	return "", false
}

// setHookLocked takes the line off-hook or puts it back (mu held).
func (e *Emulator) setHookLocked(fx *effects, off bool, how string) {
	if !off {
		if to := e.endConsultLocked(fx); to != "" {
			e.transferTo = to
		}
	}
	e.st.offHook = off
	k := RecOnHook
	if off {
		k = RecOffHook
	}
	fx.records = append(fx.records, Record{Kind: k, Text: how})
	fx.later = append(fx.later, e.lineChanged)
}

// execHook: H (hook), A (answer), D (dial: no dial tone on an emulated line).
func (e *Emulator) execHook(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	switch c.name {
	case "H":
		switch c.num {
		case "", "0":
			if s.offHook {
				e.setHookLocked(fx, false, "ATH")
			}
		case "1":
			if !s.offHook {
				e.setHookLocked(fx, true, "ATH1")
			}
		default:
			return bad()
		}
		return "", false
	case "A":
		if !s.offHook {
			e.setHookLocked(fx, true, "ATA")
		}
		if s.fclass == 8 {
			fx.line(s, "VCON")
		} else {
			fx.line(s, "NO CARRIER")
		}
		return "", true
	}
	return e.execDial(fx, c.arg)
}

// execVoiceData: +VTS (a tone the caller hears), +VTX (play), +VRX (record).
func (e *Emulator) execVoiceData(fx *effects, c atCmd) (string, bool) {
	s := &e.st
	if s.fclass != 8 {
		return bad()
	}
	switch c.name {
	case "+VTS":
		if c.op != "=" {
			return bad()
		}
		f1, f2, d, digits, ok := parseVTS(c.arg)
		if !ok {
			return bad()
		}
		fx.records = append(fx.records, Record{Kind: RecTone, F1: f1, F2: f2, Dur: d, Text: digits})
		if s.offHook {
			e.heard = append(e.heard, toneSamples(f1, f2, d, digits)...)
		}
		fx.later = append(fx.later, func() { e.delayedOK(d) })
		return "", true
	case "+VTX":
		s.mode = vmTX
		s.txDLE, s.txPrevDoubled, s.txStarted, s.txLevel, s.txSamples = false, false, false, 0, 0
		fx.line(s, "CONNECT")
		return "", true
	}
	s.mode = vmRX
	s.rxDLE, s.rxPrevDoubled = false, false
	stop := make(chan struct{})
	s.rxStop = stop
	fx.line(s, "CONNECT")
	fx.records = append(fx.records, Record{Kind: RecRecordStart})
	fx.later = append(fx.later, func() { e.startRX(stop) })
	return "", true
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// parseVTS reads "[f1,f2,d]", "{f1,f2,d}" or DTMF digits "1,2,3".
func parseVTS(arg string) (f1, f2 float64, d time.Duration, digits string, ok bool) {
	arg = strings.TrimSpace(arg)
	if strings.HasPrefix(arg, "[") || strings.HasPrefix(arg, "{") {
		f := strings.Split(strings.Trim(arg, "[]{}"), ",")
		if len(f) != 3 {
			return 0, 0, 0, "", false
		}
		a, e1 := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
		b, e2 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
		c, e3 := strconv.Atoi(strings.TrimSpace(f[2]))
		if e1 != nil || e2 != nil || e3 != nil || c < 0 || c > 6000 {
			return 0, 0, 0, "", false
		}
		return a, b, time.Duration(c) * 10 * time.Millisecond, "", true
	}
	for _, p := range strings.Split(arg, ",") {
		p = strings.TrimSpace(p)
		if len(p) != 1 || !strings.Contains("0123456789*#ABCD", strings.ToUpper(p)) {
			return 0, 0, 0, "", false
		}
		digits += p
	}
	return 0, 0, time.Duration(len(digits)) * 100 * time.Millisecond, digits, digits != ""
}
