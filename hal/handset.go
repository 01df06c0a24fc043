package hal

import (
	"context"
	"time"
)

// RingPattern is a ring cadence for the handset.
type RingPattern int

const (
	RingNorthAmerica RingPattern = iota // 2 s on, 4 s off (GR-506 DR1)
	RingUK                              // 0.4 on, 0.2 off, 0.4 on, 2.0 off
	RingDR2                             // 0.8 on, 0.4 off, 0.8 on, 4.0 off
	RingDR3                             // 0.4, 0.2, 0.4, 0.2, 0.8 on, 4.0 off
	RingDR4                             // 0.3, 0.2, 1.0, 0.2, 0.3 on, 4.0 off
)

func (p RingPattern) String() string {
	switch p {
	case RingNorthAmerica:
		return "north-america"
	case RingUK:
		return "uk"
	case RingDR2:
		return "dr2"
	case RingDR3:
		return "dr3"
	case RingDR4:
		return "dr4"
	}
	return "RingPattern(?)"
}

// Cadence returns the on/off durations of one ring cycle, starting with on.
func (p RingPattern) Cadence() []time.Duration {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	switch p {
	case RingUK:
		return ms(400, 200, 400, 2000)
	case RingDR2:
		return ms(800, 400, 800, 4000)
	case RingDR3:
		return ms(400, 200, 400, 200, 800, 4000)
	case RingDR4:
		return ms(300, 200, 1000, 200, 300, 4000)
	}
	return ms(2000, 4000)
}

// HandsetEventKind enumerates what the handset (SLIC) reports.
type HandsetEventKind int

const (
	HandsetOffHook HandsetEventKind = iota + 1 // lifted (debounced)
	HandsetOnHook                              // put down (debounced)
	HandsetFlash                               // hook flash
	HandsetDigit                               // a key pressed on the handset (Digit)
)

func (k HandsetEventKind) String() string {
	switch k {
	case HandsetOffHook:
		return "off-hook"
	case HandsetOnHook:
		return "on-hook"
	case HandsetFlash:
		return "flash"
	case HandsetDigit:
		return "digit"
	}
	return "HandsetEventKind(?)"
}

// HandsetEvent is one thing the handset reported.
type HandsetEvent struct {
	Kind  HandsetEventKind
	At    time.Time
	Digit byte
}

// OnHookAlert is what the box sends before on-hook data (the message
// waiting indication) to a phone that is not ringing, as exchanges do.
type OnHookAlert int

const (
	// AlertRingPulse: one short ring burst (the ring pulse alert signal,
	// 200-300 ms), the data after it (DAHDI's "rpas").
	AlertRingPulse OnHookAlert = iota
	// AlertReversal: the line polarity reversed before the data and
	// restored after it (DAHDI's "lrev").
	AlertReversal
	// AlertNone: the data alone, for phones that listen while on-hook.
	AlertNone
)

func (a OnHookAlert) String() string {
	switch a {
	case AlertRingPulse:
		return "ring-pulse"
	case AlertReversal:
		return "reversal"
	case AlertNone:
		return "none"
	}
	return "OnHookAlert(?)"
}

// Handset is the office phone while the relay isolates it on the box.
type Handset interface {
	// Events delivers hook changes, flashes and keys until Close.
	Events() <-chan HandsetEvent
	// OffHook reports the debounced hook state.
	OffHook() bool
	// Ring rings the handset with the pattern, sending cid (if not nil) in
	// the first silent interval. It returns nil when the handset is picked
	// up, or ctx.Err() when the context ends first.
	Ring(ctx context.Context, p RingPattern, cid *CallerID) error
	// Play sends audio to the handset earpiece (ErrNotSupported without a codec).
	Play(ctx context.Context, pcm []int16) error
	// Record hands audio from the handset microphone to sink until it
	// returns false or ctx ends (ErrNotSupported without a codec).
	Record(ctx context.Context, sink func(pcm []int16) bool) error
	// SendOnHook sends data audio (an FSK message-waiting indication) to
	// the phone on its cradle without ringing it, after the alert. It
	// returns nil when the data went out, ErrOffHook if the handset is or
	// gets lifted (the data stops), ErrNotSupported without a codec, or
	// ctx.Err() when the context ends first; the SLIC is left idle.
	SendOnHook(ctx context.Context, alert OnHookAlert, pcm []int16) error
	Close() error
}
