package haltest

import (
	"context"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal"
)

var _ hal.Line = (*Line)(nil)

// Line is a fake phone line. Tests play the far end with Ring, CallerID,
// Say, Press and HangUp; the box's operations are recorded as "line: ...".
// Play and Tone take as long as the audio on the clock divided by Speed
// (Speed 0 means they return at once).
type Line struct {
	Clock clockwork.Clock // default real
	Rec   *Recorder       // default a private one
	Speed float64         // playback speed-up; 0: instant

	mu      sync.Mutex
	events  chan hal.LineEvent
	closed  bool
	offHook bool
	audio   []int16       // what the caller says next (consumed by Record)
	gone    chan struct{} // closed when the far end hangs up while off-hook
	heard   int           // samples played to the far end
	done    chan struct{}
	consult bool  // a flash put the caller on hold
	dialErr error // what Dial reports (DialResult)
}

// NewLine returns a line with an event buffer of 64.
func NewLine(clock clockwork.Clock, rec *Recorder) *Line {
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	if rec == nil {
		rec = &Recorder{}
	}
	return &Line{Clock: clock, Rec: rec, events: make(chan hal.LineEvent, 64), gone: make(chan struct{}), done: make(chan struct{})}
}

// Emit sends an event from the line as it is (At is set if zero).
func (l *Line) Emit(e hal.LineEvent) {
	if e.At.IsZero() {
		e.At = l.Clock.Now()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.events <- e
}

// Ring emits ring number n (ring 1 starts a call: NewCall, as drivers report it).
func (l *Line) Ring(n int) { l.Emit(hal.LineEvent{Kind: hal.LineRing, Ring: n, NewCall: n == 1}) }

// CallerID emits a caller ID.
func (l *Line) CallerID(c hal.CallerID) { l.Emit(hal.LineEvent{Kind: hal.LineCallerID, CallerID: c}) }

// Say queues audio the caller speaks; Record delivers it.
func (l *Line) Say(pcm []int16) {
	l.mu.Lock()
	l.audio = append(l.audio, pcm...)
	l.mu.Unlock()
}

// Press sends the caller's DTMF keys.
func (l *Line) Press(keys string) {
	for i := 0; i < len(keys); i++ {
		l.Emit(hal.LineEvent{Kind: hal.LineDTMF, Digit: keys[i]})
	}
}

// CallerHangUp is the far end hanging up: a kind event (LineBusy,
// LineLoopDrop, ...) and, while off-hook, running operations return
// hal.ErrHungUp.
func (l *Line) CallerHangUp(kind hal.LineEventKind) {
	l.mu.Lock()
	if l.offHook {
		select {
		case <-l.gone:
		default:
			close(l.gone)
		}
	}
	l.mu.Unlock()
	l.Emit(hal.LineEvent{Kind: kind})
}

// OffHook reports whether the box holds the line.
func (l *Line) OffHook() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.offHook
}

// Heard is the number of samples the far end heard.
func (l *Line) Heard() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.heard
}

// Events implements hal.Line.
func (l *Line) Events() <-chan hal.LineEvent { return l.events }

func (l *Line) check() (chan struct{}, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, hal.ErrClosed
	}
	return l.gone, nil
}

// wait lets d pass (scaled by Speed) unless ctx ends or the far end hangs up.
func (l *Line) wait(ctx context.Context, d time.Duration) error {
	gone, err := l.check()
	if err != nil {
		return err
	}
	if l.Speed > 0 && d > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-gone:
			return hal.ErrHungUp
		case <-l.done:
			return hal.ErrClosed
		case <-l.Clock.After(time.Duration(float64(d) / l.Speed)):
		}
	}
	select {
	case <-gone:
		return hal.ErrHungUp
	default:
	}
	return ctx.Err()
}

// Answer implements hal.Line.
func (l *Line) Answer(ctx context.Context) error {
	if _, err := l.check(); err != nil {
		return err
	}
	l.mu.Lock()
	l.offHook = true
	l.gone = make(chan struct{})
	l.mu.Unlock()
	l.Rec.Add("line", "answer")
	return ctx.Err()
}

// Play implements hal.Line.
func (l *Line) Play(ctx context.Context, pcm []int16) error {
	l.Rec.Add("line", "play %d samples", len(pcm))
	if err := l.wait(ctx, time.Duration(len(pcm))*time.Second/8000); err != nil {
		return err
	}
	l.mu.Lock()
	l.heard += len(pcm)
	l.mu.Unlock()
	return nil
}

// Record implements hal.Line: it hands the queued caller audio to sink in
// 20 ms blocks, then silence, until sink returns false, ctx ends or the
// far end hangs up.
func (l *Line) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	l.Rec.Add("line", "record")
	for {
		l.mu.Lock()
		n := min(160, len(l.audio))
		block := make([]int16, 160)
		copy(block, l.audio[:n])
		l.audio = l.audio[n:]
		l.mu.Unlock()
		if err := l.wait(ctx, 20*time.Millisecond); err != nil {
			return err
		}
		if !sink(block) {
			return nil
		}
		if l.Speed == 0 {
			// instant mode: do not spin; yield to the world
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Microsecond):
			}
		}
	}
}

// Tone implements hal.Line.
func (l *Line) Tone(ctx context.Context, f1, f2 float64, d time.Duration) error {
	l.Rec.Add("line", "tone %g %g %s", f1, f2, d)
	return l.wait(ctx, d)
}

// PickUpAndDrop implements hal.Line.
func (l *Line) PickUpAndDrop(ctx context.Context, hold time.Duration) error {
	if _, err := l.check(); err != nil {
		return err
	}
	l.Rec.Add("line", "pick-up-and-drop %s", hold)
	err := l.wait(ctx, hold)
	l.mu.Lock()
	l.offHook = false
	l.mu.Unlock()
	if err == hal.ErrHungUp {
		err = nil
	}
	return err
}

// HangUp implements hal.Line (the box going on-hook).
func (l *Line) HangUp(ctx context.Context) error {
	if _, err := l.check(); err != nil {
		return err
	}
	l.mu.Lock()
	l.offHook = false
	l.mu.Unlock()
	l.Rec.Add("line", "hang-up")
	return ctx.Err()
}

// Close implements hal.Line.
func (l *Line) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	l.offHook = false
	close(l.done)
	close(l.events)
	return nil
}

// Flash implements hal.Line: the first flash puts the caller on hold (the
// consultation starts), the next returns to the caller.
func (l *Line) Flash(ctx context.Context) error {
	if _, err := l.check(); err != nil {
		return err
	}
	l.mu.Lock()
	l.consult = !l.consult
	back := !l.consult
	l.mu.Unlock()
	if back {
		l.Rec.Add("line", "flash back to the caller")
	} else {
		l.Rec.Add("line", "flash")
	}
	return ctx.Err()
}

// DialResult sets what the next Dial reports: nil (answered),
// hal.ErrBusy, hal.ErrNoAnswer or any error. Without one Dial answers.
func (l *Line) DialResult(err error) {
	l.mu.Lock()
	l.dialErr = err
	l.mu.Unlock()
}

// Dial implements hal.Line: it records the number and reports the result
// set with DialResult, after a second of the clock (scaled by Speed); a
// hal.ErrNoAnswer takes ring instead.
func (l *Line) Dial(ctx context.Context, number string, ring time.Duration) error {
	if _, err := l.check(); err != nil {
		return err
	}
	l.mu.Lock()
	res := l.dialErr
	l.mu.Unlock()
	l.Rec.Add("line", "dial %s", number)
	wait := time.Second
	if res == hal.ErrNoAnswer {
		wait = ring
	}
	if err := l.wait(ctx, wait); err != nil && err != hal.ErrHungUp {
		return err
	}
	return res
}
