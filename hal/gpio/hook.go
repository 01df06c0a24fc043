package gpio

import (
	"time"

	"secretary/hal"
)

// HookTiming is the hook detector's timing.
type HookTiming struct {
	// Debounce: a hook change must hold this long (default 30 ms).
	Debounce time.Duration
	// RingTrip: while ringing, and RingGuard after, an off-hook must hold
	// this long; shorter pulses are ring-trip transients (default 150 ms).
	RingTrip time.Duration
	// RingGuard: how long after ringing RingTrip still applies (default 200 ms).
	RingGuard time.Duration
	// FlashMin, FlashMax: an on-hook lasting FlashMin..FlashMax and then
	// off-hook again is a hook flash (defaults 80 ms, 800 ms). On-hook is
	// reported once it has lasted FlashMax.
	FlashMin, FlashMax time.Duration
}

func (t HookTiming) withDefaults() HookTiming {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.Debounce, 30*time.Millisecond)
	def(&t.RingTrip, 150*time.Millisecond)
	def(&t.RingGuard, 200*time.Millisecond)
	def(&t.FlashMin, 80*time.Millisecond)
	def(&t.FlashMax, 800*time.Millisecond)
	return t
}

// HookDetector turns raw SHK levels into hook events. It is a pure state
// machine: the owner feeds it raw changes and calls Advance at Deadline.
// It is not safe for concurrent use.
type HookDetector struct {
	t HookTiming

	raw      bool      // last raw level (true = off-hook)
	rawAt    time.Time // when raw last changed
	stable   bool      // debounced level
	reported bool      // what the owner was told (off-hook)
	onSince  time.Time // stable on-hook since (while reported off-hook)
	ringing  bool
	ringEnd  time.Time // ringing stopped at
	pending  bool      // raw != stable, debounce running
	deadline time.Time // debounce deadline when pending
}

// NewHookDetector starts with the hook at offHook (no event for it).
func NewHookDetector(t HookTiming, offHook bool) *HookDetector {
	return &HookDetector{t: t.withDefaults(), raw: offHook, stable: offHook, reported: offHook}
}

// SetRinging tells the detector the handset is (not) being rung.
func (d *HookDetector) SetRinging(on bool, now time.Time) {
	if d.ringing && !on {
		d.ringEnd = now
	}
	d.ringing = on
}

func (d *HookDetector) inRing(now time.Time) bool {
	return d.ringing || (!d.ringEnd.IsZero() && now.Sub(d.ringEnd) < d.t.RingGuard)
}

// Raw feeds a raw level seen at now (after running the timers up to now)
// and returns the events that resulted.
func (d *HookDetector) Raw(offHook bool, now time.Time) []hal.HandsetEvent {
	ev := d.Advance(now)
	d.applyRaw(offHook, now)
	return append(ev, d.Advance(now)...)
}

func (d *HookDetector) applyRaw(offHook bool, now time.Time) {
	if offHook == d.raw {
		return
	}
	d.raw, d.rawAt = offHook, now
	if offHook == d.stable {
		d.pending = false // a glitch shorter than the debounce
		return
	}
	wait := d.t.Debounce
	if offHook && d.inRing(now) {
		wait = d.t.RingTrip
	}
	d.pending, d.deadline = true, now.Add(wait)
}

// Deadline is when Advance must next be called, if anything is pending.
func (d *HookDetector) Deadline() (time.Time, bool) {
	var t time.Time
	ok := false
	if d.pending {
		t, ok = d.deadline, true
	}
	if d.reported && !d.stable {
		f := d.onSince.Add(d.t.FlashMax)
		if !ok || f.Before(t) {
			t, ok = f, true
		}
	}
	return t, ok
}

// Advance runs the timers up to now and returns the events that resulted.
func (d *HookDetector) Advance(now time.Time) []hal.HandsetEvent {
	var ev []hal.HandsetEvent
	// A ring-trip window may have been extended by SetRinging after Raw:
	// an off-hook pending during ringing must hold RingTrip from rawAt.
	if d.pending && d.raw && d.inRing(d.rawAt) && d.deadline.Sub(d.rawAt) < d.t.RingTrip {
		d.deadline = d.rawAt.Add(d.t.RingTrip)
	}
	if d.pending && !now.Before(d.deadline) {
		at := d.deadline // events carry the time their condition was met
		d.pending = false
		d.stable = d.raw
		switch {
		case d.stable && !d.reported:
			d.reported = true
			ev = append(ev, hal.HandsetEvent{Kind: hal.HandsetOffHook, At: at})
		case d.stable && d.reported:
			// back off-hook within FlashMax: a flash if long enough.
			if dur := d.rawAt.Sub(d.onSince); dur >= d.t.FlashMin {
				ev = append(ev, hal.HandsetEvent{Kind: hal.HandsetFlash, At: at})
			}
		case !d.stable && d.reported:
			d.onSince = d.rawAt
		}
	}
	if end := d.onSince.Add(d.t.FlashMax); d.reported && !d.stable && !now.Before(end) {
		d.reported = false
		ev = append(ev, hal.HandsetEvent{Kind: hal.HandsetOnHook, At: end})
	}
	return ev
}
