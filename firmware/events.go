package firmware

import (
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/screening"
)

// The mappings between the layers' vocabularies: hal events to machine
// events, and machine actions' values to hal's. Every switch names every
// value of its source type (mapping_test.go checks that against the
// source, so a new value without a mapping fails the tests).

// stamp is t, or now on the clock when the device gave no time.
func stamp(t time.Time, c clockwork.Clock) time.Time {
	if t.IsZero() {
		return c.Now()
	}
	return t
}

// lineEvent maps a hal line event to a machine event; ok is false for
// events the machine has no use for.
func lineEvent(e hal.LineEvent, c clockwork.Clock) (ev call.Event, ok bool) {
	ev = call.Event{At: stamp(e.At, c)}
	switch e.Kind {
	case hal.LineRing:
		ev.Kind, ev.Ring, ev.NewCall = call.EvRing, e.Ring, e.NewCall
	case hal.LineCallerID:
		ev.Kind, ev.Ring, ev.NewCall = call.EvCallerID, e.Ring, e.NewCall
		ev.Caller = caller(e.CallerID)
	case hal.LineNoCallerID:
		ev.Kind = call.EvNoCallerID
	case hal.LineDTMF:
		ev.Kind, ev.Digit = call.EvDigit, e.Digit
	case hal.LineBusy, hal.LineDialTone, hal.LineSilence, hal.LineLoopDrop, hal.LineFaxCalling, hal.LineSIT:
		ev.Kind, ev.Why = call.EvCallerGone, e.Kind.String()
	case hal.LineQuiet:
		ev.Kind = call.EvQuiet
	case hal.LineExtensionOffHook:
		ev.Kind = call.EvExtensionOffHook
	case hal.LineExtensionOnHook:
		ev.Kind = call.EvExtensionOnHook
	case hal.LineCallWaiting:
		ev.Kind = call.EvCallWaiting
		if e.CallerID != (hal.CallerID{}) { // the waiting caller's ID, not the bare alert
			ev.Caller = caller(e.CallerID)
		}
	case hal.LineDown:
		ev.Kind = call.EvLineDown
		if e.Err != nil {
			ev.Why = e.Err.Error()
		}
	case hal.LineUp:
		ev.Kind = call.EvLineUp
	case hal.LineAnswerTone, hal.LineDataCalling, hal.LinePolarity, hal.LineRingback:
		return ev, false // nothing the machine acts on
	default:
		return ev, false
	}
	return ev, true
}

// handsetEvent maps a hal handset event to a machine event; ok is false
// for events the machine has no use for.
func handsetEvent(e hal.HandsetEvent, c clockwork.Clock) (call.Event, bool) {
	ev := call.Event{At: stamp(e.At, c), Digit: e.Digit}
	switch e.Kind {
	case hal.HandsetOffHook:
		ev.Kind = call.EvHandsetOffHook
	case hal.HandsetOnHook:
		ev.Kind = call.EvHandsetOnHook
	case hal.HandsetDigit:
		ev.Kind = call.EvHandsetDigit
	case hal.HandsetFlash:
		return ev, false // no use yet
	default:
		return ev, false
	}
	return ev, true
}

// caller is a caller ID as screening takes it.
func caller(c hal.CallerID) screening.Call {
	return screening.Call{Number: c.Number, Name: c.Name, Presentation: callerPresentation(c)}
}

// callerPresentation is what a caller ID says about the number, for
// screening: a number is available; without one the presentation or the
// reason the number is absent ("P", "O") tells private from unavailable.
func callerPresentation(c hal.CallerID) screening.Presentation {
	if c.Number != "" {
		return screening.PresentationAvailable
	}
	p, _ := screeningPresentation(c.Presentation)
	switch {
	case p == screening.PresentationPrivate || c.NumberAbsent == "P":
		return screening.PresentationPrivate
	case p == screening.PresentationUnavailable || c.NumberAbsent == "O":
		return screening.PresentationUnavailable
	}
	return screening.PresentationNone // "available" without a number is no caller ID
}

// screeningPresentation maps hal's presentation to screening's.
func screeningPresentation(p hal.Presentation) (screening.Presentation, bool) {
	switch p {
	case hal.PresentationNone:
		return screening.PresentationNone, true
	case hal.PresentationAvailable:
		return screening.PresentationAvailable, true
	case hal.PresentationPrivate:
		return screening.PresentationPrivate, true
	case hal.PresentationUnavailable:
		return screening.PresentationUnavailable, true
	}
	return screening.PresentationNone, false
}

// halPresentation maps screening's presentation to hal's.
func halPresentation(p screening.Presentation) (hal.Presentation, bool) {
	switch p {
	case screening.PresentationNone:
		return hal.PresentationNone, true
	case screening.PresentationAvailable:
		return hal.PresentationAvailable, true
	case screening.PresentationPrivate:
		return hal.PresentationPrivate, true
	case screening.PresentationUnavailable:
		return hal.PresentationUnavailable, true
	}
	return hal.PresentationNone, false
}

// callerID is the caller ID the box sends to the handset for c.
func callerID(c screening.Call) hal.CallerID {
	p, _ := halPresentation(c.Presentation)
	return hal.CallerID{Number: c.Number, Name: c.Name, Presentation: p}
}

// ringPattern is the cadence for a machine ring; normal is the country's.
func ringPattern(r call.Ring, normal hal.RingPattern) (hal.RingPattern, bool) {
	switch r {
	case call.RingNormal:
		return normal, true
	case call.RingScreened:
		return hal.RingDR2, true
	case call.RingMessage:
		return hal.RingDR3, true
	case call.RingLong:
		return hal.RingNorthAmerica, true // GR-506 DR1
	case call.RingShortShort:
		return hal.RingDR2, true
	case call.RingShortShortLong:
		return hal.RingDR3, true
	case call.RingShortLongShort:
		return hal.RingDR4, true
	}
	return normal, false
}

// toneSegments is what the line plays for a machine tone; hal/dsp defines
// each signal.
func toneSegments(t call.Tone) ([]dsp.Segment, bool) {
	steady := func(tn dsp.Tone, d time.Duration) []dsp.Segment {
		return []dsp.Segment{{F1: tn.F1, F2: tn.F2, LevelDBm0: tn.LevelDBm0, Dur: d}}
	}
	switch t {
	case call.ToneBeep:
		return steady(dsp.BeepTone(), dsp.BeepLength), true
	case call.ToneSIT:
		// intercept (IC): "the number you have dialled is not in service",
		// which makes autodialers drop the number
		sit, _ := dsp.SITIC.Segments()
		segs := make([]dsp.Segment, len(sit))
		for i, x := range sit {
			segs[i] = dsp.Segment{F1: x.Freq, LevelDBm0: dsp.SITLevel, Dur: x.Dur}
		}
		return segs, true
	case call.ToneFax:
		return steady(dsp.FaxAnswerTone(), dsp.FaxAnswerLength), true
	}
	return nil, false
}
