package delivery

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/firmware/delivery/deliverytest"
	"secretary/firmware/voicemail"
	"secretary/screening"
	"secretary/screening/store"
)

var t0 = time.Date(2026, 11, 23, 15, 14, 0, 0, time.UTC)

// testCert is a certificate for 127.0.0.1 and localhost, and a pool that
// trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	c, pool, err := deliverytest.Cert()
	if err != nil {
		t.Fatal(err)
	}
	return c, pool
}

// newMailServer is a real SMTP server offering STARTTLS on cert and
// wanting AUTH PLAIN as user and pass (over TLS only), stopped at the
// end of the test; start it with startMail.
func newMailServer(t *testing.T, cert tls.Certificate, user, pass string) *deliverytest.MailServer {
	m := &deliverytest.MailServer{Cert: &cert, User: user, Pass: pass}
	t.Cleanup(m.Stop)
	return m
}

func startMail(t *testing.T, m *deliverytest.MailServer, addr string) {
	t.Helper()
	if err := m.Start(addr); err != nil {
		t.Fatal(err)
	}
}

// rig is a delivery loop over a real store and mailbox in a temporary
// directory, on a fake clock.
type rig struct {
	t       *testing.T
	dir     string
	st      *store.Store
	box     *voicemail.Box
	clock   clockwork.FakeClock
	roots   *x509.CertPool
	d       *Deliverer
	passes  chan Status
	notices chan string
	logs    *syncBuf
	timeout time.Duration // of e-mail steps and push requests (default 10 s)
	cancel  context.CancelFunc
	done    chan error
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newRig(t *testing.T, roots *x509.CertPool, settings map[string]string) *rig {
	t.Helper()
	r := &rig{t: t, dir: t.TempDir(), clock: clockwork.NewFakeClockAt(t0), roots: roots, logs: &syncBuf{}}
	r.open()
	for k, v := range settings {
		if err := r.st.SetSetting(k, v); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(r.close)
	return r
}

// open opens the store and mailbox in the rig's directory.
func (r *rig) open() {
	r.t.Helper()
	st, err := store.OpenDir(r.dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		r.t.Fatal(err)
	}
	r.st = st
	r.box = voicemail.New(st, voicemail.Config{Dir: r.dir, Clock: r.clock})
	if err := r.box.Open(); err != nil {
		r.t.Fatal(err)
	}
}

// close stops the loop and closes the store, checking the file.
func (r *rig) close() {
	r.stop()
	if r.st != nil {
		if err := r.st.Check(); err != nil {
			r.t.Error(err)
		}
		r.st.Close()
		r.st = nil
	}
}

// start runs a new delivery loop.
func (r *rig) start() {
	r.t.Helper()
	r.passes = make(chan Status, 100)
	r.notices = make(chan string, 100)
	r.d = New(r.st, r.box, Config{Clock: r.clock, Rand: mrand.New(mrand.NewPCG(1, 2)), RootCAs: r.roots,
		Location: time.UTC, Notify: func(l string) { r.notices <- l },
		Logger:       slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		EmailTimeout: cmp.Or(r.timeout, 10*time.Second), PushTimeout: cmp.Or(r.timeout, 10*time.Second)})
	r.d.passed = func(s Status) { r.passes <- s }
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- r.d.Run(ctx) }()
}

func (r *rig) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			r.t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		r.t.Error("Run did not return after its context ended")
	}
	r.cancel = nil
}

// pass waits for the loop's next pass to end.
func (r *rig) pass() Status {
	r.t.Helper()
	select {
	case s := <-r.passes:
		return s
	case <-time.After(20 * time.Second):
		r.t.Fatal("no delivery pass within 20 s")
	}
	return Status{}
}

// advanceTo moves the fake clock to the next attempt of the queue (after
// the loop set its timer for it) and waits for the pass it starts.
func (r *rig) advanceTo(next time.Time) Status {
	r.t.Helper()
	set := make(chan struct{})
	go func() { r.clock.BlockUntil(1); close(set) }()
	select {
	case <-set:
	case <-time.After(20 * time.Second):
		r.t.Fatal("the loop set no timer for its next attempt")
	}
	r.clock.Advance(next.Sub(r.clock.Now()))
	return r.pass()
}

// later moves the clock on by d and makes the loop look again (a poke:
// with nothing waiting it sets no timer).
func (r *rig) later(d time.Duration) Status {
	r.t.Helper()
	r.clock.Advance(d)
	r.d.Poke()
	return r.pass()
}

// save leaves a message (audio pcm) as the firmware does and pokes the loop.
func (r *rig) save(m screening.Message, pcm []int16) string {
	r.t.Helper()
	id, err := r.box.Save(m, pcm)
	if err != nil {
		r.t.Fatal(err)
	}
	if r.d != nil {
		r.d.Poke()
	}
	return id
}

func (r *rig) delivery(id string) screening.Delivery {
	r.t.Helper()
	ds, err := r.st.Deliveries()
	if err != nil {
		r.t.Fatal(err)
	}
	for _, d := range ds {
		if d.MessageID == id {
			return d
		}
	}
	r.t.Fatalf("no delivery for message %s", id)
	return screening.Delivery{}
}

// drainNotices returns the notices given so far.
func (r *rig) drainNotices() []string {
	var out []string
	for {
		select {
		case n := <-r.notices:
			out = append(out, n)
		default:
			return out
		}
	}
}

// speech is a second of a varying tone: audio whose round trip through
// the WAV attachment can be compared sample by sample.
func speech(seconds float64) []int16 {
	pcm := make([]int16, int(seconds*8000))
	for i := range pcm {
		pcm[i] = int16(6000 * sinApprox(float64(i)*(0.05+float64(i%4000)/400000)))
	}
	return pcm
}

func sinApprox(x float64) float64 {
	// a triangle wave is enough for a test signal
	x = x - 2*float64(int(x/2))
	if x < 0 {
		x += 2
	}
	if x < 1 {
		return 2*x - 1
	}
	return 3 - 2*x
}

func contains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
