package firmware

import (
	"context"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/hal/dsp"
)

// handsetOps runs the machine's handset operations (ring, play, play a
// message) one at a time, each in a helper goroutine that reports
// EvHandsetDone. Its fields belong to the call loop.
type handsetOps struct {
	slot
	w       *workers
	dev     hal.Handset // nil on boards without one
	clock   clockwork.Clock
	mailbox Mailbox
	normal  hal.RingPattern                      // the country's ring for a passed call
	vad     dsp.VADConfig                        // ends a name recorded from the handset
	save    func(name string, pcm []int16) error // keeps a recorded name clip; nil: cannot
	changed func()                               // the mailbox changed (a message played is heard)
}

// do executes a handset action; clips turns clip names into audio. When
// the action fails at once (no handset) it returns the failure for the
// loop to handle next.
func (h *handsetOps) do(act call.Action, clips func([]call.Clip) []int16) (item, bool) {
	switch act.Kind {
	case call.ActRingHandset:
		if h.dev == nil {
			h.cancel()
			return item{ev: call.Event{Kind: call.EvHandsetDone, At: h.clock.Now(), Failed: true}, op: h.next()}, true
		}
		p, _ := ringPattern(act.Ring, h.normal)
		cid := callerID(act.Caller)
		h.run(func(ctx context.Context) error { return h.dev.Ring(ctx, p, &cid) })
	case call.ActPlayHandset:
		if h.dev == nil {
			return item{}, false
		}
		pcm := clips(act.Clips)
		h.run(func(ctx context.Context) error { return h.dev.Play(ctx, pcm) })
	case call.ActPlayMessage:
		if h.mailbox == nil || h.dev == nil {
			return item{}, false
		}
		id := act.Message
		h.run(func(ctx context.Context) error {
			err := h.mailbox.Play(ctx, h.dev, id)
			h.changed()
			return err
		})
	case call.ActIndicate:
		if h.dev == nil {
			h.cancel()
			return item{ev: call.Event{Kind: call.EvHandsetDone, At: h.clock.Now(), Failed: true}, op: h.next()}, true
		}
		h.indicate(act.On, act.Alert)
	case call.ActCancelHandset:
		h.cancel()
	case call.ActRecordHandset:
		if h.dev == nil || h.save == nil {
			h.cancel()
			return item{ev: call.Event{Kind: call.EvHandsetDone, At: h.clock.Now(), Failed: true}, op: h.next()}, true
		}
		h.recordVoice(act.Person, act.Limit)
	}
	return item{}, false
}

// run starts op as the handset operation; its result is reported unless
// it was cancelled.
func (h *handsetOps) run(op func(ctx context.Context) error) {
	h.start(h.w, func(ctx context.Context, id uint64) {
		err := op(ctx)
		if ctx.Err() != nil {
			return
		}
		h.w.send(item{ev: call.Event{Kind: call.EvHandsetDone, At: h.clock.Now(), Failed: err != nil}, op: id})
	})
}
