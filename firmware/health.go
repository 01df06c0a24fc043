package firmware

import (
	"fmt"
	"time"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// DataState is what the box can do with its data: the lists, rules,
// settings, call log and message metadata (the store).
type DataState int

const (
	// DataOK: the data is read and changes are saved.
	DataOK DataState = iota
	// DataReadOnly: the data is read, but nothing can be saved (a
	// read-only file system, a data directory the box may not write).
	// Calls are screened with the lists as they are; the call log, list
	// changes and voicemail are not kept (the mailbox counts as full).
	DataReadOnly
	// DataUnavailable: the data cannot be read (damaged, missing where it
	// existed, written by newer firmware, unreadable). Every call rings
	// through to the phone without asking the decider.
	DataUnavailable
)

func (s DataState) String() string {
	switch s {
	case DataOK:
		return "ok"
	case DataReadOnly:
		return "read-only"
	case DataUnavailable:
		return "unavailable"
	}
	return fmt.Sprintf("DataState(%d)", int(s))
}

// DataHealth is the state of the box's data and, when it is not DataOK,
// what is wrong in one plain sentence for the owner.
type DataHealth struct {
	State   DataState
	Problem string
}

// Degraded reports whether the box is in degraded mode.
func (h DataHealth) Degraded() bool { return h.State != DataOK }

// defaultDataPoll is how often the call loop asks Config.DataHealth.
const defaultDataPoll = time.Second

// checkData asks Config.DataHealth and, when the answer changed, shows it:
// Status.Data, the LED, and Config.OnData. The call loop alone calls it.
func (r *runner) checkData() {
	f := r.a.cfg.DataHealth
	if f == nil {
		return
	}
	h := f()
	if h == r.data {
		return
	}
	prev := r.data
	r.data = h
	r.led.data = h.State
	r.a.setStatus(func(s *Status) { s.Data = h })
	r.led.update(r.state.Phase)
	r.trace("data %s", h.State)
	if h.Degraded() {
		r.a.log.Error("degraded mode", "data", h.State.String(), "problem", h.Problem)
	} else {
		r.a.log.Info("degraded mode over: the data is read and saved again")
	}
	if r.a.cfg.OnData != nil {
		r.a.cfg.OnData(prev, h)
	}
}

// degradedDecision is the decision for every call while the data cannot
// be read: the box cannot know who is on a list, so the phone rings.
func degradedDecision(c screening.Call, h DataHealth) screening.Decision {
	return screening.Decision{Action: screening.ActionPass, Number: c.Number, Rule: "degraded mode",
		Reason: "degraded mode, every call rings through: " + h.Problem}
}

// LineWaiting is Status.LineWhy until the line device first reports.
const LineWaiting = "the modem has not answered since the box started"

// startLine brings the machine's idea of the line in line with the device
// at start: a line that says it is not up (a modem missing or still
// starting) gets the line-down treatment (relay to the phone) until it
// reports LineUp. A board without a line (hal.CapLine unset: a virtual
// machine) has nothing to wait for and stays idle. The call loop alone
// calls it.
func (r *runner) startLine() {
	ls, ok := r.a.dev.Line.(hal.LineState)
	if !ok || !r.a.dev.Caps.Has(hal.CapLine) || ls.Up() {
		r.a.setStatus(func(s *Status) { s.LineUp, s.LineWhy = true, "" })
		return
	}
	r.handle(item{ev: call.Event{Kind: call.EvLineDown, At: r.a.clock.Now(), Why: LineWaiting}})
}
