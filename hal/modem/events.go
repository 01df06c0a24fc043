package modem

import "secretary/hal"

// dleEvent maps a V.253 / IS-101 DLE event code to a line event kind.
// DTMF codes map to hal.LineDTMF; codes with no hal meaning return 0.
func dleEvent(code byte) hal.LineEventKind {
	switch {
	case code >= '0' && code <= '9', code == '*', code == '#', code >= 'A' && code <= 'D':
		return hal.LineDTMF
	}
	switch code {
	case 'R':
		return hal.LineRing
	case 'a', 'f':
		return hal.LineAnswerTone
	case 'b', 'K':
		return hal.LineBusy
	case 'c', 'm':
		return hal.LineFaxCalling
	case 'd', 'i':
		return hal.LineDialTone
	case 'e':
		return hal.LineDataCalling
	case 'H', 'P':
		return hal.LineExtensionOffHook
	case 'h', 'p':
		return hal.LineExtensionOnHook
	case 'l':
		return hal.LineLoopDrop
	case 'L':
		return hal.LinePolarity
	case 's':
		return hal.LineSilence
	case 'q':
		return hal.LineQuiet
	case 'J':
		return hal.LineSIT
	case 'r':
		return hal.LineRingback
	case 'w':
		return hal.LineCallWaiting
	}
	return 0
}

// farEndGone reports whether an event means the caller hung up, which ends
// Play and Record with hal.ErrHungUp.
func farEndGone(k hal.LineEventKind) bool {
	return k == hal.LineBusy || k == hal.LineDialTone || k == hal.LineLoopDrop
}

// dtmfState counts IS-101 bracketed keys (<DLE>/ <DLE>5 <DLE>5 ... <DLE>~)
// as one key per bracket; outside brackets every code is one key.
type dtmfState struct {
	inBracket bool
	reported  bool
}

// key feeds one DLE code and returns the key to report (0 for none) and
// whether the code was part of DTMF signalling.
func (s *dtmfState) key(code byte) (digit byte, dtmf bool) {
	switch code {
	case '/':
		s.inBracket, s.reported = true, false
		return 0, true
	case '~':
		s.inBracket, s.reported = false, false
		return 0, true
	}
	if dleEvent(code) != hal.LineDTMF {
		return 0, false
	}
	if s.inBracket {
		if s.reported {
			return 0, true
		}
		s.reported = true
	}
	return code, true
}
