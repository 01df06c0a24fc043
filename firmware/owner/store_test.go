package owner_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware"
	"secretary/firmware/console"
	"secretary/firmware/owner"
	"secretary/firmware/voicemail"
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/store"
)

// damagedStore is a store opened degraded on a file cut short, with one
// good copy (holding a blocked number) beside it.
func damagedStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNumber(screening.ActionBlock, "9005550000", "", "", start); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Snapshot(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	path := store.Path(dir)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	st, err = store.OpenDir(dir, store.WithDegraded(), store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// notices records what Housekeep tells.
type notices struct {
	mu   sync.Mutex
	said []string
}

func (n *notices) add(s string) { n.mu.Lock(); n.said = append(n.said, s); n.mu.Unlock() }

// wait waits for a notice starting with prefix.
func (n *notices) wait(t *testing.T, prefix string) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		n.mu.Lock()
		for _, s := range n.said {
			if strings.HasPrefix(s, prefix) {
				n.mu.Unlock()
				return s
			}
		}
		n.mu.Unlock()
	}
	t.Fatalf("no notice %q in %q", prefix, n.said)
	return ""
}

// Degraded mode through the owner: status starts with it, the prompt's
// note and a notice say it, store status says what to do; store restore
// puts the copy back (a notice says the store is healthy again) and
// store reset --yes starts empty, applying the installer settings again.
func TestStore_DegradedAndBack(t *testing.T) {
	st, dir := damagedStore(t)
	if h := owner.DataHealth(st); h.State != firmware.DataUnavailable || !strings.Contains(h.Problem, "is damaged") {
		t.Fatalf("DataHealth of a damaged store: %+v", h)
	}
	mb := voicemail.New(st, voicemail.Config{Dir: dir})
	reinstalled := 0
	own := owner.New(owner.Config{Store: st, Engine: screening.NewEngine(st), Mailbox: mb, Board: "test", Caps: hal.CapLine,
		Now: func() time.Time { return start }, AfterReset: func() []string { reinstalled++; return []string{"installer settings applied"} }})
	con := console.New(own, nil, func() time.Time { return start })
	exec := func(line string) string {
		var b bytes.Buffer
		con.Exec(context.Background(), line, &b)
		return b.String()
	}
	if got := own.Attention(); got != "STORE DAMAGED: type help store" {
		t.Errorf("Attention %q", got)
	}
	if out := exec("status"); !strings.HasPrefix(out, "DEGRADED MODE: The list database "+store.Path(dir)+" is damaged") {
		t.Errorf("status:\n%s", out)
	}
	if out := exec("store status"); !strings.Contains(out, "store   unavailable: ") || !strings.Contains(out, "copies  1 in ") ||
		!strings.Contains(out, "to do   store restore puts back the copy of") {
		t.Errorf("store status:\n%s", out)
	}

	var n notices
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); own.Housekeep(ctx, n.add) }()
	defer func() { cancel(); <-done }()
	if got := n.wait(t, "STORE DAMAGED: "); !strings.HasSuffix(got, "Until then every call rings through to the phone (help store says more).") {
		t.Errorf("notice %q", got)
	}

	if out := exec("store restore"); !strings.HasPrefix(out, "ok: restored the copy of ") || !strings.Contains(out, "is kept as secretary.db.damaged-") {
		t.Errorf("store restore: %q", out)
	}
	n.wait(t, "the store is healthy again")
	if out := exec("status"); strings.Contains(out, "DEGRADED") || !strings.Contains(out, "block 1") || own.Attention() != "" {
		t.Errorf("status after store restore:\n%s", out)
	}

	if out := exec("store reset --yes"); !strings.HasPrefix(out, "ok: the store is empty and healthy\n") ||
		!strings.Contains(out, "is kept as secretary.db.old-") || !strings.HasSuffix(out, "installer settings applied\n") || reinstalled != 1 {
		t.Errorf("store reset --yes (%d reinstalls): %q", reinstalled, out)
	}
	if out := exec("status"); !strings.Contains(out, "block 0") {
		t.Errorf("status after store reset:\n%s", out)
	}
}
