package modemtest

import (
	"strings"
	"time"
)

// Call transfer on the emulated line. During a call the box answered, the
// dial modifier "!" (ATD!;) is a hook flash: the first puts the caller on
// hold and gives a dial tone, the next drops the number dialled since and
// returns to the caller. A dial in voice class after the flash (ATDT...)
// calls the third party the call's script names (CallSpec.Third) and
// answers with its call progress, as a V.253 modem does: VCON when it
// answered, BUSY, or NO ANSWER after a minute; any character from the box
// meanwhile aborts the dial (NO CARRIER). The box hanging up while the
// third party is connected hands the caller over to it: the call ends
// "transferred to NUMBER" (RecTransfer).

// ThirdOutcome is what the number dialled after a flash does.
type ThirdOutcome int

const (
	ThirdNoAnswer ThirdOutcome = iota // it rings on and on
	ThirdAnswers                      // it rings for RingFor, then answers
	ThirdBusy                         // busy tone
)

// Third scripts the number the box dials during a call (a transfer to a
// mobile). A call without one: whatever is dialled does not answer.
type Third struct {
	Outcome ThirdOutcome
	RingFor time.Duration // ThirdAnswers: ringback before it answers (default 2 s)
}

// noAnswerAfter is when a dial nobody answers ends by itself.
const noAnswerAfter = time.Minute

// execDial runs ATD in the state the modem is in (mu held): on an idle or
// data-class line there is no dial tone to dial into.
func (e *Emulator) execDial(fx *effects, arg string) (string, bool) {
	s := &e.st
	dial := strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(arg)), ";")
	if s.fclass != 8 || !s.offHook || e.call == nil {
		fx.line(s, "NO DIALTONE")
		return "", true
	}
	if rest, ok := strings.CutPrefix(dial, "!"); ok {
		dial = rest
		text := "hold"
		if s.consult {
			s.thirdUp, s.dialled, text = false, "", "back to the caller"
		}
		s.consult = !s.consult
		fx.records = append(fx.records, Record{Kind: RecFlash, Text: text})
	}
	var digits strings.Builder
	for _, r := range dial {
		if r >= '0' && r <= '9' || r == '*' || r == '#' {
			digits.WriteRune(r)
		}
	}
	if digits.Len() == 0 {
		fx.line(s, "OK")
		return "", true
	}
	if !s.consult || s.dialled != "" {
		fx.line(s, "NO DIALTONE") // the caller is on the line, or a number was dialled already
		return "", true
	}
	s.dialled = digits.String()
	fx.records = append(fx.records, Record{Kind: RecDial, Text: s.dialled})
	stop := make(chan struct{})
	s.dialing = stop
	third, g := e.call.spec.Third, e.gen
	fx.later = append(fx.later, func() { go e.progress(g, third, stop) })
	return "", true
}

// progress plays the third party's call progress and prints the dial's
// result, unless the dial was aborted or the modem unplugged first.
func (e *Emulator) progress(g *generation, t *Third, stop chan struct{}) {
	after, result, text := noAnswerAfter, "NO ANSWER", "no answer"
	if t != nil {
		switch t.Outcome {
		case ThirdBusy:
			after, result, text = time.Second, "BUSY", "busy"
		case ThirdAnswers:
			after, result, text = 2*time.Second, "VCON", "answered"
			if t.RingFor > 0 {
				after = t.RingFor
			}
		}
	}
	select {
	case <-e.clock.After(after):
	case <-stop:
		return
	case <-g.quit:
		return
	}
	var fx effects
	e.mu.Lock()
	if e.st.dialing != stop || e.gen != g {
		e.mu.Unlock()
		return
	}
	e.st.dialing = nil
	e.st.thirdUp = result == "VCON"
	fx.line(&e.st, result)
	fx.records = append(fx.records, Record{Kind: RecDial, Text: e.st.dialled + " " + text})
	e.mu.Unlock()
	e.apply(&fx)
}

// abortDialLocked ends a dial on a character from the box (mu held).
func (e *Emulator) abortDialLocked(fx *effects) {
	s := &e.st
	close(s.dialing)
	s.dialing = nil
	fx.line(s, "NO CARRIER")
	fx.records = append(fx.records, Record{Kind: RecDial, Text: s.dialled + " aborted"})
}

// endConsultLocked is the box going on-hook during a consultation (mu
// held): with the third party connected the caller goes to it. It returns
// the number the caller was handed to, "" if none.
func (e *Emulator) endConsultLocked(fx *effects) string {
	s := &e.st
	to := ""
	if s.consult && s.thirdUp {
		to = s.dialled
		fx.records = append(fx.records, Record{Kind: RecTransfer, Text: to})
	}
	s.dropConsult()
	return to
}

// dropConsult ends any dial and consultation: the line is back to the
// caller alone, or gone.
func (s *modemState) dropConsult() {
	if s.dialing != nil {
		close(s.dialing)
		s.dialing = nil
	}
	s.consult, s.thirdUp, s.dialled = false, false, ""
}
