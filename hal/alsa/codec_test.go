package alsa

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
)

type fakePCM struct {
	mu      sync.Mutex
	written []int16
	src     []int16
	closed  bool
}

func (p *fakePCM) Write(data any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.written = append(p.written, data.([]int16)...)
	return nil
}

func (p *fakePCM) Read(data any) error {
	b := data.([]int16)
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.src) < len(b) {
		return errors.New("EOF")
	}
	copy(b, p.src)
	p.src = p.src[len(b):]
	return nil
}

func (p *fakePCM) Close() error { p.closed = true; return nil }

func tone(n, rate int, hz float64) []int16 {
	s := make([]int16, n)
	for i := range s {
		s[i] = int16(8000 * math.Sin(2*math.Pi*hz*float64(i)/float64(rate)))
	}
	return s
}

func TestParseDevice(t *testing.T) {
	for _, tc := range []struct {
		in        string
		card, dev uint
		ok        bool
	}{
		{"hw:1,0", 1, 0, true}, {" hw:0,3 ", 0, 3, true},
		{"plughw:1,0", 0, 0, false}, {"hw:1", 0, 0, false}, {"hw:a,0", 0, 0, false}, {"default", 0, 0, false},
	} {
		c, d, err := parseDevice(tc.in)
		if (err == nil) != tc.ok || c != tc.card || d != tc.dev {
			t.Errorf("parseDevice(%q) = %d,%d,%v", tc.in, c, d, err)
		}
		if err != nil && !errors.Is(err, ErrBadDevice) {
			t.Errorf("error %v is not ErrBadDevice", err)
		}
	}
}

func TestCodec_PlayFormats(t *testing.T) {
	in := tone(800, 8000, 1000) // 100 ms
	for _, f := range []Format{{8000, 1}, {48000, 1}, {48000, 2}} {
		p := &fakePCM{}
		c := NewWith(func(bool) (PCM, Format, error) { return p, f, nil })
		if err := c.Play(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		want := len(in) * f.Rate / 8000 * f.Channels
		if len(p.written) != want {
			t.Errorf("%v: wrote %d samples, want %d", f, len(p.written), want)
		}
		if !p.closed {
			t.Errorf("%v: stream left open", f)
		}
		// Round trip back to 8 kHz keeps the tone's shape (the boxcar
		// delays by 5/12 of a sample when resampling).
		back := ToRate8k(p.written, f)
		frac := 0.0
		if f.Rate != 8000 {
			frac = 5.0 / 12
		}
		var diff float64
		for i := 10; i < len(back)-10; i++ {
			want := float64(in[i]) + (float64(in[i+1])-float64(in[i]))*frac
			diff += math.Abs(float64(back[i]) - want)
		}
		if avg := diff / float64(len(back)-20); avg > 800 {
			t.Errorf("%v: round trip differs by %.0f on average", f, avg)
		}
	}
}

func TestCodec_RecordBlocksAndStop(t *testing.T) {
	f := Format{48000, 2}
	p := &fakePCM{src: FromRate8k(tone(1600, 8000, 697), f)}
	c := NewWith(func(in bool) (PCM, Format, error) {
		if !in {
			t.Error("Record opened a playback stream")
		}
		return p, f, nil
	})
	var got int
	blocks := 0
	err := c.Record(context.Background(), func(pcm []int16) bool {
		got += len(pcm)
		blocks++
		return blocks < 5
	})
	if err != nil || blocks != 5 || got != 5*160 {
		t.Fatalf("Record: err=%v blocks=%d samples=%d, want 5 blocks of 160", err, blocks, got)
	}
	c.Close()
	if err := c.Record(context.Background(), func([]int16) bool { return true }); !errors.Is(err, ErrClosed) {
		t.Fatalf("Record after Close = %v", err)
	}
	if err := c.Play(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Play after Close = %v", err)
	}
}

func TestNew_BadDevice(t *testing.T) {
	if _, err := New("default"); !errors.Is(err, ErrBadDevice) {
		t.Fatalf("New(default) = %v", err)
	}
}
