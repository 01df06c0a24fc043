package wdog

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mdlayher/watchdog"

	"secretary/hal"
)

// ErrClosed is hal.ErrClosed: Feed after Close.
var ErrClosed = hal.ErrClosed

// Device is what a watchdog device does (*watchdog.Device satisfies it).
type Device interface {
	Ping() error
	Timeout() (time.Duration, error)
	Close() error
}

// Watchdog implements hal.Watchdog on a Device.
type Watchdog struct {
	mu     sync.Mutex
	dev    Device
	closed bool
}

var _ hal.Watchdog = (*Watchdog)(nil)

// New wraps an open device.
func New(dev Device) *Watchdog { return &Watchdog{dev: dev} }

// Open opens and thereby arms /dev/watchdog.
func Open() (*Watchdog, error) {
	d, err := watchdog.Open()
	if err != nil {
		return nil, fmt.Errorf("wdog: open /dev/watchdog: %w", err)
	}
	return New(d), nil
}

// Feed pets the watchdog.
func (w *Watchdog) Feed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	if err := w.dev.Ping(); err != nil {
		return fmt.Errorf("wdog: feed: %w", err)
	}
	return nil
}

// Timeout is the device's reboot timeout: feed well within it.
func (w *Watchdog) Timeout() (time.Duration, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, ErrClosed
	}
	return w.dev.Timeout()
}

// Close disarms the watchdog (magic close). Idempotent.
func (w *Watchdog) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if err := w.dev.Close(); err != nil {
		return errors.Join(errors.New("wdog: magic close failed, the box may reboot"), err)
	}
	return nil
}
