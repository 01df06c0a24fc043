package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"secretary/screening"
)

// work is one waiting route in a pass.
type work struct {
	d   *screening.Delivery
	i   int // index of the route
	msg screening.Message
}

// pass brings the queue up to date with the messages and settings, makes
// every attempt that is due, and returns when the next one is (zero: none
// waits).
func (d *Deliverer) pass(ctx context.Context) time.Time {
	now := d.clock.Now()
	set, msgs, dels, err := d.read()
	if err != nil {
		d.log.Warn("delivery: the queue cannot be read", "err", err)
		d.setStatus(Status{Err: "the queue cannot be read: " + err.Error()})
		return now.Add(d.cfg.StoreRetry)
	}
	byID := make(map[string]*screening.Delivery, len(dels))
	for i := range dels {
		byID[dels[i].MessageID] = &dels[i]
	}
	slices.Reverse(msgs) // oldest first
	retry := d.retry.Swap(false)
	var ws []work
	for _, m := range msgs {
		dl := byID[m.ID]
		if dl == nil {
			dl = &screening.Delivery{MessageID: m.ID, Queued: now}
			for _, c := range screening.Channels {
				if set.Delivery.On(c) {
					dl.Routes = append(dl.Routes, screening.Route{Channel: c, State: screening.DeliveryWaiting, Next: now})
				}
			}
			d.put(*dl)
			byID[m.ID] = dl
		} else if ch := d.adjust(dl, set.Delivery, now); ch || (retry && rearm(dl, now)) {
			d.put(*dl)
		}
		for i := range dl.Routes {
			if dl.Routes[i].State == screening.DeliveryWaiting {
				if d.boot && dl.Routes[i].Next.After(now) {
					dl.Routes[i].Next = now // written when tried
				}
				ws = append(ws, work{d: dl, i: i, msg: m})
			}
		}
	}
	d.boot = false
	d.attempts(ctx, set.Delivery, ws)
	return d.finish(set.Delivery, msgs, byID)
}

func (d *Deliverer) read() (set screening.Settings, msgs []screening.Message, dels []screening.Delivery, err error) {
	if set, err = d.st.Settings(); err != nil {
		return
	}
	if msgs, err = d.st.Messages(); err != nil {
		return
	}
	dels, err = d.st.Deliveries()
	return
}

// put writes a delivery; a message deleted meanwhile takes its delivery
// with it, which is not an error worth more than a debug line.
func (d *Deliverer) put(dl screening.Delivery) {
	if err := d.st.PutDelivery(dl); err != nil {
		d.log.Warn("delivery: cannot record", "message", dl.MessageID, "err", err)
	}
}

// adjust applies the settings to a delivery: a channel turned off cancels
// what waits on it or failed; a changed setting re-arms a route that failed
// or waits on the owner; a route sent while the store could not record it
// is recorded now. It reports whether anything changed.
func (d *Deliverer) adjust(dl *screening.Delivery, set screening.DeliverySettings, now time.Time) bool {
	changed := false
	for i := range dl.Routes {
		r := &dl.Routes[i]
		key := routeKey{dl.MessageID, r.Channel}
		if r.State == screening.DeliverySent {
			delete(d.sentMem, key) // recorded
		}
		if at, ok := d.sentMem[key]; ok {
			r.State, r.Done, r.Error, r.Attention, r.Next = screening.DeliverySent, at, "", false, time.Time{}
			changed = true
			continue
		}
		on := set.On(r.Channel)
		switch {
		case !on && (r.State == screening.DeliveryWaiting || r.State == screening.DeliveryFailed):
			r.State, r.Done, r.Next = screening.DeliveryCancelled, now, time.Time{}
			r.Error = r.Channel.String() + " was turned off before it went out"
			changed = true
		case on && (r.State == screening.DeliveryFailed || r.Attention) && r.Config != "" && r.Config != set.Fingerprint(r.Channel):
			r.State, r.Tries, r.Next, r.Attention, r.Config = screening.DeliveryWaiting, 0, now, false, ""
			changed = true
		}
	}
	return changed
}

// rearm makes every waiting or failed route of dl due now, with its
// tries counted afresh (the owner's delivery retry). It reports whether
// anything changed.
func rearm(dl *screening.Delivery, now time.Time) bool {
	changed := false
	for i := range dl.Routes {
		r := &dl.Routes[i]
		if r.State == screening.DeliveryWaiting || r.State == screening.DeliveryFailed {
			r.State, r.Next, r.Tries, r.Done = screening.DeliveryWaiting, now, 0, time.Time{}
			changed = true
		}
	}
	return changed
}

// attempts makes the due attempts, oldest message first. After a message
// went out on a channel, the others waiting on it go too; after one failed
// to reach its server, the others on that channel wait as long as it.
func (d *Deliverer) attempts(ctx context.Context, set screening.DeliverySettings, ws []work) {
	slices.SortStableFunc(ws, func(a, b work) int { return a.msg.Time.Compare(b.msg.Time) })
	done := make([]bool, len(ws))
	sent := map[screening.Channel]bool{}
	held := map[screening.Channel]time.Time{}
	for progress := true; progress && ctx.Err() == nil; {
		progress = false
		for k, w := range ws {
			r := &w.d.Routes[w.i]
			if done[k] || ctx.Err() != nil {
				continue
			}
			if until, ok := held[r.Channel]; ok {
				if r.Next.Before(until) {
					r.Next = until
					d.put(*w.d)
				}
				done[k] = true
				continue
			}
			if r.Next.After(d.clock.Now()) && !sent[r.Channel] {
				continue
			}
			done[k], progress = true, true
			f, ok := d.attempt(ctx, set, w)
			switch {
			case !ok: // abandoned: the box is stopping
			case f == nil:
				sent[r.Channel] = true
			case f.kind == failTransient:
				held[r.Channel] = r.Next
			}
		}
	}
}

// attempt sends one route and records the outcome; ok is false when it was
// abandoned because ctx ended.
func (d *Deliverer) attempt(ctx context.Context, set screening.DeliverySettings, w work) (*failure, bool) {
	r := &w.d.Routes[w.i]
	env := EnvelopeOf(w.msg)
	var err error
	switch r.Channel {
	case screening.ChannelEmail:
		var wav []byte
		if wav, err = d.wav(w.msg.ID); err != nil {
			err = fail(failPermanent, fmt.Errorf("%w: %w", ErrNoAudio, err), "the recording cannot be read (%s)", serverText(err.Error()))
		} else {
			err = d.email.send(ctx, d.recipients(set, w.msg), env, wav)
		}
	case screening.ChannelPush:
		err = d.push.send(ctx, set, env)
	default:
		err = fail(failPermanent, nil, "no such channel %v", r.Channel)
	}
	if ctx.Err() != nil && err != nil {
		return nil, false
	}
	now := d.clock.Now()
	r.Tries++
	r.Last, r.Config = now, set.Fingerprint(r.Channel)
	if err == nil {
		d.sentMem[routeKey{w.msg.ID, r.Channel}] = now
		r.State, r.Done, r.Next, r.Error, r.Attention = screening.DeliverySent, now, time.Time{}, "", false
		d.put(*w.d)
		d.log.Info("delivery: sent", "message", w.msg.ID, "channel", r.Channel, "tries", r.Tries)
		if d.warned[r.Channel] {
			d.warned[r.Channel] = false
			d.notify(fmt.Sprintf("%s delivery works again: message %s sent", r.Channel, w.msg.ID))
		}
		return nil, true
	}
	var f *failure
	if !errors.As(err, &f) {
		f = fail(failTransient, err, "%s", serverText(err.Error()))
	}
	d.settle(r, f, now)
	d.put(*w.d)
	d.log.Warn("delivery: not sent", "message", w.msg.ID, "channel", r.Channel, "tries", r.Tries, "kind", f.kind, "why", f.msg)
	d.tell(w.msg.ID, env, r, f)
	return f, true
}

// settle records a failed attempt in its route.
func (d *Deliverer) settle(r *screening.Route, f *failure, now time.Time) {
	r.Error, r.Attention = f.msg, f.kind != failTransient
	switch {
	case f.kind == failPermanent, f.kind == failAttention && r.Tries >= d.cfg.AttentionTries:
		r.State, r.Done, r.Next = screening.DeliveryFailed, now, time.Time{}
	default:
		r.State, r.Next = screening.DeliveryWaiting, now.Add(d.backoff(r.Tries, f.retryAfter))
	}
}

// tell gives the owner a notice when a failure needs them: the first of a
// run on the channel, and every route that fails for good.
func (d *Deliverer) tell(id string, env Envelope, r *screening.Route, f *failure) {
	switch {
	case r.State == screening.DeliveryFailed:
		d.warned[r.Channel] = true
		d.notify(fmt.Sprintf("message %s from %s: %s FAILED: %s. It is tried again when a setting of it changes, or with delivery retry.",
			id, env.caller(), r.Channel, f.msg))
	case f.kind == failAttention && !d.warned[r.Channel]:
		d.warned[r.Channel] = true
		d.notify(fmt.Sprintf("%s delivery needs you: %s. Trying again at %s (%d of %d tries).",
			r.Channel, f.msg, r.Next.In(d.email.loc).Format("15:04"), r.Tries, d.cfg.AttentionTries))
	}
}

// finish computes the status and the next due time from the queue as the
// pass left it.
func (d *Deliverer) finish(set screening.DeliverySettings, msgs []screening.Message, byID map[string]*screening.Delivery) time.Time {
	var next time.Time
	st := Status{At: d.clock.Now()}
	for _, c := range screening.Channels {
		cs := ChannelStatus{Channel: c, On: set.On(c)}
		var newest time.Time
		for _, m := range msgs {
			dl := byID[m.ID]
			if dl == nil {
				continue
			}
			r := dl.Route(c)
			if r == nil {
				continue
			}
			switch r.State {
			case screening.DeliverySent:
				cs.Sent++
			case screening.DeliveryWaiting:
				cs.Waiting++
				if cs.Next.IsZero() || r.Next.Before(cs.Next) {
					cs.Next = r.Next
				}
			case screening.DeliveryFailed:
				cs.Failed++
			}
			if r.Error != "" && r.State != screening.DeliveryCancelled && r.State != screening.DeliverySent && !r.Last.Before(newest) {
				newest, cs.Problem, cs.Attention = r.Last, r.Error, r.Attention
			}
		}
		if !cs.Next.IsZero() && (next.IsZero() || cs.Next.Before(next)) {
			next = cs.Next
		}
		st.Channels = append(st.Channels, cs)
	}
	d.setStatus(st)
	return next
}

func (d *Deliverer) setStatus(s Status) {
	d.mu.Lock()
	d.status = s
	d.mu.Unlock()
	if d.passed != nil {
		d.passed(s)
	}
}

// recipients is set with the e-mail's recipient for msg: a message left
// for a person (the switchboard) who has an e-mail address goes to that
// address instead of email-to; any other, or when the people cannot be
// read, to email-to.
func (d *Deliverer) recipients(set screening.DeliverySettings, msg screening.Message) screening.DeliverySettings {
	if msg.Person == "" {
		return set
	}
	people, err := d.st.People()
	if err != nil {
		d.log.Warn("delivery: the people cannot be read; the message goes to email-to", "message", msg.ID, "err", err)
		return set
	}
	for _, p := range people {
		if p.ID() == msg.Person && p.Email != "" {
			set.EmailTo = []string{p.Email}
		}
	}
	return set
}
