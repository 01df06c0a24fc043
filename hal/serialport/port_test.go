package serialport_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/creack/pty"

	"secretary/hal/serialport"
)

// newPty returns a pty slave path; the master stays open until cleanup.
func newPty(t *testing.T) (*os.File, string) {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	name := s.Name()
	s.Close()
	t.Cleanup(func() { m.Close() })
	return m, name
}

func TestOpen_SecondOpenerIsRefused(t *testing.T) {
	_, path := newPty(t)
	p1, err := serialport.Open(path, serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := serialport.Open(path, serialport.Config{}); !errors.Is(err, serialport.ErrBusy) {
		t.Fatalf("second open: %v, want ErrBusy", err)
	}
	if err := p1.Close(); err != nil {
		t.Fatal(err)
	}
	p2, err := serialport.Open(path, serialport.Config{})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	p2.Close()
}

func TestPort_ReadWriteAndTimeoutIsNotEOF(t *testing.T) {
	m, path := newPty(t)
	p, err := serialport.Open(path, serialport.Config{Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	go func() {
		time.Sleep(100 * time.Millisecond) // several read timeouts pass first
		m.Write([]byte("OK\r\n"))
	}()
	buf := make([]byte, 16)
	n, err := p.Read(buf)
	if err != nil || string(buf[:n]) != "OK\r\n" {
		t.Fatalf("Read %q %v", buf[:n], err)
	}
	if _, err := p.Write([]byte("AT\r")); err != nil {
		t.Fatal(err)
	}
	n, _ = m.Read(buf)
	if string(buf[:n]) != "AT\r" {
		t.Fatalf("master got %q", buf[:n])
	}
	if err := p.SetDTR(false); err != nil {
		t.Errorf("SetDTR on a pty must be tolerated: %v", err)
	}
}

func TestPort_CloseUnblocksRead(t *testing.T) {
	_, path := newPty(t)
	p, err := serialport.Open(path, serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := p.Read(make([]byte, 8))
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	p.Close()
	select {
	case err := <-done:
		if !errors.Is(err, serialport.ErrClosed) {
			t.Errorf("Read after Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not unblock Read")
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestPort_DeviceGone(t *testing.T) {
	m, path := newPty(t)
	p, err := serialport.Open(path, serialport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	m.Close()
	if _, err := p.Read(make([]byte, 8)); !errors.Is(err, serialport.ErrGone) {
		t.Errorf("Read after unplug: %v, want ErrGone", err)
	}
}
