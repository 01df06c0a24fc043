package gpio

import (
	"context"
	"fmt"
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/gpio/gpiotest"
)

// inputPart is a part with an edge watcher: the button or the handset.
type inputPart struct {
	name string
	open func(t *testing.T, p *edgePin) (closeFn func() error)
}

var inputParts = []inputPart{
	{"button", func(t *testing.T, p *edgePin) func() error {
		b := NewButton(ButtonConfig{Pin: p})
		if err := b.Init(context.Background()); err != nil {
			t.Fatal(err)
		}
		return b.Close
	}},
	{"handset", func(t *testing.T, p *edgePin) func() error {
		h := NewHandset(SLICConfig{RM: &gpiotest.Pin{N: "RM"}, FR: &gpiotest.Pin{N: "FR"}, SHK: p})
		if err := h.Init(context.Background()); err != nil {
			t.Fatal(err)
		}
		return h.Close
	}},
}

// An idle input part waits in one WaitForEdge, with the long timeout: it
// does not poll.
func TestEdgeWatch_IdleDoesNotPoll(t *testing.T) {
	for _, part := range inputParts {
		t.Run(part.name, func(t *testing.T) {
			p := inPin("IN", gpio.Low)
			closeFn := part.open(t, p)
			defer closeFn()
			untilWaiting(t, p)
			time.Sleep(300 * time.Millisecond)
			p.mu.Lock()
			waits, timeout := p.waits, p.timeout
			p.mu.Unlock()
			if waits != 1 || timeout != DefaultEdgeWait {
				t.Errorf("idle for 300 ms: %d WaitForEdge calls, last with timeout %v; want 1 with %v", waits, timeout, DefaultEdgeWait)
			}
		})
	}
}

// Close returns promptly while the watcher is blocked in a WaitForEdge that
// has no timeout at all: the pin's Halt ends it. Halts that arrive between
// two waits are lost on gpioioctl; Close repeats them until one lands.
func TestEdgeWatch_CloseInterruptsWait(t *testing.T) {
	for _, part := range inputParts {
		for _, lost := range []int{0, 3} {
			t.Run(fmt.Sprintf("%s/%d_halts_lost", part.name, lost), func(t *testing.T) {
				p := inPin("IN", gpio.Low)
				p.noTimeout = true
				p.loseHalts = lost
				closeFn := part.open(t, p)
				untilWaiting(t, p)
				done := make(chan error, 1)
				start := time.Now()
				go func() { done <- closeFn() }()
				select {
				case err := <-done:
					if err != nil {
						t.Fatal(err)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("Close still blocked after 5 s")
				}
				p.mu.Lock()
				halts := p.halts
				p.mu.Unlock()
				if halts < lost+1 {
					t.Errorf("Close returned after %d Halt calls with %d lost: the wait was never interrupted", halts, lost)
				}
				if d := time.Since(start); d > time.Second {
					t.Errorf("Close took %v", d)
				}
				if w, _ := p.waiting(); w {
					t.Error("a WaitForEdge is still in progress after Close")
				}
			})
		}
	}
}

// Edges still arrive through the blocking wait, and the level read after
// each one is what the part sees.
func TestEdgeWatch_ForwardsLevels(t *testing.T) {
	p := inPin("IN", gpio.Low)
	p.noTimeout = true
	out := make(chan gpio.Level)
	w := watchEdges(p, DefaultEdgeWait, out)
	for _, l := range []gpio.Level{gpio.High, gpio.Low, gpio.High} {
		p.EdgesChan <- l
		select {
		case got := <-out:
			if got != l {
				t.Errorf("forwarded %v after an edge to %v", got, l)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("edge not forwarded")
		}
	}
	w.stop()
	select {
	case <-w.done:
	default:
		t.Error("stop returned before the watcher")
	}
}
