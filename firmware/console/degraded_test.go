package console

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/hal"
)

// attention is an Attention the test changes.
type attention struct {
	mu   sync.Mutex
	note string
}

func (a *attention) set(n string) { a.mu.Lock(); a.note = n; a.mu.Unlock() }
func (a *attention) get() string  { a.mu.Lock(); defer a.mu.Unlock(); return a.note }

// Every prompt says what needs the owner, and says nothing once it is
// over; a notice redraws the prompt with the note of that moment.
func TestPrompt_ShowsAttention(t *testing.T) {
	att := &attention{note: "STORE DAMAGED: type help store"}
	c := New(&fakeBackend{}, []Command{{Name: "fix", Usage: "fix", Summary: "mends the store",
		Run: func(context.Context, []string, io.Writer) error { att.set(""); return nil }}}, nil)
	c.Attention = att.get
	if got, want := c.prompt(), "secretary (STORE DAMAGED: type help store)> "; got != want {
		t.Errorf("prompt %q, want %q", got, want)
	}
	in := strings.NewReader("status\rfix\rstatus\rquit\r")
	var out bytes.Buffer
	if err := c.Run(context.Background(), struct {
		io.Reader
		io.Writer
	}{in, &out}, Serial); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, "secretary (STORE DAMAGED: type help store)> "); n != 2 {
		t.Errorf("%d prompts with the note, want 2 (before status and fix):\n%s", n, got)
	}
	if n := strings.Count(got, "secretary> "); n != 2 {
		t.Errorf("%d plain prompts after the fix, want 2:\n%s", n, got)
	}

	// a note with control characters cannot reach the terminal
	att.set("BAD\x1b[2J NOTE")
	if got := c.prompt(); got != "secretary (BAD NOTE)> " {
		t.Errorf("prompt %q", got)
	}
}

// A notice redraws the prompt with the note it brings: the terminal's
// prompt is changed before the notice is written.
func TestNotify_RedrawsThePrompt(t *testing.T) {
	att := &attention{}
	c := New(&fakeBackend{}, nil, nil)
	c.Attention = att.get
	var b bytes.Buffer
	tt := &promptRecorder{w: &b}
	s := c.attach(tt)
	att.set("STORE DAMAGED: type help store")
	c.Notify("STORE DAMAGED: the list database is damaged")
	s.close()
	if tt.prompt != "secretary (STORE DAMAGED: type help store)> " {
		t.Errorf("prompt after the notice %q", tt.prompt)
	}
}

type promptRecorder struct {
	w      io.Writer
	prompt string
}

func (p *promptRecorder) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p *promptRecorder) SetPrompt(s string)          { p.prompt = s }

// In degraded mode status starts with what is wrong and what the box does,
// and a line down says why.
func TestStatus_DegradedAndLineDown(t *testing.T) {
	s := Status{Board: "sim", Caps: hal.CapLine | hal.CapRelay,
		Box: firmware.Status{Phase: call.PhaseLineDown, Relay: hal.RelayPassThrough, LineWhy: firmware.LineWaiting,
			Data: firmware.DataHealth{State: firmware.DataUnavailable, Problem: "The list database /d/secretary.db is damaged (the file is empty)."}},
		SettingsErr: io.ErrUnexpectedEOF}
	got := s.Text()
	for _, w := range []string{
		"DEGRADED MODE: The list database /d/secretary.db is damaged (the file is empty). Until then every call rings through to the phone (help store says more).\n",
		"line DOWN: the modem has not answered since the box started (passing calls through)",
		"settings cannot be read (degraded mode: see the first line)",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("status lacks %q:\n%s", w, got)
		}
	}
	if !strings.HasPrefix(got, "DEGRADED MODE") {
		t.Errorf("degraded mode is not the first line:\n%s", got)
	}
	s.Box.Data = firmware.DataHealth{State: firmware.DataReadOnly, Problem: "Changes to the lists cannot be saved: the file system is read-only (/d)."}
	if got := s.Text(); !strings.Contains(got, "the file system is read-only (/d). Calls are screened with the lists as they are; nothing is saved") {
		t.Errorf("read-only status:\n%s", got)
	}
	s.Box.StoreFailed = 2
	if got := s.Text(); strings.Contains(got, "NOT SAVED") {
		t.Errorf("read-only status repeats what the first line says:\n%s", got)
	}
	s.Box.Data = firmware.DataHealth{}
	if got := s.Text(); strings.Contains(got, "DEGRADED") {
		t.Errorf("healthy status says degraded:\n%s", got)
	}
	// a full disk under a healthy store: what was lost is counted
	s.Box.StoreDropped = 1
	if got := s.Text(); !strings.Contains(got, "NOT SAVED since start: 3 call-log record(s) or list change(s) (the disk is full") {
		t.Errorf("status does not say what could not be saved:\n%s", got)
	}
}
