package gpio

import (
	"time"

	"periph.io/x/conn/v3/gpio"
)

// watchEdges forwards the pin's level after each edge to out until done is
// closed. WaitForEdge blocks at most poll, so Close is noticed within poll.
// It runs in its own goroutine, owned by the part that started it.
func watchEdges(pin gpio.PinIn, poll time.Duration, done <-chan struct{}, out chan<- gpio.Level) {
	for {
		select {
		case <-done:
			return
		default:
		}
		if !pin.WaitForEdge(poll) {
			continue
		}
		l := pin.Read()
		select {
		case out <- l:
		case <-done:
			return
		}
	}
}
