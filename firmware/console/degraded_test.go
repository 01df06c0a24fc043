package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening/store"
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
	c := New(newMem(), []Command{{Name: "fix", Usage: "fix", Summary: "mends the store",
		Run: func(context.Context, *Request, io.Writer) error { att.set(""); return nil }}}, nil)
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
	c := New(newMem(), nil, nil)
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
		"modem DOWN: the modem has not answered since the box started (calls pass through to the phone)",
		"mode    settings cannot be read (degraded mode: see the first line)",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("status lacks %q:\n%s", w, got)
		}
	}
	if !strings.HasPrefix(got, "DEGRADED MODE") {
		t.Errorf("degraded mode is not the first line:\n%s", got)
	}
	if j := s.JSON(); !strings.HasPrefix(j.Degraded, "The list database /d/secretary.db is damaged") || j.Modem != "down" {
		t.Errorf("status --json: degraded %q, modem %q", j.Degraded, j.Modem)
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
	if j := s.JSON(); j.NotSaved != 3 || j.Degraded != "" {
		t.Errorf("status --json: not_saved %d, degraded %q", j.NotSaved, j.Degraded)
	}
}

// store shows the store's health, file, copies and what to do; restore
// and reset leave degraded mode, reset only once the owner confirmed; the
// control socket's RunArgs reaches the same commands.
func TestStoreCommand(t *testing.T) {
	m := newMem()
	taken := time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)
	m.store = StoreReport{Health: store.Unavailable, Err: errors.New("store: the list database /d/secretary.db is damaged (the file is cut short)"),
		Path: "/d/secretary.db", Size: 40 << 10,
		Copies: []store.Snapshot{{Path: "/d/secretary.db.snapshots/2-tx9-x.db", Tx: 9, Time: taken, Size: 32 << 10},
			{Path: "/d/secretary.db.snapshots/1-tx5-x.db", Tx: 5, Time: taken.Add(-time.Hour), Size: 30 << 10}}}
	c := New(m, nil, func() time.Time { return taken.Add(time.Hour) })
	run := func(line string, term Term) string {
		var b bytes.Buffer
		c.ExecTerm(context.Background(), line, &b, term)
		return b.String()
	}
	out := run("store", nil)
	for _, w := range []string{
		"store   unavailable: the list database /d/secretary.db is damaged (the file is cut short)\n",
		"file    /d/secretary.db (40 kB)\n",
		"copies  2 in /d/secretary.db.snapshots:\n        2026-11-23 08:30:00  32 kB, transaction 9\n",
		"to do   store restore puts back the copy of 2026-11-23 08:30 (changes since are lost)",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("store status lacks %q:\n%s", w, out)
		}
	}
	var b bytes.Buffer
	if code := c.RunArgs(context.Background(), []string{"store", "status"}, Streams{Out: &b, Err: &b}); code != 0 || b.String() != out {
		t.Errorf("store status through RunArgs (%d):\n%s\nwant\n%s", code, b.String(), out)
	}

	if out := run("store reset", nil); out != "error: store reset asks to confirm: add --yes\n" || m.resets != 0 {
		t.Errorf("store reset without anybody to answer: %q, %d resets", out, m.resets)
	}
	if out := run("store reset", &scriptTerm{answers: []string{"no"}}); out != "error: nothing was reset\n" || m.resets != 0 {
		t.Errorf("store reset answered no: %q, %d resets", out, m.resets)
	}
	if out := run("store reset --yes", nil); out != "ok: the store is empty and healthy\n"+
		"the file it replaced is kept as secretary.db.old-20261123T090000Z\ninstaller settings none\n" || m.resets != 1 {
		t.Errorf("store reset --yes: %q, %d resets", out, m.resets)
	}

	// healthy: restore asks first, the changes since the copy being lost
	if out := run("store restore", nil); out != "error: store restore asks to confirm: add --yes\n" {
		t.Errorf("store restore of a healthy store: %q", out)
	}
	if out := run("store restore --yes", nil); out != "ok: restored the copy of 2026-11-23 08:30:00 (32 kB)\n"+
		"the file it replaced is kept as secretary.db.damaged-20261123T090000Z\n" {
		t.Errorf("store restore --yes: %q", out)
	}
	if out := run("help store", nil); !strings.Contains(out, "DEGRADED\nMODE") || !strings.Contains(out, "store reset [--yes]") {
		t.Errorf("help store:\n%s", out)
	}
}
