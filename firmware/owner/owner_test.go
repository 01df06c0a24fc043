package owner_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware/console"
	"secretary/screening"
)

// status --json is one JSON value with every field the console shows.
func TestStatusJSON(t *testing.T) {
	r := newRig(t)
	r.unplug()
	if _, err := r.st.AddNumber(screening.ActionBlock, "9005550000", "", "", start); err != nil {
		t.Fatal(err)
	}
	if err := r.st.AppendLog(screening.LogRecord{Time: start.Add(-time.Minute), Number: "+19005550000", Decision: screening.ActionBlock,
		Outcome: screening.OutcomeBlocked}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	r.con.Exec(context.Background(), "status --json", &b)
	var j console.StatusJSON
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatalf("%v: %s", err, b.String())
	}
	if j.Version != "v-test" || j.UptimeS != 3600 || j.ClockSource != "system clock" || j.Modem != "up" || j.Line != "idle" ||
		j.Mode != "normal" || j.Lists["block"] != 1 || j.LastCall == nil || j.LastCall.Number != "+19005550000" ||
		j.Store != "healthy" || j.Clock != "2026-11-23T09:00:00Z" {
		t.Errorf("status --json: %+v", j)
	}
}

// selftest checks the store, snapshots, settings, mailbox, modem and clock.
func TestSelftest(t *testing.T) {
	r := newRig(t)
	r.unplug()
	var b bytes.Buffer
	r.con.Exec(context.Background(), "selftest", &b)
	out := b.String()
	for _, want := range []string{"store      PASS", "settings   PASS", "mailbox    PASS", "modem      PASS", "clock      PASS", "ok: selftest: 6 checks, none failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("selftest lacks %q:\n%s", want, out)
		}
	}
	r.app.mu.Lock()
	r.app.st.LineUp = false
	r.app.mu.Unlock()
	b.Reset()
	r.con.Exec(context.Background(), "selftest", &b)
	if out := b.String(); !strings.Contains(out, "modem      FAIL") || !strings.Contains(out, "modem failed: check the modem's USB cable") ||
		!strings.HasSuffix(out, "error: selftest: 1 of 6 checks FAILED (see above for what to check)\n") {
		t.Errorf("selftest with the modem gone:\n%s", out)
	}
	b.Reset()
	r.con.Exec(context.Background(), "reboot --yes", &b)
	if b.String() != "ok: would restart\n" {
		t.Errorf("reboot --yes: %q", b.String())
	}
}

// Housekeeping applies message-retention and says so.
func TestHousekeep_Retention(t *testing.T) {
	r := newRig(t)
	r.unplug()
	pcm := make([]int16, 800)
	id, err := r.mb.Save(screening.Message{Time: time.Now().Add(-40 * 24 * time.Hour)}, pcm)
	if err != nil {
		t.Fatal(err)
	}
	keep, _ := r.mb.Save(screening.Message{Time: time.Now().Add(-40 * 24 * time.Hour)}, pcm)
	if err := r.st.PutMessage(heard(t, r, id)); err != nil {
		t.Fatal(err)
	}
	if err := r.st.SetSetting("message-retention", "30"); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var said []string
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.own.Housekeep(ctx, func(s string) { mu.Lock(); said = append(said, s); mu.Unlock() })
	}()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(said)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
	}
	cancel()
	<-done
	msgs, _ := r.mb.List()
	if len(msgs) != 1 || msgs[0].ID != keep || len(said) != 1 || !strings.Contains(said[0], "message-retention: deleted 1 heard message(s) older than 30 days") {
		t.Errorf("left %v; said %q", msgs, said)
	}
}

// heard is message id marked heard long ago.
func heard(t *testing.T, r *rig, id string) screening.Message {
	m, err := r.st.Message(id)
	if err != nil {
		t.Fatal(err)
	}
	m.Heard, m.HeardAt = true, m.Time
	return m
}
