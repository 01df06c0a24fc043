package delivery

import (
	"bytes"
	"context"
	"crypto/x509"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal/audio"
	"secretary/screening"
)

// Store keeps the queue and what it reads; *store.Store implements it.
type Store interface {
	Settings() (screening.Settings, error)
	Messages() ([]screening.Message, error)    // newest first
	Deliveries() ([]screening.Delivery, error) // oldest queued first
	PutDelivery(d screening.Delivery) error    // fails when the message is gone
	People() ([]screening.Person, error)       // the switchboard's: a person's messages go to their e-mail
}

// Recordings gives a message's audio; *voicemail.Box implements it.
type Recordings interface {
	Audio(id string) ([]int16, screening.Message, error)
}

// Config is how the loop behaves. Zero fields take the defaults given.
type Config struct {
	Clock  clockwork.Clock // default real
	Logger *slog.Logger    // default discard; never given a secret
	Rand   *rand.Rand      // back-off jitter; default seeded from the clock
	// Notify, if set, receives a line for the owner when a delivery needs
	// them or works again (a console notice). Called from the loop; it
	// must not block.
	Notify func(line string)
	// Base and Max bound the back-off: Base after the first failure,
	// doubling to Max (defaults 30 s and 1 h); each wait is up to a
	// quarter shorter at random.
	Base, Max time.Duration
	// AttentionTries is how often a failure that needs the owner (a refused
	// password) is tried before the route fails (default 5).
	AttentionTries int
	// EmailTimeout bounds each step of the SMTP exchange (default 2 min:
	// a 3-minute recording is about 2.6 MB to upload); PushTimeout the whole
	// push request (default 30 s).
	EmailTimeout, PushTimeout time.Duration
	// Location is the time zone of the times in e-mails (default time.Local
	// when the loop starts).
	Location *time.Location
	// RootCAs are the certificates trusted for the servers (nil: the
	// system's; tests give their own).
	RootCAs *x509.CertPool
	// StoreRetry is how soon a pass is tried again when the store could not
	// be read (default 1 min).
	StoreRetry time.Duration
}

// Deliverer is the delivery loop: Run it in its own goroutine.
type Deliverer struct {
	st    Store
	rec   Recordings
	cfg   Config
	clock clockwork.Clock
	log   *slog.Logger
	wake  chan struct{} // one slot: Poke never blocks
	retry atomic.Bool   // the next pass makes every waiting or failed route due
	email *emailer
	push  *pusher

	// owned by Run's goroutine
	warned  map[screening.Channel]bool // a notice that it needs the owner was given
	boot    bool                       // the next pass is the first since Run began
	sentMem map[routeKey]time.Time     // sent, in case the store could not record it
	passed  func(Status)               // tests: after each pass

	mu     sync.Mutex // guards status
	status Status
}

type routeKey struct {
	id string
	ch screening.Channel
}

// New returns a delivery loop over st (the queue and settings) and rec
// (the recordings); it does no I/O.
func New(st Store, rec Recordings, cfg Config) *Deliverer {
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.New(rand.NewPCG(uint64(cfg.Clock.Now().UnixNano()), 0xde1))
	}
	if cfg.Base <= 0 {
		cfg.Base = 30 * time.Second
	}
	if cfg.Max <= 0 {
		cfg.Max = time.Hour
	}
	if cfg.AttentionTries <= 0 {
		cfg.AttentionTries = 5
	}
	if cfg.EmailTimeout <= 0 {
		cfg.EmailTimeout = 2 * time.Minute
	}
	if cfg.PushTimeout <= 0 {
		cfg.PushTimeout = 30 * time.Second
	}
	if cfg.StoreRetry <= 0 {
		cfg.StoreRetry = time.Minute
	}
	return &Deliverer{st: st, rec: rec, cfg: cfg, clock: cfg.Clock, log: cfg.Logger, wake: make(chan struct{}, 1),
		warned: map[screening.Channel]bool{}, sentMem: map[routeKey]time.Time{}}
}

// Poke asks for a pass now: a message was saved, or a setting changed.
// It never blocks.
func (d *Deliverer) Poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Retry makes every waiting or failed delivery due at once, its tries
// counted afresh (the console's delivery retry: the network is back, the
// server's problem fixed). It never blocks; the next pass does it.
func (d *Deliverer) Retry() {
	d.retry.Store(true)
	d.Poke()
}

// Status is what the loop knew at the end of its last pass.
func (d *Deliverer) Status() Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status
}

// Run delivers until ctx ends; it returns nil then. An attempt under way
// is abandoned (its connection closed) and counts as not made.
func (d *Deliverer) Run(ctx context.Context) error {
	loc := d.cfg.Location
	if loc == nil {
		loc = time.Local
	}
	d.email = &emailer{roots: d.cfg.RootCAs, timeout: d.cfg.EmailTimeout, loc: loc}
	d.push = &pusher{roots: d.cfg.RootCAs, timeout: d.cfg.PushTimeout, loc: loc}
	d.boot = true // the first pass tries what waits at once: the box may have been off a while
	for {
		next := d.pass(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var due <-chan time.Time
		var timer clockwork.Timer
		if !next.IsZero() {
			timer = d.clock.NewTimer(max(next.Sub(d.clock.Now()), 0))
			due = timer.Chan()
		}
		select {
		case <-ctx.Done():
		case <-d.wake:
		case <-due:
		}
		if timer != nil {
			timer.Stop()
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// wav is a message's recording as a 16-bit PCM WAV file (what phones and
// mail programs play).
func (d *Deliverer) wav(id string) ([]byte, error) {
	pcm, _, err := d.rec.Audio(id)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := audio.WriteWAV(&b, audio.PCM16, audio.Rate, pcm); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// backoff is the wait after the tries-th failed attempt: Base doubling to
// Max, up to a quarter less at random, at least what the server asked.
func (d *Deliverer) backoff(tries int, atLeast time.Duration) time.Duration {
	w := d.cfg.Base
	for i := 1; i < tries && w < d.cfg.Max; i++ {
		w *= 2
	}
	w = min(w, d.cfg.Max)
	w -= time.Duration(d.cfg.Rand.Int64N(int64(w)/4 + 1))
	return min(max(w, atLeast), d.cfg.Max)
}

func (d *Deliverer) notify(line string) {
	if d.cfg.Notify != nil {
		d.cfg.Notify(line)
	}
}
