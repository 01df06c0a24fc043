package firmware

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/hal/dsp"
)

// lineOps runs the machine's line operations (answer, play, record, ...)
// one at a time, each in a helper goroutine that reports EvLineDone. Its
// fields belong to the call loop; the recordings it makes go to rec.
type lineOps struct {
	slot
	w       *workers
	dev     hal.Line
	clock   clockwork.Clock
	log     *slog.Logger
	rec     *recordings
	vad     dsp.VADConfig
	stopRec chan struct{} // closed by ActStopRecord
}

// do executes a line action; clips turns clip names into audio.
func (l *lineOps) do(act call.Action, clips func([]call.Clip) []int16) {
	dev := l.dev
	switch act.Kind {
	case call.ActAnswer:
		l.run(dev.Answer)
	case call.ActPickUpAndDrop:
		l.run(func(ctx context.Context) error { return dev.PickUpAndDrop(ctx, act.Hold) })
	case call.ActHangUp:
		l.run(func(ctx context.Context) error {
			// going on-hook must happen even if the call is being torn down
			hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := dev.HangUp(hctx); !errors.Is(err, hal.ErrHungUp) {
				return err
			}
			return nil
		})
	case call.ActPlayLine:
		pcm := clips(act.Clips)
		l.run(func(ctx context.Context) error { return dev.Play(ctx, pcm) })
	case call.ActHoldLine:
		l.run(l.holdLoop(clips(act.Clips)))
	case call.ActToneLine:
		segs, ok := toneSegments(act.Tone)
		if !ok {
			l.log.Error("firmware: no such tone", "tone", act.Tone)
		}
		l.run(func(ctx context.Context) error { return playTone(ctx, dev, segs) })
	case call.ActRecordLine:
		l.record(act.Record, act.Limit)
	case call.ActStopRecord:
		if l.stopRec != nil {
			select {
			case <-l.stopRec:
			default:
				close(l.stopRec)
			}
		}
	case call.ActCancelLine:
		l.cancel()
	case call.ActFlash:
		l.flash()
	case call.ActDial:
		l.dial(act.Number, act.Limit)
	}
}

// run starts op as the line operation; its result is reported unless it
// was cancelled.
func (l *lineOps) run(op func(ctx context.Context) error) {
	l.start(l.w, func(ctx context.Context, id uint64) {
		l.report(ctx, id, l.result(op(ctx)))
	})
}

// report delivers ev, the result of operation id.
func (l *lineOps) report(ctx context.Context, id uint64, ev call.Event) {
	switch {
	case ctx.Err() != nil && ev.Kind == call.EvLineDone && ev.Failed:
		// cancelled: report nothing
	case ev.Kind != call.EvLineDone:
		l.w.send(item{ev: ev}) // caller gone, line down: not tied to this operation
	default:
		l.w.send(item{ev: ev, op: id})
	}
}

// result turns an operation's error into the event the machine expects.
func (l *lineOps) result(err error) call.Event {
	ev := call.Event{Kind: call.EvLineDone, At: l.clock.Now()}
	switch {
	case err == nil:
	case errors.Is(err, hal.ErrHungUp):
		ev.Kind, ev.Why = call.EvCallerGone, "hung up"
	case errors.Is(err, hal.ErrLineDown):
		// the device is gone: the same as its LineDown event, whichever comes first
		ev.Kind, ev.Why = call.EvLineDown, err.Error()
	default:
		ev.Failed = true
		if !errors.Is(err, context.Canceled) {
			l.log.Warn("line operation failed", "err", err)
		}
	}
	return ev
}

// holdLoop plays pcm over and over, 2 s apart, until cancelled.
func (l *lineOps) holdLoop(pcm []int16) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for {
			if err := l.dev.Play(ctx, pcm); err != nil {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-l.clock.After(2 * time.Second):
			}
		}
	}
}

// record starts a recording for purpose, at most limit long; ActStopRecord,
// the caller's silence or the limit end it.
func (l *lineOps) record(purpose call.Record, limit time.Duration) {
	stop := make(chan struct{})
	l.stopRec = stop
	l.start(l.w, func(ctx context.Context, id uint64) {
		pcm, voiced, err := capture(ctx, l.dev, l.vad, limit, stop)
		ev := l.result(err)
		if ev.Kind == call.EvCallerGone {
			// report the hang-up, then the recording itself
			l.w.send(item{ev: ev})
			ev = call.Event{Kind: call.EvLineDone, At: l.clock.Now()}
		}
		ev.Recorded = time.Duration(len(pcm)) * time.Second / 8000
		ev.Voiced = voiced
		if purpose == call.RecordName {
			l.rec.setName(pcm)
		} else {
			l.rec.setMessage(pcm)
		}
		l.report(ctx, id, ev)
	})
}

// playTone sends a tone, segment by segment, through the line device,
// which generates it.
func playTone(ctx context.Context, l hal.Line, segs []dsp.Segment) error {
	for _, s := range segs {
		if err := l.Tone(ctx, s.F1, s.F2, s.Dur); err != nil {
			return err
		}
	}
	return nil
}
