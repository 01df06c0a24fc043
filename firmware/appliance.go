package firmware

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// Decider decides calls; *screening.Engine implements it.
type Decider interface {
	Decide(c screening.Call, now time.Time) screening.Decision
}

// Store is what the runtime writes: the call log and list additions made by
// the owner's keys and the button; *store.Store implements it.
type Store interface {
	AppendLog(rec screening.LogRecord) error
	AddNumber(action screening.Action, raw, name, note string, now time.Time) (screening.Rule, error)
}

// Mailbox keeps voicemail; *voicemail.Box implements it.
type Mailbox interface {
	// Full reports whether a new message would be refused.
	Full() bool
	// Save keeps a message and returns its id.
	Save(m screening.Message, pcm []int16) (string, error)
	// Unheard is the number of messages the owner has not played.
	Unheard() int
	// Audio returns a message's audio.
	Audio(id string) ([]int16, screening.Message, error)
	// MarkHeard records that the owner played a message.
	MarkHeard(id string) error
}

// Prompts gives audio clips by name (firmware/prompts implements it).
type Prompts interface {
	Clip(name string) ([]int16, error)
}

// Config is how the appliance behaves. Zero fields take the defaults given.
type Config struct {
	Call       call.Config     // the machine's settings (call.DefaultConfig())
	NormalRing hal.RingPattern // cadence of a passed call rung by the box (RingNorthAmerica)
	Clock      clockwork.Clock // default real
	Logger     *slog.Logger    // default discard
	Rand       *rand.Rand      // challenge digits; default seeded from the clock
	// Trace, if set, receives every event and action of the machine as one
	// line ("event ring 1", "action answer"), for tests and the console.
	Trace func(line string)
	// OnLog, if set, is called with each call-log record after it is stored.
	OnLog func(rec screening.LogRecord)
	// OnPhase, if set, is called from the call loop with the machine's
	// state whenever its phase changes (for live notices on a console).
	// It must not block.
	OnPhase func(s call.State)
	// Quiet is how long the caller must be silent after speaking to end a
	// recording (default 1.5 s); Silence ends a recording in which nobody
	// spoke at all (default 6 s).
	Quiet, Silence time.Duration
	// VoiceLevel is the block RMS above which a block counts as speech (default 500).
	VoiceLevel float64
	// WatchdogEvery is the feeding period (default 5 s).
	WatchdogEvery time.Duration
	// Settings, if set, is read whenever a call is about to start and
	// replaces Call through CallConfig (with the board's capabilities), so
	// setting changes take effect from the next call without a restart.
	Settings func() (screening.Settings, error)
}

// Appliance is the box: devices, decider, store and mailbox wired to the call
// machine. Create it with New and run it with Run.
type Appliance struct {
	dev     *hal.Devices
	decider Decider
	store   Store
	mailbox Mailbox
	prompts Prompts
	cfg     Config
	log     *slog.Logger
	clock   clockwork.Clock

	mu      sync.Mutex // guards status and running
	status  Status
	running *runner
}

// Status is a snapshot for the console.
type Status struct {
	Phase      string
	Relay      string
	LineUp     bool
	LastCaller screening.LogRecord
	Calls      int
}

// New wires an appliance; it does no I/O. store and mailbox may be nil (no
// log, no voicemail: the mailbox counts as full).
func New(dev *hal.Devices, d Decider, st Store, mb Mailbox, p Prompts, cfg Config) *Appliance {
	if cfg.Call == (call.Config{}) {
		cfg.Call = call.DefaultConfig()
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.New(rand.NewPCG(uint64(cfg.Clock.Now().UnixNano()), 0x5ec))
	}
	if cfg.Quiet == 0 {
		cfg.Quiet = 1500 * time.Millisecond
	}
	if cfg.Silence == 0 {
		cfg.Silence = 6 * time.Second
	}
	if cfg.VoiceLevel == 0 {
		cfg.VoiceLevel = 500
	}
	if cfg.WatchdogEvery == 0 {
		cfg.WatchdogEvery = 5 * time.Second
	}
	// the board decides what the machine can do
	cfg.Call.Handset = cfg.Call.Handset && dev.Handset != nil && dev.Caps.Has(hal.CapHandset)
	cfg.Call.HandsetAudio = cfg.Call.HandsetAudio && dev.Caps.Has(hal.CapHandsetAudio)
	return &Appliance{dev: dev, decider: d, store: st, mailbox: mb, prompts: p, cfg: cfg,
		log: cfg.Logger, clock: cfg.Clock, status: Status{Phase: "idle", LineUp: true}}
}

// Status returns a snapshot of the box's state.
func (a *Appliance) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

// PlayMessage asks the box to ring the handset (DR3 cadence, caller ID
// "VOICEMAIL") and play message id when the owner picks up. It is ignored
// unless the box is idle, and returns at once.
func (a *Appliance) PlayMessage(id string) error {
	a.mu.Lock()
	r := a.running
	a.mu.Unlock()
	if r == nil {
		return ErrNotRunning
	}
	if st := a.Status(); st.Phase != "idle" {
		return fmt.Errorf("%w (%s)", ErrBusy, st.Phase)
	}
	r.send(item{ev: call.Event{Kind: call.EvPlayMessage, At: a.clock.Now(), MessageID: id}})
	return nil
}

// item is what helper goroutines send to the loop.
type item struct {
	ev      call.Event
	lineOp  uint64 // EvLineDone: which operation
	handOp  uint64 // EvHandsetDone: which operation
	timerID uint64 // EvTimer: which arming
	button  *hal.ButtonEvent
}

// runner is the state of one Run.
type runner struct {
	a      *Appliance
	ctx    context.Context
	events chan item
	wg     sync.WaitGroup
	state  call.State

	lineOp, handOp     uint64 // current operation ids (0: none)
	lineStop, handStop context.CancelFunc
	lineDone, handDone chan struct{}
	stopRec            chan struct{} // closed by ActStopRecord
	timers             map[call.Timer]*armed
	timerSeq           uint64
	name, msg          []int16 // last recordings
	msgStart           time.Time
	last               screening.LogRecord // last caller, for the button
	pending            []item              // results produced by the loop itself
}

type armed struct {
	id uint64
	t  clockwork.Timer
}

// Run runs the box until ctx ends. On every way out the relay is released
// to pass-through, the line put on-hook and every helper goroutine waited
// for. It returns nil when ctx ended, or the reason it had to stop.
func (a *Appliance) Run(ctx context.Context) (err error) {
	if a.dev.Line == nil {
		return ErrNoLine
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &runner{a: a, ctx: ctx, events: make(chan item, 128), timers: map[call.Timer]*armed{}}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, p)
			a.log.Error("call loop panicked; line passed through", "panic", p)
		}
		r.release()
		cancel()
		r.stopLine()
		r.stopHandset()
		for _, t := range r.timers {
			t.t.Stop()
		}
		r.wg.Wait()
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
	r.startListeners()
	var acts []call.Action
	cc, _ := a.callConfig()
	r.state, acts = call.Start(cc)
	r.exec(acts)
	r.updateLED()
	dog := a.clock.NewTicker(a.cfg.WatchdogEvery)
	defer dog.Stop()
	r.feed()
	for {
		for len(r.pending) > 0 {
			it := r.pending[0]
			r.pending = r.pending[1:]
			r.handle(it)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-dog.Chan():
			r.feed() // fed only by a loop that is turning
		case it := <-r.events:
			r.handle(it)
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

func (r *runner) send(it item) {
	select {
	case r.events <- it:
	case <-r.ctx.Done():
	}
}

// startListeners turns device events into machine events.
func (r *runner) startListeners() {
	dev := r.a.dev
	listen(r, dev.Line.Events(), func(e hal.LineEvent) {
		if ev, ok := lineEvent(e); ok {
			r.send(item{ev: ev})
		}
	}, func() {
		r.send(item{ev: call.Event{Kind: call.EvLineDown, At: r.a.clock.Now(), Why: "line closed"}})
	})
	if dev.Handset != nil {
		listen(r, dev.Handset.Events(), func(e hal.HandsetEvent) {
			var k call.EventKind
			switch e.Kind {
			case hal.HandsetOffHook:
				k = call.EvHandsetOffHook
			case hal.HandsetOnHook:
				k = call.EvHandsetOnHook
			case hal.HandsetDigit:
				k = call.EvHandsetDigit
			default:
				return
			}
			r.send(item{ev: call.Event{Kind: k, At: stamp(e.At, r.a.clock), Digit: e.Digit}})
		}, nil)
	}
	if dev.Button != nil {
		listen(r, dev.Button.Events(), func(e hal.ButtonEvent) { r.send(item{button: &e}) }, nil)
	}
}

// listen calls f with each value from ch until the run ends or ch closes;
// closed, if set, is called when ch closes.
func listen[T any](r *runner, ch <-chan T, f func(T), closed func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			select {
			case <-r.ctx.Done():
				return
			case v, ok := <-ch:
				if !ok {
					if closed != nil {
						closed()
					}
					return
				}
				f(v)
			}
		}
	}()
}

func stamp(t time.Time, c clockwork.Clock) time.Time {
	if t.IsZero() {
		return c.Now()
	}
	return t
}

// lineEvent maps a hal line event to a machine event.
func lineEvent(e hal.LineEvent) (call.Event, bool) {
	ev := call.Event{At: e.At}
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	switch e.Kind {
	case hal.LineRing:
		ev.Kind, ev.Ring = call.EvRing, e.Ring
	case hal.LineCallerID:
		ev.Kind = call.EvCallerID
		ev.Caller = call.Caller{Number: e.CallerID.Number, Name: e.CallerID.Name, Presentation: presentation(e.CallerID)}
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
	case hal.LineDown:
		ev.Kind = call.EvLineDown
		if e.Err != nil {
			ev.Why = e.Err.Error()
		}
	case hal.LineUp:
		ev.Kind = call.EvLineUp
	default:
		return ev, false
	}
	return ev, true
}

func presentation(c hal.CallerID) screening.Presentation {
	switch {
	case c.Number != "":
		return screening.PresentationAvailable
	case c.Presentation == hal.PresentationPrivate || c.NumberAbsent == "P":
		return screening.PresentationPrivate
	case c.Presentation == hal.PresentationUnavailable || c.NumberAbsent == "O":
		return screening.PresentationUnavailable
	}
	return screening.PresentationNone
}

func (r *runner) trace(format string, args ...any) {
	if r.a.cfg.Trace != nil {
		r.a.cfg.Trace(fmt.Sprintf(format, args...))
	}
}

// handle feeds one item to the machine and executes the result.
func (r *runner) handle(it item) {
	if it.button != nil {
		r.button(*it.button)
		return
	}
	ev := it.ev
	switch ev.Kind {
	case call.EvLineDone:
		if it.lineOp != r.lineOp {
			return // from a cancelled operation
		}
		r.lineOp, r.lineStop = 0, nil
	case call.EvHandsetDone:
		if it.handOp != r.handOp {
			return
		}
		r.handOp, r.handStop = 0, nil
		r.updateLED() // a message may have been heard
	case call.EvTimer:
		t, ok := r.timers[ev.Timer]
		if !ok || t.id != it.timerID {
			return
		}
		delete(r.timers, ev.Timer)
	}
	if r.state.Phase == call.PhaseIdle && (ev.Kind == call.EvRing || ev.Kind == call.EvCallerID) {
		if c, ok := r.a.callConfig(); ok {
			r.state.Config = c
		}
	}
	r.trace("event %s", ev)
	var acts []call.Action
	before := r.state.Phase
	r.state, acts = call.Next(r.state, ev)
	if r.state.Phase != before && r.a.cfg.OnPhase != nil {
		r.a.cfg.OnPhase(r.state)
	}
	r.exec(acts)
	r.a.mu.Lock()
	r.a.status.Phase = r.state.Phase.String()
	switch ev.Kind {
	case call.EvLineDown:
		r.a.status.LineUp = false
	case call.EvLineUp:
		r.a.status.LineUp = true
	}
	r.a.mu.Unlock()
	if ev.Kind == call.EvLineDown || ev.Kind == call.EvLineUp {
		r.updateLED()
	}
}

// button: short press always allows the last caller, long press blocks it.
func (r *runner) button(e hal.ButtonEvent) {
	if r.last.Number == "" || r.a.store == nil {
		return
	}
	act := screening.ActionPass
	if e.Kind == hal.ButtonLong {
		act = screening.ActionBlock
	}
	if _, err := r.a.store.AddNumber(act, r.last.Number, r.last.Name, "button", r.a.clock.Now()); err != nil {
		r.a.log.Warn("button: list update failed", "err", err)
		return
	}
	r.trace("button %s %s", e.Kind, r.last.Number)
}

func (r *runner) exec(acts []call.Action) {
	for _, act := range acts {
		r.trace("action %s", act)
		r.do(act)
	}
}

func (r *runner) do(act call.Action) {
	a := r.a
	dev := a.dev
	switch act.Kind {
	case call.ActRelay:
		if dev.Relay != nil {
			s := hal.RelayIsolated
			if act.Relay == call.RelayPassThrough {
				s = hal.RelayPassThrough
			}
			if err := dev.Relay.Set(s); err != nil {
				a.log.Error("relay", "err", err)
			}
			a.mu.Lock()
			a.status.Relay = s.String()
			a.mu.Unlock()
		}
	case call.ActDecide:
		now := a.clock.Now()
		c := screening.Call{Number: act.Caller.Number, Name: act.Caller.Name, Presentation: act.Caller.Presentation}
		d := screening.Decision{Action: screening.ActionScreen, Reason: "no decider"}
		if a.decider != nil {
			d = a.decider.Decide(c, now)
		}
		ev := call.Event{Kind: call.EvDecision, At: now, Decision: d,
			Challenge:   byte('1' + a.cfg.Rand.IntN(9)),
			MailboxFull: a.mailbox == nil || a.mailbox.Full()}
		r.pending = append(r.pending, item{ev: ev})
	case call.ActAnswer:
		r.lineOp1(func(ctx context.Context) call.Event { return r.done(dev.Line.Answer(ctx)) })
	case call.ActPickUpAndDrop:
		r.lineOp1(func(ctx context.Context) call.Event { return r.done(dev.Line.PickUpAndDrop(ctx, act.Hold)) })
	case call.ActHangUp:
		r.lineOp1(func(ctx context.Context) call.Event {
			// going on-hook must happen even if the call is being torn down
			hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			err := dev.Line.HangUp(hctx)
			if errors.Is(err, hal.ErrHungUp) {
				err = nil
			}
			return r.done(err)
		})
	case call.ActPlayLine:
		pcm := r.clips(act.Clips)
		r.lineOp1(func(ctx context.Context) call.Event { return r.done(dev.Line.Play(ctx, pcm)) })
	case call.ActHoldLine:
		pcm := r.clips(act.Clips)
		r.lineOp1(func(ctx context.Context) call.Event {
			for {
				if err := dev.Line.Play(ctx, pcm); err != nil {
					return r.done(err)
				}
				select {
				case <-ctx.Done():
					return r.done(ctx.Err())
				case <-a.clock.After(2 * time.Second):
				}
			}
		})
	case call.ActToneLine:
		r.lineOp1(func(ctx context.Context) call.Event { return r.done(tone(ctx, dev.Line, act.Tone)) })
	case call.ActRecordLine:
		stop := make(chan struct{})
		r.stopRec = stop
		purpose := act.Record
		limit := act.Limit
		start := a.clock.Now()
		r.lineOp1(func(ctx context.Context) call.Event {
			pcm, voiced, err := r.record(ctx, limit, stop)
			ev := r.done(err)
			if ev.Kind == call.EvCallerGone {
				// report the hang-up, then the recording itself
				r.send(item{ev: ev})
				ev = call.Event{Kind: call.EvLineDone, At: a.clock.Now()}
			}
			ev.Recorded = time.Duration(len(pcm)) * time.Second / 8000
			ev.Voiced = voiced
			if purpose == call.RecordName {
				r.setRec(&r.name, pcm)
			} else {
				r.setRec(&r.msg, pcm)
				r.msgStart = start
			}
			return ev
		})
	case call.ActStopRecord:
		if r.stopRec != nil {
			select {
			case <-r.stopRec:
			default:
				close(r.stopRec)
			}
		}
	case call.ActCancelLine:
		r.stopLine()
	case call.ActRingHandset:
		if dev.Handset == nil {
			r.handOp++
			r.pending = append(r.pending, item{ev: call.Event{Kind: call.EvHandsetDone, At: a.clock.Now(), Failed: true}, handOp: r.handOp})
			return
		}
		p := a.cfg.NormalRing
		switch act.Ring {
		case call.RingScreened:
			p = hal.RingDR2
		case call.RingMessage:
			p = hal.RingDR3
		}
		cid := &hal.CallerID{Number: act.Caller.Number, Name: act.Caller.Name, Presentation: hal.Presentation(act.Caller.Presentation)}
		r.handsetOp(func(ctx context.Context) error { return dev.Handset.Ring(ctx, p, cid) })
	case call.ActPlayHandset:
		pcm := r.clips(act.Clips)
		r.handsetOp(func(ctx context.Context) error { return dev.Handset.Play(ctx, pcm) })
	case call.ActCancelHandset:
		r.stopHandset()
	case call.ActPlayMessage:
		if a.mailbox == nil || dev.Handset == nil {
			return
		}
		id := act.Message
		r.handsetOp(func(ctx context.Context) error {
			pcm, _, err := a.mailbox.Audio(id)
			if err != nil {
				return err
			}
			if err := dev.Handset.Play(ctx, pcm); err != nil {
				return err
			}
			return a.mailbox.MarkHeard(id)
		})
	case call.ActTimer:
		if old, ok := r.timers[act.Timer]; ok {
			old.t.Stop()
		}
		r.timerSeq++
		id, tm := r.timerSeq, act.Timer
		r.timers[tm] = &armed{id: id, t: a.clock.AfterFunc(act.Duration, func() {
			r.send(item{ev: call.Event{Kind: call.EvTimer, At: a.clock.Now(), Timer: tm}, timerID: id})
		})}
	case call.ActCancelTimer:
		if old, ok := r.timers[act.Timer]; ok {
			old.t.Stop()
			delete(r.timers, act.Timer)
		}
	case call.ActSaveMessage:
		ev := call.Event{Kind: call.EvSaved, At: a.clock.Now()}
		if a.mailbox == nil {
			ev.Failed = true
		} else {
			msg := r.getRec(&r.msg)
			id, err := a.mailbox.Save(screening.Message{
				Time: r.msgStart, Number: r.state.Decision.Number, Name: call.CleanName(r.state.Caller.Name),
				Duration: time.Duration(len(msg)) * time.Second / 8000,
			}, msg)
			if err != nil {
				a.log.Error("voicemail: message not saved", "err", err)
				ev.Failed = true
			}
			ev.MessageID = id
		}
		r.setRec(&r.msg, nil)
		r.updateLED()
		r.pending = append(r.pending, item{ev: ev})
	case call.ActDiscardMessage:
		r.setRec(&r.msg, nil)
	case call.ActList:
		if a.store == nil {
			return
		}
		act2 := screening.ActionPass
		if act.List == "block" {
			act2 = screening.ActionBlock
		}
		if _, err := a.store.AddNumber(act2, act.Number, act.Name, "owner key", a.clock.Now()); err != nil {
			a.log.Error("list update failed", "list", act.List, "number", act.Number, "err", err)
		}
	case call.ActLog:
		rec := act.Log
		r.last = rec
		if a.store != nil {
			if err := a.store.AppendLog(rec); err != nil {
				a.log.Error("call log write failed", "err", err)
			}
		}
		a.mu.Lock()
		a.status.LastCaller = rec
		a.status.Calls++
		a.mu.Unlock()
		a.log.Info("call", "number", rec.Number, "name", rec.Name, "decision", rec.Decision.String(),
			"rule", rec.Rule, "outcome", rec.Outcome.String(), "duration", rec.Duration, "message", rec.Message)
		if a.cfg.OnLog != nil {
			a.cfg.OnLog(rec)
		}
	}
}

// setRec and getRec guard the recordings, written by line goroutines and
// read by the loop.
func (r *runner) setRec(dst *[]int16, pcm []int16) {
	r.a.mu.Lock()
	*dst = pcm
	r.a.mu.Unlock()
}

func (r *runner) getRec(src *[]int16) []int16 {
	r.a.mu.Lock()
	defer r.a.mu.Unlock()
	return *src
}

// done turns an operation's error into the event the machine expects.
func (r *runner) done(err error) call.Event {
	ev := call.Event{Kind: call.EvLineDone, At: r.a.clock.Now()}
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
			r.a.log.Warn("line operation failed", "err", err)
		}
	}
	return ev
}

// lineOp1 runs one line operation; its event is delivered unless cancelled.
func (r *runner) lineOp1(f func(ctx context.Context) call.Event) {
	r.stopLine() // the machine never overlaps line operations; be safe
	ctx, cancel := context.WithCancel(r.ctx)
	r.lineOp++
	if r.lineOp == ^uint64(0) {
		r.lineOp = 1
	}
	id := r.lineOp
	done := make(chan struct{})
	r.lineStop, r.lineDone = cancel, done
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(done)
		defer cancel()
		ev := f(ctx)
		if ctx.Err() != nil && ev.Kind == call.EvLineDone && ev.Failed {
			return // cancelled: report nothing
		}
		if ev.Kind != call.EvLineDone { // caller gone, line down: not tied to this operation
			r.send(item{ev: ev})
			return
		}
		r.send(item{ev: ev, lineOp: id})
	}()
}

// stopLine cancels the running line operation and waits for it.
func (r *runner) stopLine() {
	if r.lineStop != nil {
		r.lineStop()
		<-r.lineDone
	}
	r.lineOp++
	r.lineStop, r.lineDone = nil, nil
}

func (r *runner) handsetOp(f func(ctx context.Context) error) {
	r.stopHandset()
	ctx, cancel := context.WithCancel(r.ctx)
	r.handOp++
	id := r.handOp
	done := make(chan struct{})
	r.handStop, r.handDone = cancel, done
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(done)
		defer cancel()
		err := f(ctx)
		if ctx.Err() != nil {
			return
		}
		r.send(item{ev: call.Event{Kind: call.EvHandsetDone, At: r.a.clock.Now(), Failed: err != nil}, handOp: id})
	}()
}

func (r *runner) stopHandset() {
	if r.handStop != nil {
		r.handStop()
		<-r.handDone
	}
	r.handOp++
	r.handStop, r.handDone = nil, nil
}

// clips concatenates audio clips; a missing clip is logged and skipped.
func (r *runner) clips(names []call.Clip) []int16 {
	var out []int16
	for _, n := range names {
		if n == call.ClipRecordedName {
			out = append(out, r.getRec(&r.name)...)
			continue
		}
		if r.a.prompts == nil {
			continue
		}
		pcm, err := r.a.prompts.Clip(string(n))
		if err != nil {
			r.a.log.Warn("prompt missing", "clip", n, "err", err)
			continue
		}
		out = append(out, pcm...)
	}
	return out
}

// record captures line audio until stop, limit, quiet after speech, or
// silence throughout.
func (r *runner) record(ctx context.Context, limit time.Duration, stop <-chan struct{}) ([]int16, bool, error) {
	cfg := r.a.cfg
	var pcm []int16
	voiced := false
	var quiet time.Duration
	max := int(limit.Seconds() * 8000)
	err := r.a.dev.Line.Record(ctx, func(b []int16) bool {
		select {
		case <-stop:
			return false
		default:
		}
		if room := max - len(pcm); len(b) > room {
			b = b[:room]
		}
		pcm = append(pcm, b...)
		d := time.Duration(len(b)) * time.Second / 8000
		if rms(b) >= cfg.VoiceLevel {
			voiced, quiet = true, 0
		} else {
			quiet += d
		}
		switch {
		case len(pcm) >= max:
			return false
		case voiced && quiet >= cfg.Quiet:
			return false
		case !voiced && quiet >= cfg.Silence:
			return false
		}
		return true
	})
	if voiced && quiet > 0 {
		// trim the trailing silence but keep a little
		keep := int((quiet - 300*time.Millisecond).Seconds() * 8000)
		if keep > 0 && keep < len(pcm) {
			pcm = pcm[:len(pcm)-keep]
		}
	}
	if errors.Is(err, context.Canceled) && ctx.Err() == nil {
		err = nil
	}
	return pcm, voiced, err
}

func rms(b []int16) float64 {
	if len(b) == 0 {
		return 0
	}
	var s float64
	for _, v := range b {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(b)))
}

// tone sends a tone through the line device.
func tone(ctx context.Context, l hal.Line, t call.Tone) error {
	type seg struct {
		f float64
		d time.Duration
	}
	var segs []seg
	switch t {
	case call.ToneBeep:
		segs = []seg{{1000, 500 * time.Millisecond}}
	case call.ToneSIT: // "vacant code" SIT: low, low, low, 274/274/380 ms
		segs = []seg{{913.8, 274 * time.Millisecond}, {1370.6, 274 * time.Millisecond}, {1776.7, 380 * time.Millisecond}}
	case call.ToneFax:
		segs = []seg{{2100, 3 * time.Second}}
	}
	for _, s := range segs {
		if err := l.Tone(ctx, s.f, 0, s.d); err != nil {
			return err
		}
	}
	return nil
}

// updateLED shows the box's state: fault when the line is down, blinks for
// unheard messages, steady when idle and healthy.
func (r *runner) updateLED() {
	ind := r.a.dev.Indicator
	if ind == nil {
		return
	}
	p := hal.LEDPattern{Mode: hal.LEDOn}
	switch {
	case r.state.Phase == call.PhaseLineDown:
		p = hal.LEDPattern{Mode: hal.LEDFault}
	case r.a.mailbox != nil && r.a.mailbox.Unheard() > 0:
		p = hal.LEDPattern{Mode: hal.LEDBlink, Count: r.a.mailbox.Unheard()}
	}
	if err := ind.Set(p); err != nil {
		r.a.log.Warn("led", "err", err)
	}
}
