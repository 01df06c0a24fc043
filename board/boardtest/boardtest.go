package boardtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"secretary/hal"
)

// Observed is what the world sees of the box.
type Observed struct {
	Relay        hal.RelayState // the physical contact
	Ringing      bool           // ring voltage on the handset
	RingHz       int            // measured ring frequency of the last burst
	RingBursts   int            // ring bursts so far
	LED          string         // "off", "on", "blink N", "fault"
	ModemOffHook bool           // the modem holds the line
	HandsetCID   string         // caller ID shown on the handset's display ("" if none/unknown)
}

// Harness acts on and observes the world around the board under test.
type Harness interface {
	// Open opens the board (a fresh hal.Devices each call).
	Open(ctx context.Context) (*hal.Devices, error)
	Observe(ctx context.Context) (Observed, error)
	PickUp(ctx context.Context) error
	HangUp(ctx context.Context) error
	// Keys presses keys on the lifted handset.
	Keys(ctx context.Context, digits string) error
	// Button presses the box's button, short or long.
	Button(ctx context.Context, long bool) error
	// Call makes a caller ring the line with caller ID number and name.
	Call(ctx context.Context, number, name string) error
	// CallerHangUp ends the caller's side of the call.
	CallerHangUp(ctx context.Context) error
}

// Run runs the conformance suite. It opens the board once per part.
func Run(t *testing.T, h Harness) {
	t.Run("Caps", func(t *testing.T) { testCaps(t, h) })
	t.Run("Relay", func(t *testing.T) { withCap(t, h, hal.CapRelay, testRelay) })
	t.Run("RingStopsOnPickUp", func(t *testing.T) { withCap(t, h, hal.CapHandset, testRing) })
	t.Run("HookFlash", func(t *testing.T) { withCap(t, h, hal.CapHandset, testFlash) })
	t.Run("HandsetKeys", func(t *testing.T) { withCap(t, h, hal.CapHandsetAudio, testKeys) })
	t.Run("LED", func(t *testing.T) { withCap(t, h, hal.CapLED, testLED) })
	t.Run("Button", func(t *testing.T) { withCap(t, h, hal.CapButton, testButton) })
	t.Run("Watchdog", func(t *testing.T) { withCap(t, h, hal.CapWatchdog, testWatchdog) })
	t.Run("LineEvents", func(t *testing.T) { withCap(t, h, hal.CapLine, testLine) })
	t.Run("CloseIsFailSafe", func(t *testing.T) { testClose(t, h) })
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func open(t *testing.T, h Harness) *hal.Devices {
	t.Helper()
	d, err := h.Open(ctxT(t, 30*time.Second))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func withCap(t *testing.T, h Harness, c hal.Caps, f func(*testing.T, Harness, *hal.Devices)) {
	d := open(t, h)
	if !d.Caps.Has(c) {
		t.Skipf("board has no %v", c)
	}
	f(t, h, d)
}

// eventually polls cond until it holds or d passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	end := time.Now().Add(d)
	var last string
	for {
		ok, s := cond()
		if ok {
			return
		}
		last = s
		if time.Now().After(end) {
			t.Fatalf("%s: not within %v (last seen: %s)", what, d, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func observe(t *testing.T, h Harness) Observed {
	t.Helper()
	o, err := h.Observe(ctxT(t, 5*time.Second))
	if err != nil {
		t.Fatalf("Observe: %v", err)
	}
	return o
}

func testCaps(t *testing.T, h Harness) {
	d := open(t, h)
	for _, c := range []struct {
		cap hal.Caps
		set bool
	}{
		{hal.CapLine, d.Line != nil}, {hal.CapRelay, d.Relay != nil}, {hal.CapHandset, d.Handset != nil},
		{hal.CapLED, d.Indicator != nil}, {hal.CapButton, d.Button != nil}, {hal.CapWatchdog, d.Watchdog != nil},
	} {
		if d.Caps.Has(c.cap) != c.set {
			t.Errorf("Caps %v says %v=%v but the part is set=%v", d.Caps, c.cap, d.Caps.Has(c.cap), c.set)
		}
	}
	if d.Caps.Has(hal.CapHandsetAudio) && !d.Caps.Has(hal.CapHandset) {
		t.Error("handset audio without a handset")
	}
}

func testRelay(t *testing.T, h Harness, d *hal.Devices) {
	if d.Relay.State() != hal.RelayPassThrough || observe(t, h).Relay != hal.RelayPassThrough {
		t.Fatal("relay not in pass-through after Open")
	}
	for _, s := range []hal.RelayState{hal.RelayIsolated, hal.RelayPassThrough, hal.RelayIsolated} {
		if err := d.Relay.Set(s); err != nil {
			t.Fatal(err)
		}
		if d.Relay.State() != s {
			t.Fatalf("State() = %v after Set(%v)", d.Relay.State(), s)
		}
		eventually(t, 2*time.Second, "relay contact "+s.String(), func() (bool, string) {
			o := observe(t, h)
			return o.Relay == s, o.Relay.String()
		})
	}
}

func nextHandset(t *testing.T, d *hal.Devices, within time.Duration, want hal.HandsetEventKind) hal.HandsetEvent {
	t.Helper()
	tm := time.After(within)
	for {
		select {
		case e, ok := <-d.Handset.Events():
			if !ok {
				t.Fatal("handset events closed")
			}
			if e.Kind == want {
				return e
			}
			t.Logf("handset event %v while waiting for %v", e.Kind, want)
		case <-tm:
			t.Fatalf("no %v within %v", want, within)
		}
	}
}

func testRing(t *testing.T, h Harness, d *hal.Devices) {
	if err := d.Relay.Set(hal.RelayIsolated); err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t, 30*time.Second)
	errc := make(chan error, 1)
	cid := &hal.CallerID{Number: "2125550143", Name: "HUDSON DENTAL", Date: "1122", Time: "0915", Presentation: hal.PresentationAvailable}
	go func() { errc <- d.Handset.Ring(ctx, hal.RingNorthAmerica, cid) }()
	eventually(t, 3*time.Second, "ringing", func() (bool, string) {
		o := observe(t, h)
		return o.Ringing, "not ringing"
	})
	// Wait through the first silence so caller ID has gone out.
	eventually(t, 8*time.Second, "second ring burst", func() (bool, string) {
		o := observe(t, h)
		return o.RingBursts >= 2 && o.Ringing, "bursts " + itoa(o.RingBursts)
	})
	o := observe(t, h)
	if o.RingHz < 18 || o.RingHz > 27 {
		t.Errorf("ring frequency %d Hz, want 20 or 25", o.RingHz)
	}
	if d.Caps.Has(hal.CapHandsetAudio) && !strings.Contains(o.HandsetCID, "2125550143") {
		t.Errorf("handset display shows %q, want the caller's number", o.HandsetCID)
	}
	if err := h.PickUp(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("Ring = %v, want nil on pick-up", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Ring did not return within 2 s of pick-up")
	}
	nextHandset(t, d, time.Second, hal.HandsetOffHook)
	if !d.Handset.OffHook() {
		t.Error("OffHook() false after pick-up")
	}
	eventually(t, time.Second, "ringing stopped", func() (bool, string) { return !observe(t, h).Ringing, "still ringing" })
	if err := h.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
	nextHandset(t, d, 3*time.Second, hal.HandsetOnHook)
	// Ringing ends with the context too.
	rctx, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
	defer cancel()
	if err := d.Handset.Ring(rctx, hal.RingUK, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Ring until ctx ends = %v", err)
	}
	eventually(t, time.Second, "ringing stopped", func() (bool, string) { return !observe(t, h).Ringing, "still ringing" })
}

func testFlash(t *testing.T, h Harness, d *hal.Devices) {
	_ = d.Relay.Set(hal.RelayIsolated)
	ctx := ctxT(t, 20*time.Second)
	if err := h.PickUp(ctx); err != nil {
		t.Fatal(err)
	}
	nextHandset(t, d, 2*time.Second, hal.HandsetOffHook)
	if err := h.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := h.PickUp(ctx); err != nil {
		t.Fatal(err)
	}
	nextHandset(t, d, 2*time.Second, hal.HandsetFlash)
	if !d.Handset.OffHook() {
		t.Error("a flash left the handset on-hook")
	}
	_ = h.HangUp(ctx)
	nextHandset(t, d, 3*time.Second, hal.HandsetOnHook)
}

func testKeys(t *testing.T, h Harness, d *hal.Devices) {
	_ = d.Relay.Set(hal.RelayIsolated)
	ctx := ctxT(t, 20*time.Second)
	if err := h.PickUp(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.HangUp(ctx)
	nextHandset(t, d, 2*time.Second, hal.HandsetOffHook)
	if err := h.Keys(ctx, "14#"); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for len(got) < 3 {
		got = append(got, nextHandset(t, d, 3*time.Second, hal.HandsetDigit).Digit)
	}
	if string(got) != "14#" {
		t.Fatalf("handset digits %q, want 14#", got)
	}
	// Earpiece audio plays in real time.
	start := time.Now()
	if err := d.Handset.Play(ctx, make([]int16, 4000)); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 400*time.Millisecond {
		t.Errorf("0.5 s of audio played in %v", el)
	}
}

func testLED(t *testing.T, h Harness, d *hal.Devices) {
	for _, tc := range []struct {
		p    hal.LEDPattern
		want string
		wait time.Duration
	}{
		{hal.LEDPattern{Mode: hal.LEDOn}, "on", 2500 * time.Millisecond},
		{hal.LEDPattern{Mode: hal.LEDBlink, Count: 2}, "blink 2", 6 * time.Second},
		{hal.LEDPattern{Mode: hal.LEDFault}, "fault", 3 * time.Second},
		{hal.LEDPattern{Mode: hal.LEDOff}, "off", 2500 * time.Millisecond},
	} {
		if err := d.Indicator.Set(tc.p); err != nil {
			t.Fatal(err)
		}
		eventually(t, tc.wait, "LED "+tc.want, func() (bool, string) {
			o := observe(t, h)
			return o.LED == tc.want, o.LED
		})
	}
}

func testButton(t *testing.T, h Harness, d *hal.Devices) {
	ctx := ctxT(t, 20*time.Second)
	for _, long := range []bool{false, true} {
		want := hal.ButtonShort
		if long {
			want = hal.ButtonLong
		}
		if err := h.Button(ctx, long); err != nil {
			t.Fatal(err)
		}
		select {
		case e := <-d.Button.Events():
			if e.Kind != want {
				t.Fatalf("button event %v, want %v", e.Kind, want)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("no %v press", want)
		}
	}
}

func testWatchdog(t *testing.T, h Harness, d *hal.Devices) {
	for i := 0; i < 3; i++ {
		if err := d.Watchdog.Feed(); err != nil {
			t.Fatal(err)
		}
	}
}

func nextLine(t *testing.T, d *hal.Devices, within time.Duration, want hal.LineEventKind) hal.LineEvent {
	t.Helper()
	tm := time.After(within)
	for {
		select {
		case e, ok := <-d.Line.Events():
			if !ok {
				t.Fatal("line events closed")
			}
			if e.Kind == want {
				return e
			}
		case <-tm:
			t.Fatalf("no line %v within %v", want, within)
		}
	}
}

func testLine(t *testing.T, h Harness, d *hal.Devices) {
	ctx := ctxT(t, 40*time.Second)
	if err := h.Call(ctx, "2125550143", "HUDSON DENTAL"); err != nil {
		t.Fatal(err)
	}
	defer h.CallerHangUp(ctx)
	r := nextLine(t, d, 10*time.Second, hal.LineRing)
	if r.Ring != 1 {
		t.Errorf("first ring count %d", r.Ring)
	}
	c := nextLine(t, d, 10*time.Second, hal.LineCallerID)
	if c.CallerID.Number != "2125550143" {
		t.Errorf("caller ID number %q", c.CallerID.Number)
	}
	if err := d.Line.Answer(ctx); err != nil {
		t.Fatalf("Answer: %v", err)
	}
	eventually(t, 3*time.Second, "modem off-hook", func() (bool, string) { return observe(t, h).ModemOffHook, "on-hook" })
	if err := d.Line.Play(ctx, make([]int16, 1600)); err != nil {
		t.Fatalf("Play: %v", err)
	}
	if err := d.Line.HangUp(ctx); err != nil {
		t.Fatalf("HangUp: %v", err)
	}
	eventually(t, 3*time.Second, "modem on-hook", func() (bool, string) { return !observe(t, h).ModemOffHook, "off-hook" })
}

func testClose(t *testing.T, h Harness) {
	d, err := h.Open(ctxT(t, 30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if d.Relay != nil {
		_ = d.Relay.Set(hal.RelayIsolated)
	}
	if d.Line != nil {
		if err := h.Call(ctxT(t, 5*time.Second), "5551234", "CLOSE TEST"); err == nil {
			defer h.CallerHangUp(context.Background())
			nextLine(t, d, 10*time.Second, hal.LineRing)
			_ = d.Line.Answer(ctxT(t, 10*time.Second))
		}
	}
	if err := d.Close(); err != nil {
		t.Logf("Close: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	eventually(t, 3*time.Second, "fail-safe after Close", func() (bool, string) {
		o := observe(t, h)
		return o.Relay == hal.RelayPassThrough && !o.ModemOffHook && !o.Ringing,
			"relay " + o.Relay.String() + " modem off-hook " + map[bool]string{true: "yes", false: "no"}[o.ModemOffHook]
	})
	if d.Relay != nil {
		if err := d.Relay.Set(hal.RelayIsolated); !errors.Is(err, hal.ErrClosed) {
			t.Errorf("Relay.Set after Close = %v, want ErrClosed", err)
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
