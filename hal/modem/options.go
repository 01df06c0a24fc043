package modem

import (
	"log/slog"
	"time"

	"github.com/jonboulle/clockwork"
)

// Option changes driver behaviour; see the With... functions for defaults.
type Option func(*options)

type options struct {
	log          *slog.Logger
	clock        clockwork.Clock
	cmdTimeout   time.Duration
	resetTimeout time.Duration
	ringGap      time.Duration
	ringDebounce time.Duration
	cidQuiet     time.Duration
	playLead     time.Duration
	guard        time.Duration
	cidMode      int
	maxTimeouts  int
	codec        Codec
	backoffMin   time.Duration
	backoffMax   time.Duration
	health       time.Duration
	queue        *eventQueue // set by Supervisor: events go to its queue
}

func defaultOptions() options {
	return options{cmdTimeout: 2 * time.Second, resetTimeout: 3 * time.Second, ringGap: 8 * time.Second,
		ringDebounce: 250 * time.Millisecond, cidQuiet: 300 * time.Millisecond, playLead: 200 * time.Millisecond,
		guard: 1100 * time.Millisecond, cidMode: 1, maxTimeouts: 2, backoffMin: 250 * time.Millisecond,
		backoffMax: 10 * time.Second, health: time.Minute}
}

func buildOptions(opts []Option) options {
	o := defaultOptions()
	for _, f := range opts {
		f(&o)
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	if o.clock == nil {
		o.clock = clockwork.NewRealClock()
	}
	return o
}

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithClock sets the clock for timeouts, ring gaps and pacing (default real).
func WithClock(c clockwork.Clock) Option { return func(o *options) { o.clock = c } }

// WithCommandTimeout bounds each AT command (default 2 s; ATZ gets 3 s).
func WithCommandTimeout(d time.Duration) Option { return func(o *options) { o.cmdTimeout = d } }

// WithRingGap is the silence after which the next ring starts a new call
// (default 8 s: longer than any standard off period of 4 s). A caller ID
// within 5/8 of it after a ring belongs with that ring.
func WithRingGap(d time.Duration) Option { return func(o *options) { o.ringGap = d } }

// WithRingDebounce: rings reported closer together than d are one ring
// (default 250 ms; the shortest gap between ring bursts of any standard
// cadence is 0.2 s of silence after a 0.4 s burst). 0 counts every report.
func WithRingDebounce(d time.Duration) Option { return func(o *options) { o.ringDebounce = d } }

// WithCIDQuiet is how long an incomplete formatted caller-ID block may wait
// for more lines before it is reported (default 300 ms). A block with date,
// time, number and name is reported at once.
func WithCIDQuiet(d time.Duration) Option { return func(o *options) { o.cidQuiet = d } }

// WithEscapeGuard is the guard time around "+++" when Init has to recover a
// modem that does not answer "AT" (default 1.1 s).
func WithEscapeGuard(d time.Duration) Option { return func(o *options) { o.guard = d } }

// WithRawCID asks for unformatted caller ID (AT+VCID=2, raw SDMF/MDMF hex)
// instead of formatted tags (AT+VCID=1, the default).
func WithRawCID() Option { return func(o *options) { o.cidMode = 2 } }

// WithCodec forces a codec instead of choosing from AT+VSM=?.
func WithCodec(c Codec) Option { return func(o *options) { o.codec = c } }

// WithBackoff sets the reopen backoff of a Supervisor: it starts at min and
// doubles up to max (defaults 250 ms and 10 s).
func WithBackoff(min, max time.Duration) Option {
	return func(o *options) { o.backoffMin, o.backoffMax = min, max }
}

// WithHealthCheck sets how often a Supervisor sends "AT" to a modem that
// has been idle that long, to notice one that stopped answering (default
// 1 min; 0 disables). An idle box wakes for nothing else.
func WithHealthCheck(d time.Duration) Option { return func(o *options) { o.health = d } }

// withQueue sends the modem's events to q (a Supervisor's), without its
// own LineUp and LineDown: the supervisor reports those.
func withQueue(q *eventQueue) Option { return func(o *options) { o.queue = q } }
