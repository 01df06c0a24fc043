package sysclock

import (
	"errors"
	"net"
	"testing"
	"time"

	"secretary/hal"
)

// The clock is never set here: that needs CAP_SYS_TIME and would move the
// clock of everything else running on this computer.

func TestClock_SyncWithoutChanges(t *testing.T) {
	c, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := range 3 {
		s, err := c.Sync()
		if err != nil {
			t.Fatal(err)
		}
		if s.SetOutside || s.Step != 0 {
			t.Errorf("look %d: %+v: nobody set the clock", i, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if off := c.wallOffset(); off < -time.Millisecond || off > time.Millisecond {
		t.Errorf("wall minus monotonic moved by %v without a step", off)
	}
}

func TestClock_CloseContract(t *testing.T) {
	c, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if _, err := c.Sync(); !errors.Is(err, hal.ErrClosed) {
		t.Errorf("Sync after Close = %v, want ErrClosed", err)
	}
	if err := c.Set(time.Now()); !errors.Is(err, hal.ErrClosed) {
		t.Errorf("Set after Close = %v, want ErrClosed (and the clock untouched)", err)
	}
}

func TestRoutable(t *testing.T) {
	for _, c := range []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", false}, {"::1", false}, {"169.254.3.4", false}, {"fe80::1", false},
		{"192.168.1.20", true}, {"10.0.0.2", true}, {"2001:db8::5", true}, {"0.0.0.0", false},
	} {
		if got := routable(net.ParseIP(c.ip)); got != c.want {
			t.Errorf("routable(%s) = %v, want %v", c.ip, got, c.want)
		}
	}
}
