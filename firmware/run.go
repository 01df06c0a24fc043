package firmware

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// runner is the state of one Run. Its fields belong to the call loop (Run's
// goroutine) unless a field says otherwise.
type runner struct {
	a      *Appliance
	ctx    context.Context
	state  call.State
	work   *workers     // helper goroutines and the channel of their results
	line   *lineOps     // the line operation in progress
	hand   *handsetOps  // the handset operation in progress
	timers *timers      // the machine's armed timers
	rec    *recordings  // the last name and message recordings (own lock)
	writer *storeWriter // the store writer goroutine and its queue
	led    *led
	last   screening.LogRecord // last caller, for the button
	data   DataHealth          // the data's health as last shown
	// said is the date and time of this call's caller ID, for the clock
	// keeper when the call has been logged (nil: none).
	said *callerSaid
	// playlist is the order of the messages played to the owner, read
	// when the playback starts.
	playlist []screening.Message
	// pending holds results the loop produced itself (the decision), handled
	// before the loop waits again.
	pending []item
}

// item is one machine event for the loop, with the operation or timer
// arming it belongs to (0: none), so stale results are told apart.
type item struct {
	ev call.Event
	op uint64
}

// Run runs the box until ctx ends. On every way out the relay is released
// to pass-through, the line put on-hook and every helper goroutine waited
// for. It returns nil when ctx ended, or the reason it had to stop.
func (a *Appliance) Run(ctx context.Context) (err error) {
	if a.dev.Line == nil {
		return ErrNoLine
	}
	ctx, cancel := context.WithCancel(ctx)
	r := newRunner(ctx, a)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
			a.log.Error("call loop panicked; line passed through", "panic", p)
		}
		r.release()
		cancel()
		r.line.cancel()
		r.hand.cancel()
		r.timers.stopAll()
		r.work.wg.Wait()
		r.writer.close(storeFlushWait)
		if a.dev.Relay != nil { // once more: nothing may have re-isolated it
			_ = a.dev.Relay.Set(hal.RelayPassThrough)
		}
	}()
	a.mu.Lock()
	a.running = r
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.running = nil
		a.mu.Unlock()
	}()
	var acts []call.Action
	cc, _ := a.callConfig()
	r.state, acts = call.Start(cc)
	r.exec(acts)
	r.startLine()
	r.mailboxChanged() // the lamp and LED show what waits
	r.checkData()
	dog := a.clock.NewTicker(a.cfg.WatchdogEvery)
	defer dog.Stop()
	poll := a.clock.NewTicker(a.cfg.DataPoll)
	defer poll.Stop()
	r.feed()
	r.loop(dog, poll)
	return nil
}

// storeFlushWait bounds how long Run waits, after the relay is released,
// for queued store writes to reach the disk.
const storeFlushWait = 5 * time.Second

func newRunner(ctx context.Context, a *Appliance) *runner {
	w := &workers{ctx: ctx, results: make(chan item, 128)}
	rec := &recordings{}
	r := &runner{a: a, ctx: ctx, work: w, rec: rec,
		line: &lineOps{w: w, dev: a.dev.Line, clock: a.clock, log: a.log, rec: rec, vad: a.vadConfig()},
		hand: &handsetOps{w: w, dev: a.dev.Handset, clock: a.clock, mailbox: a.mailbox, normal: a.cfg.NormalRing,
			vad: a.vadConfig(), save: a.clipSaver(), changed: a.MailboxChanged},
		timers: &timers{w: w, clock: a.clock, armed: map[call.Timer]armed{}},
		writer: newStoreWriter(a.store, a.cfg.StoreQueue, a.log, a.cfg.OnLog,
			func() { a.setStatus(func(s *Status) { s.StoreFailed++ }) }),
		led: &led{ind: a.dev.Indicator, mailbox: a.mailbox, log: a.log},
	}
	return r
}

// loop is the call loop: it alone runs the machine. It waits on the
// devices' event channels, the helpers' results, the watchdog ticker and
// the data-health poll, and returns when ctx ends.
func (r *runner) loop(dog, poll clockwork.Ticker) {
	dev := r.a.dev
	lineEv := dev.Line.Events()
	var handEv <-chan hal.HandsetEvent
	if dev.Handset != nil {
		handEv = dev.Handset.Events()
	}
	var buttonEv <-chan hal.ButtonEvent
	if dev.Button != nil {
		buttonEv = dev.Button.Events()
	}
	for {
		for len(r.pending) > 0 {
			it := r.pending[0]
			r.pending = r.pending[1:]
			r.handle(it)
		}
		select {
		case <-r.ctx.Done():
			return
		case <-dog.Chan():
			r.feed() // fed only by a loop that is turning
		case <-poll.Chan():
			r.checkData()
		case <-r.a.cfg.Hang:
			r.a.log.Warn("firmware: test hook: the call loop hangs until the end")
			<-r.ctx.Done()
			return
		case e, ok := <-lineEv:
			if !ok {
				lineEv = nil
				r.handle(item{ev: call.Event{Kind: call.EvLineDown, At: r.a.clock.Now(), Why: "line closed"}})
				continue
			}
			if e.Kind == hal.LineCallerID && e.CallerID.Date != "" && e.CallerID.Time != "" {
				r.said = &callerSaid{date: e.CallerID.Date, hhmm: e.CallerID.Time, at: r.a.clock.Now()}
			}
			if ev, ok := lineEvent(e, r.a.clock); ok {
				r.handle(item{ev: ev})
			}
		case e, ok := <-handEv:
			if !ok {
				handEv = nil
				continue
			}
			if ev, ok := handsetEvent(e, r.a.clock); ok {
				r.handle(item{ev: ev})
			}
		case e, ok := <-buttonEv:
			if !ok {
				buttonEv = nil
				continue
			}
			r.button(e)
		case it := <-r.work.results:
			r.handle(it)
		case <-r.a.dirty:
			r.mailboxChanged()
		}
	}
}

// release puts the box out of the way: relay to the line, modem on-hook.
func (r *runner) release() {
	if r.a.dev.Relay != nil {
		_ = r.a.dev.Relay.Set(hal.RelayPassThrough)
	}
	hctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = r.a.dev.Line.HangUp(hctx)
}

func (r *runner) feed() {
	if r.a.dev.Watchdog != nil {
		if err := r.a.dev.Watchdog.Feed(); err != nil {
			r.a.log.Warn("watchdog feed failed", "err", err)
		}
	}
}

func (r *runner) trace(format string, args ...any) {
	if r.a.cfg.Trace != nil {
		r.a.cfg.Trace(fmt.Sprintf(format, args...))
	}
}

// handle feeds one item to the machine and executes the result.
func (r *runner) handle(it item) {
	ev := it.ev
	switch ev.Kind {
	case call.EvLineDone:
		if !r.line.finished(it.op) {
			return // from a cancelled operation
		}
	case call.EvHandsetDone:
		if !r.hand.finished(it.op) {
			return
		}
		r.led.update(r.state.Phase) // a message may have been heard
	case call.EvTimer:
		if !r.timers.fired(ev.Timer, it.op) {
			return
		}
	}
	if r.state.StartsCall(ev) {
		if c, ok := r.a.callConfig(); ok {
			r.state.Config = c
		}
	}
	if ev.Kind == call.EvCallWaiting && ev.Caller != (screening.Call{}) {
		ev.Decision = r.rules(ev.Caller, ev.At) // for the record: what the rules say of the waiting caller
	}
	r.trace("event %s", ev)
	var acts []call.Action
	before := r.state
	r.state, acts = call.Next(r.state, ev)
	if r.state.Phase != before.Phase && r.a.cfg.OnPhase != nil {
		r.a.cfg.OnPhase(r.state)
	}
	r.notify(Notice{Kind: NoticeStep, Event: ev, Before: before})
	r.exec(acts)
	r.a.setStatus(func(s *Status) {
		s.Phase = r.state.Phase
		switch ev.Kind {
		case call.EvLineDown:
			s.LineUp, s.LineWhy = false, cmp.Or(ev.Why, "the modem stopped answering")
		case call.EvLineUp:
			s.LineUp, s.LineWhy = true, ""
		}
	})
	switch ev.Kind {
	case call.EvLineDown, call.EvLineUp, call.EvSaved:
		r.led.update(r.state.Phase)
	}
}

func (r *runner) exec(acts []call.Action) {
	for _, act := range acts {
		r.trace("action %s", act)
		r.do(act)
	}
}

// do executes one action: each kind goes to the part of the runner that
// owns it.
func (r *runner) do(act call.Action) {
	switch act.Kind {
	case call.ActRelay:
		r.setRelay(act.Relay)
	case call.ActDecide:
		r.decide(act.Caller)
	case call.ActAnswer, call.ActPickUpAndDrop, call.ActHangUp, call.ActPlayLine, call.ActHoldLine,
		call.ActToneLine, call.ActRecordLine, call.ActStopRecord, call.ActCancelLine, call.ActFlash, call.ActDial:
		r.line.do(act, r.clips)
	case call.ActRingHandset, call.ActPlayHandset, call.ActPlayMessage, call.ActCancelHandset, call.ActRecordHandset, call.ActIndicate:
		if it, ok := r.hand.do(act, r.clips); ok {
			r.pending = append(r.pending, it)
		}
	case call.ActTimer:
		r.timers.arm(act.Timer, act.Duration)
	case call.ActCancelTimer:
		r.timers.cancel(act.Timer)
	case call.ActSaveMessage:
		r.saveMessage(act)
	case call.ActLoadMessage:
		r.loadMessage(act)
	case call.ActDeleteMessage, call.ActKeepMessage:
		r.changeMessage(act)
	case call.ActDiscardMessage:
		r.rec.takeMessage()
	case call.ActList:
		r.addNumber(act.List, act.Number, act.Name, "owner key")
	case call.ActRememberPass:
		if r.a.store != nil {
			r.queue(storeJob{pass: &challengePass{number: act.Number, at: r.a.clock.Now()}})
		}
	case call.ActLog:
		r.logCall(act.Log)
	default:
		r.a.log.Error("firmware: action not executed", "action", act.Kind)
	}
}

func (r *runner) setRelay(s hal.RelayState) {
	if r.a.dev.Relay == nil {
		return
	}
	if err := r.a.dev.Relay.Set(s); err != nil {
		r.a.log.Error("relay", "err", err)
	}
	r.a.setStatus(func(st *Status) { st.Relay = s })
}

// decide asks the decider; the answer is the loop's next event.
func (r *runner) decide(c screening.Call) {
	a := r.a
	now := a.clock.Now()
	var d screening.Decision
	if r.data.State == DataUnavailable {
		d = degradedDecision(c, r.data) // the rules cannot be read
	} else {
		d = r.rules(c, now)
	}
	r.pending = append(r.pending, item{ev: call.Event{Kind: call.EvDecision, At: now, Decision: d,
		Challenge: byte('1' + a.cfg.Rand.IntN(9)),
		// nothing can be kept while the data is degraded
		MailboxFull: a.mailbox == nil || r.data.Degraded() || a.mailbox.Full()}})
}

// rules is the decider's answer for c at now.
func (r *runner) rules(c screening.Call, now time.Time) screening.Decision {
	if r.a.decider == nil {
		return screening.Decision{Action: screening.ActionScreen, Reason: "no decider"}
	}
	if r.a.cfg.Zone != nil {
		now = now.In(r.a.cfg.Zone()) // the schedules' weekdays and hours
	}
	return r.a.decider.Decide(c, now)
}

// logCall records the end of a call: the status at once, the store and
// OnLog through the store writer.
func (r *runner) logCall(rec screening.LogRecord) {
	r.last = rec
	r.a.setStatus(func(s *Status) {
		s.LastCaller = rec
		s.Calls++
	})
	r.a.log.Info("call", "number", rec.Number, "name", rec.Name, "decision", rec.Decision.String(),
		"rule", rec.Rule, "outcome", rec.Outcome.String(), "duration", rec.Duration, "message", rec.Message)
	r.queue(storeJob{rec: &rec})
	if s := r.said; s != nil && r.a.cfg.CallerTime != nil {
		r.a.cfg.CallerTime(s.date, s.hhmm, s.at) // after the call: its log is in one clock
	}
	r.said = nil
}

// callerSaid is a caller ID's date (MMDD) and time (HHMM), and the clock
// when it came.
type callerSaid struct {
	date, hhmm string
	at         time.Time
}

// button: a short press always allows the last caller, a long press
// blocks it, a double press plays the messages on the handset.
func (r *runner) button(e hal.ButtonEvent) {
	if e.Kind == hal.ButtonDouble {
		r.trace("button %s", e.Kind)
		r.handle(item{ev: call.Event{Kind: call.EvPlayMessage, At: r.a.clock.Now()}})
		return
	}
	act := screening.ActionPass
	if e.Kind == hal.ButtonLong {
		act = screening.ActionBlock
	}
	n := Notice{Kind: NoticeButton, Button: ButtonNotice{Press: e.Kind, Action: act, Number: r.last.Number, Name: r.last.Name}}
	if r.last.Number != "" && r.a.store != nil {
		n.Button.Queued = r.addNumber(act, r.last.Number, r.last.Name, "button")
		r.trace("button %s %s", e.Kind, r.last.Number)
	}
	r.notify(n)
}

// addNumber queues a list addition for the store writer.
// It reports whether the writer took it.
func (r *runner) addNumber(act screening.Action, number, name, note string) bool {
	if r.a.store == nil {
		return false
	}
	return r.queue(storeJob{add: &listAdd{action: act, number: number, name: name, note: note, at: r.a.clock.Now()}})
}

// queue hands j to the store writer; false when its queue was full (the
// job is dropped and counted).
func (r *runner) queue(j storeJob) bool {
	if !r.writer.put(j) {
		r.a.setStatus(func(s *Status) { s.StoreDropped++ })
		return false
	}
	return true
}
