package gpio

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"periph.io/x/conn/v3/gpio"

	"secretary/hal"
)

type slicRig struct {
	fc     clockwork.FakeClock
	rm, fr *recPin
	shk    *edgePin
	audio  *fakeAudio
	h      *Handset
}

func newSLIC(t *testing.T, mod func(*SLICConfig)) *slicRig {
	t.Helper()
	fc := clockwork.NewFakeClockAt(t0)
	r := &slicRig{fc: fc, rm: newRecPin("RM", fc), fr: newRecPin("FR", fc),
		shk: inPin("SHK", gpio.Low), audio: &fakeAudio{clk: fc, mic: make(chan []int16)}}
	cfg := SLICConfig{RM: r.rm, FR: r.fr, SHK: r.shk, Audio: r.audio, Clock: fc,
		CIDSamples: func(*hal.CallerID) []int16 { return make([]int16, 8000*3/4) }} // 750 ms of FSK
	if mod != nil {
		mod(&cfg)
	}
	r.h = NewHandset(cfg)
	if err := r.h.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.h.Close() })
	return r
}

// lift drives SHK and waits until the hook loop has taken the edge.
func (r *slicRig) lift(t *testing.T, off bool) {
	t.Helper()
	n := r.h.rawCount.Load()
	r.shk.EdgesChan <- gpio.Level(off)
	deadline := time.Now().Add(5 * time.Second)
	for r.h.rawCount.Load() == n {
		if time.Now().After(deadline) {
			t.Fatal("hook loop did not take the edge")
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func cycleLen(c []time.Duration) time.Duration {
	var s time.Duration
	for _, d := range c {
		s += d
	}
	return s
}

// TestHandset_RingCadence rings two full cycles of every pattern and checks
// every RM on/off duration against hal.RingPattern.Cadence() within ±5 ms,
// and that F/R toggles at the ring frequency inside each burst only.
func TestHandset_RingCadence(t *testing.T) {
	pats := []hal.RingPattern{hal.RingNorthAmerica, hal.RingUK, hal.RingDR2, hal.RingDR3, hal.RingDR4}
	for _, hz := range []int{20, 25} {
		for _, p := range pats {
			if hz == 25 && p != hal.RingNorthAmerica && p != hal.RingUK {
				continue
			}
			t.Run(p.String()+"/"+map[int]string{20: "20Hz", 25: "25Hz"}[hz], func(t *testing.T) {
				r := newSLIC(t, func(c *SLICConfig) { c.RingHz = hz })
				ctx, cancel := context.WithCancel(context.Background())
				errc := make(chan error, 1)
				go func() { errc <- r.h.Ring(ctx, p, nil) }()
				cad := p.Cadence()
				step(t, r.fc, t0.Add(2*cycleLen(cad)+10*time.Millisecond), 1)
				cancel()
				if err := <-errc; !errors.Is(err, context.Canceled) {
					t.Fatalf("Ring = %v, want context.Canceled", err)
				}
				ed := r.rm.edges()
				if len(ed) < 2*len(cad) {
					t.Fatalf("RM changed %d times, want >= %d", len(ed), 2*len(cad))
				}
				if ed[0].l != gpio.High || !within(ed[0].at.Sub(t0), 0, 5*time.Millisecond) {
					t.Fatalf("first burst starts at +%v level %v", ed[0].at.Sub(t0), ed[0].l)
				}
				for i := 0; i < 2*len(cad); i++ {
					d := ed[i+1].at.Sub(ed[i].at)
					if i+1 == len(ed)-1 && i == 2*len(cad)-1 {
						break // the cancel cuts the last segment
					}
					if want := cad[i%len(cad)]; !within(d, want, 5*time.Millisecond) {
						t.Errorf("segment %d (%v): %v, want %v ±5ms", i, ed[i].l, d, want)
					}
				}
				// F/R toggles only while RM is high, every half period.
				half := time.Second / time.Duration(2*hz)
				fr := r.fr.edges()
				for i := 0; i+1 < len(ed); i += 2 {
					on, off := ed[i].at, ed[i+1].at
					n := 0
					var prev time.Time
					for _, c := range fr {
						if c.at.Before(on) || !c.at.Before(off) {
							continue
						}
						if n > 0 && !within(c.at.Sub(prev), half, time.Millisecond) {
							t.Fatalf("F/R toggle gap %v, want %v", c.at.Sub(prev), half)
						}
						prev = c.at
						n++
					}
					if want := int(off.Sub(on) / half); n < want-1 || n > want+1 {
						t.Errorf("burst %d: %d F/R changes, want %d", i/2, n, want)
					}
				}
				if r.rm.Read() != gpio.Low || r.fr.Read() != gpio.Low {
					t.Error("SLIC not idle after Ring returned")
				}
			})
		}
	}
}

// TestHandset_CallerIDInSilence checks the FSK goes out CIDDelay after the
// first burst, and fits in the silent interval (before the next burst).
func TestHandset_CallerIDInSilence(t *testing.T) {
	for _, p := range []hal.RingPattern{hal.RingNorthAmerica, hal.RingUK, hal.RingDR3} {
		t.Run(p.String(), func(t *testing.T) {
			r := newSLIC(t, nil)
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() { errc <- r.h.Ring(ctx, p, &hal.CallerID{Number: "5551234"}) }()
			cad := p.Cadence()
			step(t, r.fc, t0.Add(cycleLen(cad)+100*time.Millisecond), 1)
			cancel()
			<-errc
			plays := r.audio.recorded()
			if len(plays) != 1 {
				t.Fatalf("%d caller ID transmissions, want 1", len(plays))
			}
			// The long silence: the first off segment long enough for it.
			var silStart, silEnd time.Duration
			var off time.Duration
			for i, d := range cad {
				if i%2 == 1 && d >= 500*time.Millisecond+750*time.Millisecond+200*time.Millisecond && silEnd == 0 {
					silStart, silEnd = off, off+d
				}
				off += d
			}
			start := plays[0].at.Sub(t0)
			end := start + time.Duration(plays[0].n)*time.Second/8000
			if !within(start, silStart+500*time.Millisecond, 5*time.Millisecond) {
				t.Errorf("caller ID starts at +%v, want %v after the burst ending at +%v", start, 500*time.Millisecond, silStart)
			}
			if end > silEnd-200*time.Millisecond {
				t.Errorf("caller ID ends at +%v, next burst at +%v", end, silEnd)
			}
			// RM was low the whole time (on-hook transmission).
			for _, c := range r.rm.edges() {
				if c.l == gpio.High && c.at.Sub(t0) > start && c.at.Sub(t0) < end {
					t.Errorf("ring burst during caller ID at +%v", c.at.Sub(t0))
				}
			}
		})
	}
}

func TestHandset_NoCIDWithoutAudio(t *testing.T) {
	r := newSLIC(t, func(c *SLICConfig) { c.Audio = nil })
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- r.h.Ring(ctx, hal.RingNorthAmerica, &hal.CallerID{Number: "1"}) }()
	step(t, r.fc, t0.Add(6100*time.Millisecond), 1)
	cancel()
	<-errc
	if len(r.audio.recorded()) != 0 {
		t.Fatal("caller ID sent without a codec")
	}
	if err := r.h.Play(context.Background(), []int16{1}); !errors.Is(err, hal.ErrNotSupported) {
		t.Fatalf("Play without codec = %v", err)
	}
}

// TestHandset_RingTrip: a 40 ms SHK pulse during a burst (ring-trip
// transient) neither stops the ring nor reports off-hook; a real pick-up
// stops the ring after RingTrip (150 ms) and reports off-hook once.
func TestHandset_RingTrip(t *testing.T) {
	r := newSLIC(t, nil)
	ev := r.h.Events()
	errc := make(chan error, 1)
	go func() { errc <- r.h.Ring(context.Background(), hal.RingNorthAmerica, nil) }()
	step(t, r.fc, t0.Add(500*time.Millisecond), 1)
	r.lift(t, true)
	step(t, r.fc, t0.Add(540*time.Millisecond), 1)
	r.lift(t, false)
	step(t, r.fc, t0.Add(1000*time.Millisecond), 1)
	noHandsetEvent(t, ev)
	if r.h.OffHook() {
		t.Fatal("transient reported as off-hook")
	}
	r.lift(t, true)
	pick := r.fc.Now()
	// Advance the fake clock to the debounce deadline; past it, give the
	// hook loop real time to take the off-hook before advancing further,
	// so a busy machine cannot run the fake clock away from it.
	for !r.h.OffHook() {
		if r.fc.Now().Sub(pick) >= 150*time.Millisecond {
			deadline := time.Now().Add(5 * time.Second)
			for !r.h.OffHook() && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if !r.h.OffHook() {
				t.Fatalf("no off-hook %v after pick-up", r.fc.Now().Sub(pick))
			}
			break
		}
		step(t, r.fc, r.fc.Now().Add(time.Millisecond), 1)
	}
	select {
	case err := <-errc: // Ring stops on the hook change, with no clock needed
		if err != nil {
			t.Fatalf("Ring = %v, want nil on pick-up", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Ring did not stop after pick-up")
	}
	e := nextHandsetEvent(t, ev)
	if e.Kind != hal.HandsetOffHook {
		t.Fatalf("event %v, want off-hook", e.Kind)
	}
	if d := e.At.Sub(pick); !within(d, 150*time.Millisecond, 5*time.Millisecond) {
		t.Fatalf("off-hook reported %v after pick-up, want 150ms", d)
	}
	if r.rm.Read() != gpio.Low {
		t.Fatal("still ringing after pick-up")
	}
}

func TestHandset_RingWhenOffHook(t *testing.T) {
	r := newSLIC(t, nil)
	r.lift(t, true)
	r.fc.BlockUntil(1)
	r.fc.Advance(50 * time.Millisecond)
	if e := nextHandsetEvent(t, r.h.Events()); e.Kind != hal.HandsetOffHook {
		t.Fatalf("event %v", e.Kind)
	}
	if err := r.h.Ring(context.Background(), hal.RingNorthAmerica, nil); err != nil {
		t.Fatalf("Ring while off-hook = %v, want nil at once", err)
	}
	if len(r.rm.edges()) != 0 {
		t.Fatal("rang an off-hook handset")
	}
}

// TestHandset_DebounceAndFlash drives SHK edges on the fake clock.
func TestHandset_DebounceAndFlash(t *testing.T) {
	type edge struct {
		at  int // ms
		off bool
	}
	ms := func(v int) time.Duration { return time.Duration(v) * time.Millisecond }
	for _, tc := range []struct {
		name  string
		edges []edge
		until time.Duration
		want  []hal.HandsetEventKind
		at    []time.Duration // when each event is reported
	}{
		{"lift", []edge{{0, true}}, ms(100), []hal.HandsetEventKind{hal.HandsetOffHook}, []time.Duration{ms(30)}},
		{"bounce then lift", []edge{{0, true}, {5, false}, {8, true}, {12, false}, {20, true}}, ms(100),
			[]hal.HandsetEventKind{hal.HandsetOffHook}, []time.Duration{ms(50)}},
		{"glitch", []edge{{0, true}, {20, false}}, ms(200), nil, nil},
		{"hang up", []edge{{0, true}, {100, false}}, ms(1200),
			[]hal.HandsetEventKind{hal.HandsetOffHook, hal.HandsetOnHook}, []time.Duration{ms(30), ms(900)}},
		{"flash", []edge{{0, true}, {100, false}, {400, true}}, ms(1500),
			[]hal.HandsetEventKind{hal.HandsetOffHook, hal.HandsetFlash}, []time.Duration{ms(30), ms(430)}},
		{"too short for a flash", []edge{{0, true}, {100, false}, {150, true}}, ms(1500),
			[]hal.HandsetEventKind{hal.HandsetOffHook}, []time.Duration{ms(30)}},
		{"too long for a flash", []edge{{0, true}, {100, false}, {1000, true}}, ms(1500),
			[]hal.HandsetEventKind{hal.HandsetOffHook, hal.HandsetOnHook, hal.HandsetOffHook}, []time.Duration{ms(30), ms(900), ms(1030)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newSLIC(t, nil)
			for _, e := range tc.edges {
				r.advance(t, t0.Add(ms(e.at)))
				r.lift(t, e.off)
			}
			r.advance(t, t0.Add(tc.until))
			var got []hal.HandsetEvent
			for {
				select {
				case e := <-r.h.Events():
					got = append(got, e)
					continue
				case <-time.After(30 * time.Millisecond):
				}
				break
			}
			if len(got) != len(tc.want) {
				t.Fatalf("events %v, want %v", got, tc.want)
			}
			for i, e := range got {
				if e.Kind != tc.want[i] || !within(e.At.Sub(t0), tc.at[i], 2*time.Millisecond) {
					t.Errorf("event %d: %v at +%v, want %v at +%v", i, e.Kind, e.At.Sub(t0), tc.want[i], tc.at[i])
				}
			}
		})
	}
}

// advance moves the fake clock to end in 1 ms steps, letting the hook
// loop run its timers as they fire.
func (r *slicRig) advance(t *testing.T, end time.Time) {
	t.Helper()
	for r.fc.Now().Before(end) {
		r.fc.Advance(time.Millisecond)
		r.settle()
	}
}

// settle yields so the hook loop usually takes a fired timer at once; a
// late take does not change results (events carry the time their
// condition was met, and Raw runs due timers before a new edge).
func (r *slicRig) settle() {
	time.Sleep(time.Microsecond)
}

func TestHandset_CloseIdempotent(t *testing.T) {
	r := newSLIC(t, nil)
	if err := r.h.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.h.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-r.h.Events(); ok {
		t.Fatal("Events not closed")
	}
	if err := r.h.Ring(context.Background(), hal.RingUK, nil); !errors.Is(err, hal.ErrClosed) {
		t.Fatalf("Ring after Close = %v", err)
	}
	if err := r.h.Play(context.Background(), nil); !errors.Is(err, hal.ErrClosed) {
		t.Fatalf("Play after Close = %v", err)
	}
}
