package modemtest

import (
	"context"
	"fmt"
	"time"
)

// RecordKind is what happened on the emulated modem.
type RecordKind int

const (
	RecCommand      RecordKind = iota + 1 // an AT command from the box (Text)
	RecOffHook                            // the box took the line off-hook (Text: how)
	RecOnHook                             // the box hung up (Text: how)
	RecTone                               // +VTS tone (F1, F2, Dur; Text: digits form)
	RecPlay                               // audio the box played to the caller (Samples)
	RecPlayEnd                            // end of a +VTX session (Text: how it ended)
	RecRecordStart                        // +VRX entered
	RecRecordEnd                          // +VRX left (Text: how)
	RecRing                               // a ring sent to the box (Ring: count)
	RecCID                                // caller ID sent (Text: the bytes)
	RecDigit                              // caller pressed a key (Text)
	RecCallerHangUp                       // the caller hung up (Text: signal)
	RecCallEnd                            // the call is over (Text: why)
	RecUnderrun                           // the box starved the play buffer (Samples missing)
	RecOverrun                            // the box overfilled the play buffer (Samples dropped)
	RecDTRDrop                            // the DTE closed the port
	RecPlug                               // a new pty (Text: slave path)
	RecUnplug                             // the pty went away (Text: slave path)
	RecFault                              // a fault was set (Text)
	RecExtension                          // a phone on the line went off- or on-hook (Text)
	RecCallWaiting                        // a second caller called during the call
	RecFlash                              // the box flashed the hook (Text: "hold" or "back to the caller")
	RecDial                               // the box dialled (Text: the number; Ring: the result's code, see Third)
	RecTransfer                           // the box hung up with the number dialled connected: the caller went to it (Text)
)

func (k RecordKind) String() string {
	switch k {
	case RecCommand:
		return "command"
	case RecOffHook:
		return "off-hook"
	case RecOnHook:
		return "on-hook"
	case RecTone:
		return "tone"
	case RecPlay:
		return "play"
	case RecPlayEnd:
		return "play-end"
	case RecRecordStart:
		return "record-start"
	case RecRecordEnd:
		return "record-end"
	case RecRing:
		return "ring"
	case RecCID:
		return "cid"
	case RecDigit:
		return "digit"
	case RecCallerHangUp:
		return "caller-hang-up"
	case RecCallEnd:
		return "call-end"
	case RecUnderrun:
		return "underrun"
	case RecOverrun:
		return "overrun"
	case RecDTRDrop:
		return "dtr-drop"
	case RecPlug:
		return "plug"
	case RecUnplug:
		return "unplug"
	case RecFault:
		return "fault"
	case RecExtension:
		return "extension"
	case RecCallWaiting:
		return "call-waiting"
	case RecFlash:
		return "flash"
	case RecDial:
		return "dial"
	case RecTransfer:
		return "transfer"
	}
	return "RecordKind(?)"
}

// Record is one thing the emulator saw or did, with its time.
type Record struct {
	Kind    RecordKind
	At      time.Time
	Text    string
	Ring    int
	Samples int
	F1, F2  float64
	Dur     time.Duration
}

func (r Record) String() string {
	s := r.At.Format("15:04:05.000") + " " + r.Kind.String()
	if r.Text != "" {
		s += " " + fmt.Sprintf("%q", r.Text)
	}
	switch r.Kind {
	case RecRing:
		s += fmt.Sprintf(" #%d", r.Ring)
	case RecPlay, RecUnderrun, RecOverrun:
		s += fmt.Sprintf(" %d samples", r.Samples)
	case RecTone:
		s += fmt.Sprintf(" %g+%g Hz %v", r.F1, r.F2, r.Dur)
	}
	return s
}

func (e *Emulator) record(r Record) {
	if r.At.IsZero() {
		r.At = e.clock.Now()
	}
	e.mu.Lock()
	e.records = append(e.records, r)
	ws := e.waiters
	e.waiters = nil
	e.mu.Unlock()
	for _, w := range ws {
		close(w)
	}
	if e.cfg.OnRecord != nil {
		e.cfg.OnRecord(r)
	}
}

// Records returns a copy of everything recorded so far.
func (e *Emulator) Records() []Record {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Record(nil), e.records...)
}

// RecordsOf returns the records of one kind.
func (e *Emulator) RecordsOf(k RecordKind) []Record {
	var out []Record
	for _, r := range e.Records() {
		if r.Kind == k {
			out = append(out, r)
		}
	}
	return out
}

// Commands returns the AT commands the box sent, in order.
func (e *Emulator) Commands() []string {
	var out []string
	for _, r := range e.RecordsOf(RecCommand) {
		out = append(out, r.Text)
	}
	return out
}

// Heard returns the audio the box played to callers (all +VTX sessions,
// concatenated, as 16-bit linear).
func (e *Emulator) Heard() []int16 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int16(nil), e.heard...)
}

// OffHook reports whether the box holds the line off-hook now.
func (e *Emulator) OffHook() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.st.offHook
}

// NeverOffHook reports whether the box never took the line off-hook.
func (e *Emulator) NeverOffHook() bool { return len(e.RecordsOf(RecOffHook)) == 0 }

// WaitRecord blocks until a record (already present or future) satisfies
// match, and returns it.
func (e *Emulator) WaitRecord(ctx context.Context, match func(Record) bool) (Record, error) {
	seen := 0
	for {
		e.mu.Lock()
		for ; seen < len(e.records); seen++ {
			if match(e.records[seen]) {
				r := e.records[seen]
				e.mu.Unlock()
				return r, nil
			}
		}
		w := make(chan struct{})
		e.waiters = append(e.waiters, w)
		e.mu.Unlock()
		select {
		case <-ctx.Done():
			return Record{}, ctx.Err()
		case <-w:
		}
	}
}

// Kind matches records of kind k (for WaitRecord).
func Kind(k RecordKind) func(Record) bool { return func(r Record) bool { return r.Kind == k } }

// Reset forgets the records and the heard audio (a long-running simulated
// world calls it between scenarios to bound memory).
func (e *Emulator) Reset() {
	e.mu.Lock()
	e.records, e.heard = nil, nil
	e.mu.Unlock()
}
