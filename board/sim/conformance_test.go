package sim_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"secretary/board"
	"secretary/board/boardtest"
	"secretary/board/sim"
	"secretary/hal"
)

// newSim returns a simulated board whose simhw (this test binary) is
// started on first use and stopped at the end of the test.
func newSim(t *testing.T) *sim.Board {
	t.Helper()
	dir, err := os.MkdirTemp("", "simhw")
	if err != nil {
		t.Fatal(err)
	}
	b := sim.New(sim.Config{
		Socket: filepath.Join(dir, "hw.sock"), Exe: os.Args[0], ExeArgs: []string{"simhw"},
		CIDSamples: board.HandsetCID, NewDTMF: board.HandsetDTMF,
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.Quit(ctx)
		time.Sleep(100 * time.Millisecond)
		os.RemoveAll(dir)
	})
	return b
}

type harness struct{ b *sim.Board }

func (h harness) Open(ctx context.Context) (*hal.Devices, error) {
	var d *hal.Devices
	var err error
	// The previous test's firmware connection may still be closing.
	for i := 0; i < 50; i++ {
		if d, err = h.b.Open(ctx); err == nil {
			return d, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil, err
}

func (h harness) Observe(ctx context.Context) (boardtest.Observed, error) {
	s, err := h.b.State(ctx)
	if err != nil {
		return boardtest.Observed{}, err
	}
	relay := hal.RelayPassThrough
	if s.Relay == hal.RelayIsolated.String() {
		relay = hal.RelayIsolated
	}
	return boardtest.Observed{Relay: relay, Ringing: s.Ringing, RingHz: s.RingHz, RingBursts: s.RingBursts,
		LED: s.LED, ModemOffHook: s.ModemOffHook, HandsetCID: s.CIDDisplay}, nil
}

func (h harness) world(ctx context.Context, cmd string) error {
	_, err := h.b.World(ctx, cmd)
	return err
}

func (h harness) PickUp(ctx context.Context) error         { return h.world(ctx, "sim pickup") }
func (h harness) HangUp(ctx context.Context) error         { return h.world(ctx, "sim hangup") }
func (h harness) Keys(ctx context.Context, d string) error { return h.world(ctx, "sim key "+d) }
func (h harness) CallerHangUp(ctx context.Context) error   { return h.world(ctx, "sim caller-hangup") }
func (h harness) Call(ctx context.Context, n, name string) error {
	return h.world(ctx, "sim call "+n+" "+name)
}
func (h harness) Button(ctx context.Context, long bool) error {
	if long {
		return h.world(ctx, "sim button long")
	}
	return h.world(ctx, "sim button short")
}

func TestConformance_Sim(t *testing.T) {
	b := newSim(t)
	h := harness{b}
	// Reset the world's counters before each part.
	boardtest.Run(t, resetting{h})
}

// resetting clears ring counts and heard audio at every Open.
type resetting struct{ harness }

func (r resetting) Open(ctx context.Context) (*hal.Devices, error) {
	d, err := r.harness.Open(ctx)
	if err == nil {
		_ = r.world(ctx, "sim reset")
	}
	return d, err
}
