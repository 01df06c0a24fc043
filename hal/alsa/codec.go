package alsa

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	galsa "github.com/gen2brain/alsa"
)

// Rate is the rate audio crosses the hal interfaces at.
const Rate = 8000

// PCM is one open stream (a *galsa.PCM satisfies it).
type PCM interface {
	Write(data any) error
	Read(data any) error
	Close() error
}

// Format is how a stream was opened.
type Format struct {
	Rate     int // 8000 or 48000
	Channels int // 1 or 2
}

// OpenFunc opens a stream: capture when in is true.
type OpenFunc func(in bool) (PCM, Format, error)

// Codec plays and records 8 kHz mono on a device. It implements
// hal/gpio.Audio. Play and Record may run at the same time (full duplex);
// concurrent Plays are serialised.
type Codec struct {
	open OpenFunc

	mu     sync.Mutex // serialises Play
	recMu  sync.Mutex // serialises Record
	closed chan struct{}
	once   sync.Once
}

// New returns a codec on device "hw:C,D". It does no I/O: streams are
// opened by Play and Record and closed when they return, so the device is
// free between uses.
func New(device string) (*Codec, error) {
	card, dev, err := parseDevice(device)
	if err != nil {
		return nil, err
	}
	return NewWith(func(in bool) (PCM, Format, error) { return openHW(card, dev, in) }), nil
}

// NewWith returns a codec on streams opened by open (tests, other backends).
func NewWith(open OpenFunc) *Codec {
	return &Codec{open: open, closed: make(chan struct{})}
}

func parseDevice(s string) (uint, uint, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "hw:")
	c, d, ok2 := strings.Cut(rest, ",")
	if !ok || !ok2 {
		return 0, 0, fmt.Errorf("alsa: %q: %w", s, ErrBadDevice)
	}
	card, err1 := strconv.ParseUint(c, 10, 32)
	dev, err2 := strconv.ParseUint(d, 10, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("alsa: %q: %w", s, ErrBadDevice)
	}
	return uint(card), uint(dev), nil
}

// openHW tries 8 kHz mono, then 48 kHz mono, then 48 kHz stereo.
func openHW(card, dev uint, in bool) (PCM, Format, error) {
	flags := galsa.PCM_OUT
	if in {
		flags = galsa.PCM_IN
	}
	var errs []string
	for _, f := range []Format{{8000, 1}, {48000, 1}, {48000, 2}} {
		period := uint32(f.Rate / 50) // 20 ms
		p, err := galsa.PcmOpen(card, dev, flags, &galsa.Config{
			Channels: uint32(f.Channels), Rate: uint32(f.Rate),
			PeriodSize: period, PeriodCount: 4, Format: galsa.PCM_FORMAT_S16_LE,
		})
		if err == nil {
			return p, f, nil
		}
		errs = append(errs, fmt.Sprintf("%d Hz x%d: %v", f.Rate, f.Channels, err))
	}
	return nil, Format{}, fmt.Errorf("alsa: open hw:%d,%d: %s", card, dev, strings.Join(errs, "; "))
}

func (c *Codec) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

// Play writes pcm (8 kHz mono) and returns when the device has taken it
// all, or ctx ends (checked between 20 ms blocks).
func (c *Codec) Play(ctx context.Context, pcm []int16) error {
	if c.isClosed() {
		return ErrClosed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s, f, err := c.open(false)
	if err != nil {
		return err
	}
	defer s.Close()
	for len(pcm) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.isClosed() {
			return ErrClosed
		}
		n := min(len(pcm), Rate/50)
		if err := s.Write(FromRate8k(pcm[:n], f)); err != nil {
			return fmt.Errorf("alsa: play: %w", err)
		}
		pcm = pcm[n:]
	}
	return nil
}

// Record hands 20 ms blocks of 8 kHz mono to sink until it returns false
// or ctx ends.
func (c *Codec) Record(ctx context.Context, sink func(pcm []int16) bool) error {
	if c.isClosed() {
		return ErrClosed
	}
	c.recMu.Lock()
	defer c.recMu.Unlock()
	s, f, err := c.open(true)
	if err != nil {
		return err
	}
	defer s.Close()
	buf := make([]int16, f.Rate/50*f.Channels)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.isClosed() {
			return ErrClosed
		}
		if err := s.Read(buf); err != nil {
			return fmt.Errorf("alsa: record: %w", err)
		}
		if !sink(ToRate8k(buf, f)) {
			return nil
		}
	}
}

// Close makes later calls fail; running Play/Record stop after their
// current block. Idempotent.
func (c *Codec) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

// FromRate8k converts 8 kHz mono to the device format.
func FromRate8k(in []int16, f Format) []int16 {
	up := f.Rate / Rate
	if up <= 1 && f.Channels <= 1 {
		return in
	}
	if up < 1 {
		up = 1
	}
	ch := max(f.Channels, 1)
	out := make([]int16, 0, len(in)*up*ch)
	for i, v := range in {
		next := v
		if i+1 < len(in) {
			next = in[i+1]
		}
		for k := 0; k < up; k++ {
			s := int16(int(v) + (int(next)-int(v))*k/up)
			for c := 0; c < ch; c++ {
				out = append(out, s)
			}
		}
	}
	return out
}

// ToRate8k converts device audio to 8 kHz mono (left channel, boxcar
// average over each group of Rate/8000 frames).
func ToRate8k(in []int16, f Format) []int16 {
	down := f.Rate / Rate
	ch := max(f.Channels, 1)
	if down <= 1 && ch == 1 {
		return append([]int16(nil), in...)
	}
	if down < 1 {
		down = 1
	}
	frames := len(in) / ch
	out := make([]int16, 0, frames/down)
	for i := 0; i+down <= frames; i += down {
		sum := 0
		for k := 0; k < down; k++ {
			sum += int(in[(i+k)*ch])
		}
		out = append(out, int16(sum/down))
	}
	return out
}
