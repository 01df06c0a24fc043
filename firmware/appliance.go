package firmware

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// Decider decides calls; *screening.Engine implements it. A blocked call's
// treatment comes resolved (never screening.TreatmentDefault).
type Decider interface {
	Decide(c screening.Call, now time.Time) screening.Decision
}

// Store is what the runtime writes: the call log, list additions made by
// the owner's keys and the button, and callers who passed the robocall
// challenge; *store.Store implements it. Its methods are called from the
// runtime's store writer, never from the call loop.
type Store interface {
	AppendLog(rec screening.LogRecord) error
	AddNumber(action screening.Action, raw, name, note string, now time.Time) (screening.Rule, error)
	// RememberChallenge records that e164 passed the challenge at at (the
	// decider reads it back: screening.Decision.ChallengePassed).
	RememberChallenge(e164 string, at time.Time) error
}

// Mailbox keeps the messages; *voicemail.Box implements it. Save, Play,
// Delete and MarkHeard are called from helper goroutines, the others from
// the call loop.
type Mailbox interface {
	// Full reports whether a new message would be refused.
	Full() bool
	// Save keeps a message and returns its id.
	Save(m screening.Message, pcm []int16) (string, error)
	// Unheard is the number of messages the owner has not played.
	Unheard() int
	// List returns the messages, newest first.
	List() ([]screening.Message, error)
	// Play plays message id to the handset and marks it heard.
	Play(ctx context.Context, h hal.Handset, id string) error
	// Delete removes message id.
	Delete(id string) error
	// MarkHeard keeps message id as heard.
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
	// It is called from the call loop and must not block.
	Trace func(line string)
	// OnLog, if set, is called with each call-log record after the store
	// took it (or failed to), in call order, from the store writer's
	// goroutine. It must not block: a slow OnLog holds up the log writes
	// behind it (and, once the queue is full, records are dropped), never
	// the call loop.
	OnLog func(rec screening.LogRecord)
	// OnPhase, if set, is called from the call loop with the machine's
	// state whenever its phase changes (for live notices on a console).
	// It must not block: the call loop waits for it, so a consumer queues
	// what it wants to show and returns.
	OnPhase func(s call.State)
	// OnNotice, if set, is called from the call loop after every step of
	// the call machine and after each press of the button (see Notice),
	// for a console's notices beyond phase changes. It must not block,
	// like OnPhase.
	OnNotice func(n Notice)
	// Quiet is how long the caller must be silent after speaking to end a
	// recording (default 1.5 s); Silence ends a recording in which nobody
	// spoke at all (default 6 s).
	Quiet, Silence time.Duration
	// VoiceLevel is the RMS sample level (of 20 ms of audio) from which the
	// caller counts as speaking (default 500, about -30 dBm0).
	VoiceLevel float64
	// WatchdogEvery is the feeding period (default 5 s).
	WatchdogEvery time.Duration
	// StoreQueue is how many store writes (log records, list additions)
	// may wait for the disk; more are dropped, counted and logged
	// (default 64).
	StoreQueue int
	// Settings, if set, is read whenever a call is about to start and
	// replaces Call through CallConfig (with the board's capabilities), so
	// setting changes take effect from the next call without a restart.
	Settings func() (screening.Settings, error)
	// People, if set, is read with Settings whenever a call is about to
	// start: the switchboard's people (the callers' menu, their cadences,
	// forwarding); screening.Engine.People serves it from memory.
	People func() ([]screening.Person, error)
	// DataHealth, if set, reports the state of the box's data (the
	// store). The call loop asks at start and every DataPoll (default
	// 1 s), so it must not block (store.Health is one atomic load). While
	// it is not DataOK the box is in degraded mode (see DataState): the
	// LED shows the fault pattern, Status.Data says why, and the mailbox
	// counts as full.
	DataHealth func() DataHealth
	DataPoll   time.Duration
	// OnData, if set, is called from the call loop when the data's health
	// changes (and at start when it is not DataOK): prev is the state
	// before (DataOK at start). It must not block.
	OnData func(prev, now DataHealth)
	// Hang is for tests of the watchdog only (cmd never sets it on a real
	// box): a value received makes the call loop stop turning until ctx
	// ends, as a deadlock in the loop would, while every other goroutine
	// goes on. The watchdog is then no longer fed.
	Hang <-chan struct{}
	// CallerTime, if set, gets the date (MMDD) and time (HHMM) of every
	// call's caller ID that has them, with the clock when it came, once
	// the call is logged: the box's clock keeper sets the clock from them,
	// between calls, so a call's times are all of one clock. It is called
	// from the call loop and must not block.
	CallerTime func(date, hhmm string, at time.Time)
	// Zone, if set, is the box's time zone: the decider gets the time in
	// it (schedules, do-not-disturb windows), read at every decision.
	Zone func() *time.Location
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

	dirty chan struct{} // the mailbox changed (MailboxChanged); read by the call loop
}

// Status is a snapshot for the console.
type Status struct {
	Phase call.Phase
	Relay hal.RelayState
	// LineUp: the line device (modem) reported itself up and has not gone
	// down since. It starts false until the device says it is up (LineWhy
	// is then LineWaiting); LineWhy says why it is down.
	LineUp     bool
	LineWhy    string
	LastCaller screening.LogRecord
	Calls      int
	// StoreDropped counts store writes (log records, list additions)
	// dropped because the disk fell too far behind.
	StoreDropped int
	// StoreFailed counts store writes the store refused (a full disk, a
	// failing card, data that cannot be written).
	StoreFailed int
	// Data is the state of the box's data; not DataOK: degraded mode.
	Data DataHealth
}

// Busy reports whether the box is handling a call (or playing a message):
// anything but idle, or the line device down (calls pass through).
func (s Status) Busy() bool { return s.Phase != call.PhaseIdle && s.Phase != call.PhaseLineDown }

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
	if cfg.StoreQueue <= 0 {
		cfg.StoreQueue = 64
	}
	if cfg.DataPoll <= 0 {
		cfg.DataPoll = defaultDataPoll
	}
	// the board decides what the machine can do
	cfg.Call.Handset = cfg.Call.Handset && dev.Handset != nil && dev.Caps.Has(hal.CapHandset)
	cfg.Call.HandsetAudio = cfg.Call.HandsetAudio && dev.Caps.Has(hal.CapHandsetAudio)
	return &Appliance{dev: dev, decider: d, store: st, mailbox: mb, prompts: p, cfg: cfg,
		log: cfg.Logger, clock: cfg.Clock, status: Status{Phase: call.PhaseIdle, LineWhy: LineWaiting},
		dirty: make(chan struct{}, 1)}
}

// Status returns a snapshot of the box's state.
func (a *Appliance) Status() Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

// setStatus changes the status under its lock.
func (a *Appliance) setStatus(f func(s *Status)) {
	a.mu.Lock()
	f(&a.status)
	a.mu.Unlock()
}

// PlayMessage asks the box to ring the handset (DR3 cadence, caller ID
// "VOICEMAIL") and play the messages, message id first, when the owner
// picks up (see firmware/call's message group for the keys). It is
// refused unless the box is idle and can play to the handset, and returns
// at once.
func (a *Appliance) PlayMessage(id string) error {
	r, err := a.idleRunner()
	if err != nil {
		return err
	}
	if a.dev.Handset == nil || !a.dev.Caps.Has(hal.CapHandset|hal.CapHandsetAudio) {
		return ErrNoHandsetAudio // the machine would not ring (CallConfig)
	}
	r.work.send(item{ev: call.Event{Kind: call.EvPlayMessage, At: a.clock.Now(), MessageID: id}})
	return nil
}

// idleRunner is the running call loop while the box is idle, else why
// the owner must wait (ErrNotRunning, ErrBusy).
func (a *Appliance) idleRunner() (*runner, error) {
	a.mu.Lock()
	r, phase := a.running, a.status.Phase
	a.mu.Unlock()
	if r == nil {
		return nil, ErrNotRunning
	}
	if phase != call.PhaseIdle {
		return nil, fmt.Errorf("%w (%s)", ErrBusy, phase)
	}
	return r, nil
}
