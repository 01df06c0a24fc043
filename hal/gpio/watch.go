package gpio

import (
	"time"

	"periph.io/x/conn/v3/gpio"
)

// DefaultEdgeWait is the longest single WaitForEdge of an input part (the
// button, the SLIC's hook). An idle box is woken by nothing but edges: the
// wait ends early only for an edge or for the pin's Halt, which Close uses.
//
// It is a long timeout rather than "none" because periph's drivers disagree
// on how to say none: the contract is -1, which gpiotest and sysfs honour,
// but gpioioctl (the Pi's driver, periph.io/x/host/v3 v3.8.5) takes 0 for
// "forever" and returns at once for -1. A minute is both drivers'
// "forever" for an idle box (one wake-up per pin a minute), and bounds Close
// on a pin whose Halt does not interrupt WaitForEdge (gpiotest, sysfs).
const DefaultEdgeWait = time.Minute

// haltRetry: how often Close repeats Halt until the watcher has returned.
// gpioioctl's Halt only cuts a read already in progress (it sets a read
// deadline in the past, which the next WaitForEdge replaces), so a Halt
// that lands just before the watcher enters WaitForEdge is lost.
const haltRetry = 10 * time.Millisecond

// edgeWatch forwards a pin's level after each edge to out, in its own
// goroutine, until stop.
type edgeWatch struct {
	pin  gpio.PinIn
	quit chan struct{} // closed by stop
	done chan struct{} // closed when the goroutine returns
}

// watchEdges starts watching pin; each WaitForEdge lasts at most wait.
// The caller owns the watch and must stop it.
func watchEdges(pin gpio.PinIn, wait time.Duration, out chan<- gpio.Level) *edgeWatch {
	w := &edgeWatch{pin: pin, quit: make(chan struct{}), done: make(chan struct{})}
	go w.run(wait, out)
	return w
}

func (w *edgeWatch) run(wait time.Duration, out chan<- gpio.Level) {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			return
		default:
		}
		if !w.pin.WaitForEdge(wait) {
			continue // timed out, or halted: check quit
		}
		l := w.pin.Read()
		select {
		case out <- l:
		case <-w.quit:
			return
		}
	}
}

// stop ends the watch and returns once its goroutine has: it halts the pin
// (interrupting a WaitForEdge in progress) until the goroutine notices.
// Each part calls it once, from Close.
func (w *edgeWatch) stop() {
	close(w.quit)
	t := time.NewTicker(haltRetry)
	defer t.Stop()
	for {
		_ = w.pin.Halt()
		select {
		case <-w.done:
			return
		case <-t.C:
		}
	}
}
