package sim

import (
	"testing"
	"time"

	"periph.io/x/conn/v3/gpio"
)

func waitEdge(p *remotePin, d time.Duration) <-chan bool {
	r := make(chan bool, 1)
	go func() { r <- p.WaitForEdge(d) }()
	return r
}

func result(t *testing.T, r <-chan bool, within time.Duration) (bool, bool) {
	t.Helper()
	select {
	case v := <-r:
		return v, true
	case <-time.After(within):
		return false, false
	}
}

// WaitForEdge(-1) sleeps until an edge or Halt (no polling), and a pin
// whose connection is gone does not let a caller's loop spin.
func TestRemotePin_WaitForEdgeAndHalt(t *testing.T) {
	c := &client{done: make(chan struct{})}
	p := &remotePin{c: c, name: PinSHK, num: 3, edges: make(chan gpio.Level, 16), halt: make(chan struct{}, 1)}
	r := waitEdge(p, -1)
	if _, done := result(t, r, 100*time.Millisecond); done {
		t.Fatal("WaitForEdge(-1) returned without an edge")
	}
	p.edge(gpio.High)
	if v, done := result(t, r, time.Second); !done || !v {
		t.Fatalf("edge: %v %v", v, done)
	}
	if p.Read() != gpio.High {
		t.Error("level not updated by the edge")
	}
	r = waitEdge(p, -1)
	time.Sleep(20 * time.Millisecond)
	p.Halt()
	if v, done := result(t, r, time.Second); !done || v {
		t.Fatalf("Halt: %v %v", v, done)
	}
	if v := p.WaitForEdge(20 * time.Millisecond); v {
		t.Error("timeout reported as an edge")
	}
	close(c.done) // simhw gone
	r = waitEdge(p, -1)
	if _, done := result(t, r, 100*time.Millisecond); done {
		t.Fatal("WaitForEdge(-1) on a dead connection returned at once (a caller's loop would spin)")
	}
	p.Halt()
	if v, done := result(t, r, time.Second); !done || v {
		t.Fatalf("Halt after the connection ended: %v %v", v, done)
	}
}
