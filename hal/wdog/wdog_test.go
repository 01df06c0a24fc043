package wdog

import (
	"errors"
	"testing"
	"time"
)

type fakeDev struct {
	pings, closes int
	err           error
}

func (f *fakeDev) Ping() error                     { f.pings++; return f.err }
func (f *fakeDev) Timeout() (time.Duration, error) { return 15 * time.Second, nil }
func (f *fakeDev) Close() error                    { f.closes++; return nil }

func TestWatchdog_FeedAndClose(t *testing.T) {
	d := &fakeDev{}
	w := New(d)
	for i := 0; i < 3; i++ {
		if err := w.Feed(); err != nil {
			t.Fatal(err)
		}
	}
	if to, err := w.Timeout(); err != nil || to != 15*time.Second {
		t.Fatalf("Timeout = %v, %v", to, err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if d.pings != 3 || d.closes != 1 {
		t.Fatalf("pings=%d closes=%d, want 3 and 1", d.pings, d.closes)
	}
	if err := w.Feed(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Feed after Close = %v, want ErrClosed", err)
	}
}

func TestWatchdog_FeedError(t *testing.T) {
	d := &fakeDev{err: errors.New("EIO")}
	if err := New(d).Feed(); err == nil || err.Error() != "wdog: feed: EIO" {
		t.Fatalf("Feed = %v", err)
	}
}
