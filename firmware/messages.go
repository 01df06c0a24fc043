package firmware

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"syscall"
	"time"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/screening"
)

// The runner's side of the messages: a message taken (its recordings made
// into one), the playback's list, the owner's deletions and saves, the
// mailbox's changes reported to the machine (EvMailbox) and the lamp's
// on-hook data.

// nameGap is the silence between the caller's name and their message in
// a message's audio.
const nameGap = 400 * time.Millisecond

// saveMessage keeps the message in the mailbox, in a helper goroutine
// (the disk may be slow); EvSaved reports the outcome. The audio is the
// caller's name and reason, then their message, as act.Keep says.
func (r *runner) saveMessage(act call.Action) {
	a := r.a
	msgPCM := r.rec.takeMessage()
	if a.mailbox == nil {
		r.pending = append(r.pending, item{ev: call.Event{Kind: call.EvSaved, At: a.clock.Now(), Failed: true}})
		return
	}
	var pcm []int16
	msg := act.Msg
	if act.Keep&call.KeepName != 0 {
		name := r.rec.nameAudio()
		msg.NameGiven = time.Duration(len(name)) * time.Second / 8000
		pcm = append(pcm, name...)
		if act.Keep&call.KeepMessage != 0 {
			pcm = append(pcm, make([]int16, int(nameGap.Seconds()*8000))...)
		}
	}
	if act.Keep&call.KeepMessage != 0 {
		pcm = append(pcm, msgPCM...)
	}
	r.work.spawn(func() {
		id, err := a.mailbox.Save(msg, pcm)
		ev := call.Event{Kind: call.EvSaved, At: a.clock.Now(), Failed: err != nil, MessageID: id}
		if err != nil {
			a.log.Error("voicemail: message not saved", "err", err)
			ev.Why = saveFailure(err, a.mailbox)
		}
		r.work.send(item{ev: ev})
		a.MailboxChanged()
	})
}

// saveFailure says in a few words why a message was not saved, for the
// log and the console.
func saveFailure(err error, mb Mailbox) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	case mb.Full():
		return "the mailbox is full"
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return "the message folder cannot be written"
	}
	return "the disk refused it"
}

// loadMessage answers ActLoadMessage: at index 0 it reads the mailbox and
// orders the playback (the one asked for first, then the new messages,
// oldest first, then the saved ones, newest first); the order holds for
// the rest of the playback.
func (r *runner) loadMessage(act call.Action) {
	ev := call.Event{Kind: call.EvMessage, At: r.a.clock.Now(), Index: act.Index}
	if act.Index == 0 {
		r.playlist = nil
		if r.a.mailbox != nil {
			msgs, err := r.a.mailbox.List()
			if err != nil {
				r.a.log.Warn("voicemail: messages unreadable", "err", err)
			}
			r.playlist = playOrder(msgs, act.Message)
		}
	}
	ev.Count = len(r.playlist)
	for _, m := range r.playlist {
		if !m.Heard {
			ev.Unheard++
		}
	}
	if act.Index < len(r.playlist) {
		ev.Msg = r.playlist[act.Index]
	} else {
		ev.Failed = true
	}
	r.pending = append(r.pending, item{ev: ev})
}

// playOrder is the playback's order: first (if there), the unheard
// messages oldest first, then the heard ones newest first.
func playOrder(msgs []screening.Message, first string) []screening.Message {
	out := slices.Clone(msgs)
	rank := func(m screening.Message) int {
		switch {
		case m.ID == first && first != "":
			return 0
		case !m.Heard:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b screening.Message) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if rank(a) == 1 {
			return a.Time.Compare(b.Time)
		}
		return b.Time.Compare(a.Time)
	})
	return out
}

// changeMessage deletes (ActDeleteMessage) or keeps as heard
// (ActKeepMessage) a message, in a helper goroutine.
func (r *runner) changeMessage(act call.Action) {
	a := r.a
	if a.mailbox == nil {
		return
	}
	r.work.spawn(func() {
		var err error
		if act.Kind == call.ActDeleteMessage {
			err = a.mailbox.Delete(act.Message)
		} else {
			err = a.mailbox.MarkHeard(act.Message)
		}
		if err != nil {
			a.log.Warn("voicemail: message not changed", "action", act.Kind.String(), "id", act.Message, "err", err)
		}
		a.MailboxChanged()
	})
}

// MailboxChanged tells the box that the mailbox changed (a message saved,
// heard, deleted, by the box or by the owner on the console): the LED and
// the phone's message-waiting lamp follow. It never blocks.
func (a *Appliance) MailboxChanged() {
	select {
	case a.dirty <- struct{}{}:
	default: // one pending notice covers every change so far
	}
}

// mailboxChanged reads the unheard count and tells the machine and the LED.
func (r *runner) mailboxChanged() {
	n := 0
	if r.a.mailbox != nil {
		n = r.a.mailbox.Unheard()
	}
	r.handle(item{ev: call.Event{Kind: call.EvMailbox, At: r.a.clock.Now(), Unheard: n}})
	r.led.update(r.state.Phase)
}

// vmwiSignal is the message-waiting indication as on-hook audio (hal/dsp:
// Bellcore MDMF, message type 0x82 with the visual indicator parameter).
func vmwiSignal(on bool) []int16 {
	pcm, err := dsp.VMWISignal(on, dsp.VMWIOptions{})
	if err != nil {
		return nil
	}
	return pcm
}

// indicate sends the lamp's state to the phone on its cradle.
func (h *handsetOps) indicate(on bool, alert hal.OnHookAlert) {
	pcm := vmwiSignal(on)
	h.run(func(ctx context.Context) error { return h.dev.SendOnHook(ctx, alert, pcm) })
}
