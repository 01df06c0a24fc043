package firmware

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/screening"
)

var (
	blocked = screening.Decision{Action: screening.ActionBlock, Treatment: screening.TreatmentHangup, Number: "+19005550000"}
	allowed = screening.Decision{Action: screening.ActionPass, Number: "+12015550123"}
)

// A store that stops answering (AppendLog blocked for 10 s) delays neither
// the next call's first action nor the watchdog: the call loop never waits
// on the disk.
func TestAppliance_StuckStoreDelaysNoCall(t *testing.T) {
	st := &fakeStore{stuck: make(chan struct{}), entered: make(chan struct{}, 8)}
	r := newRigStore(t, fakeDecider{"9005550000": blocked, "2015550123": allowed}, st,
		func(c *Config) { c.WatchdogEvery = 10 * time.Millisecond })
	r.incoming("9005550000", "SPAM")
	r.wait("line: pick-up-and-drop 500ms")
	select {
	case <-st.entered: // the first call's record is now stuck in the store
	case <-time.After(5 * time.Second):
		t.Fatalf("the first call's record never reached the store\n%s", r.trace)
	}
	feeds := r.dev.Watchdog.Feeds()
	from := len(r.dev.Rec.Lines())
	start := time.Now()
	r.incoming("2015550123", "ALICE")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := r.dev.Rec.Wait(ctx, from, "relay: pass-through"); err != nil {
		t.Fatalf("the next call was not passed within 1 s while the store was stuck: %v\n%s", err, r.dev.Rec)
	}
	t.Logf("first action of the next call after %s", time.Since(start))
	time.Sleep(200 * time.Millisecond)
	if n := r.dev.Watchdog.Feeds() - feeds; n < 5 {
		t.Errorf("watchdog fed %d times in %s at 10 ms while the store was stuck", n, time.Since(start))
	}
	close(st.stuck)
	recs := r.waitLog(2)
	if recs[0].Number != "+19005550000" || recs[1].Number != "+12015550123" {
		t.Errorf("records out of order: %s, %s", recs[0].Number, recs[1].Number)
	}
	if d := r.app.Status().StoreDropped; d != 0 {
		t.Errorf("%d writes dropped with room in the queue", d)
	}
}

// With the store stuck and the queue full, a further record is dropped and
// counted; the queued ones are written once the store answers again.
func TestAppliance_StoreQueueFullDrops(t *testing.T) {
	st := &fakeStore{stuck: make(chan struct{}), entered: make(chan struct{}, 8)}
	r := newRigStore(t, fakeDecider{"9005550000": blocked}, st, func(c *Config) { c.StoreQueue = 1 })
	for i := 1; i <= 3; i++ {
		r.incoming("9005550000", "SPAM")
		waitFor(t, "call logged", func() bool { return r.app.Status().Calls == i })
		if i == 1 {
			<-st.entered // the writer holds the first record; the queue is empty
		}
	}
	if d := r.app.Status().StoreDropped; d != 1 {
		t.Errorf("StoreDropped = %d, want 1 (one in the store, one queued, one dropped)", d)
	}
	close(st.stuck)
	r.waitLog(2)
	time.Sleep(50 * time.Millisecond)
	if n := len(r.store.records()); n != 2 {
		t.Errorf("%d records stored, want 2", n)
	}
}

// A list addition from the owner's key that the store refuses is logged.
func TestAppliance_FailedListAdditionIsLogged(t *testing.T) {
	var logs lockedBuffer
	st := &fakeStore{addErr: errors.New("store: disk full")}
	r := newRigStore(t, fakeDecider{}, st, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	r.dev.Line.Say(speech(time.Second))
	r.incoming("2015550123", "BOB")
	r.wait(`handset: ring dr2`)
	r.dev.Handset.Lift()
	r.wait("handset: play")
	r.dev.Handset.Press("4") // accept and always allow
	r.waitLog(1)
	waitFor(t, "the failed list update logged", func() bool {
		s := logs.String()
		return strings.Contains(s, "list update failed") && strings.Contains(s, "+12015550123") && strings.Contains(s, "disk full")
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
