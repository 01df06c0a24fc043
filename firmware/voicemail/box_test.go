package voicemail

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"secretary/hal/haltest"
	"secretary/screening"
)

// memMeta is an in-memory MetaStore.
type memMeta struct {
	mu sync.Mutex
	m  map[string]screening.Message
}

func newMeta() *memMeta { return &memMeta{m: map[string]screening.Message{}} }

func (s *memMeta) PutMessage(m screening.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[m.ID] = m
	return nil
}
func (s *memMeta) Messages() ([]screening.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []screening.Message
	for _, m := range s.m {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}
func (s *memMeta) Message(id string) (screening.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.m[id]
	if !ok {
		return m, errors.New("not found")
	}
	return m, nil
}
func (s *memMeta) DeleteMessage(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
	return nil
}

func tone(n int) []int16 {
	pcm := make([]int16, n)
	for i := range pcm {
		pcm[i] = int16((i%16 - 8) * 1000)
	}
	return pcm
}

func open(t *testing.T, cfg Config) (*Box, *memMeta) {
	t.Helper()
	cfg.Dir = t.TempDir()
	meta := newMeta()
	b := New(meta, cfg)
	if err := b.Open(); err != nil {
		t.Fatal(err)
	}
	return b, meta
}

func TestBox_SaveListPlayDelete(t *testing.T) {
	b, _ := open(t, Config{})
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	id, err := b.Save(screening.Message{Time: at, Number: "+12015550123", Name: "BOB"}, tone(16000))
	if err != nil {
		t.Fatal(err)
	}
	if b.Unheard() != 1 {
		t.Errorf("Unheard = %d, want 1", b.Unheard())
	}
	msgs, _ := b.List()
	if len(msgs) != 1 || msgs[0].ID != id || msgs[0].Duration != 2*time.Second || msgs[0].Number != "+12015550123" {
		t.Fatalf("List = %+v", msgs)
	}
	if _, err := os.Stat(filepath.Join(b.cfg.Dir, msgs[0].File)); err != nil {
		t.Fatal(err)
	}
	h := haltest.NewHandset(nil, nil)
	if err := b.Play(context.Background(), h, id); err != nil {
		t.Fatal(err)
	}
	if p := h.Played(); len(p) != 1 || len(p[0]) != 16000 {
		t.Errorf("played %d blocks", len(p))
	}
	if b.Unheard() != 0 {
		t.Errorf("Unheard after play = %d", b.Unheard())
	}
	if err := b.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(b.cfg.Dir, msgs[0].File)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("file left after Delete: %v", err)
	}
	if err := b.Delete(id); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
}

// The record keeps what the caller left; every change is announced.
func TestBox_RecordAndOnChange(t *testing.T) {
	var changes atomic.Int32
	b, _ := open(t, Config{OnChange: func() { changes.Add(1) }})
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	id, err := b.Save(screening.Message{Time: at, Number: "+12015550123", CallBack: "+13125550188", Urgent: true,
		NameGiven: 1500 * time.Millisecond, Heard: true}, tone(24000))
	if err != nil {
		t.Fatal(err)
	}
	msgs, _ := b.List()
	m := msgs[0]
	if m.CallBack != "+13125550188" || !m.Urgent || m.NameGiven != 1500*time.Millisecond || m.Heard || m.Duration != 3*time.Second {
		t.Errorf("saved %+v", m)
	}
	if changes.Load() != 1 {
		t.Errorf("%d changes after Save", changes.Load())
	}
	if err := b.MarkHeard(id); err != nil {
		t.Fatal(err)
	}
	if err := b.MarkHeard(id); err != nil { // heard already: no change
		t.Fatal(err)
	}
	if err := b.Delete(id); err != nil {
		t.Fatal(err)
	}
	if changes.Load() != 3 {
		t.Errorf("%d changes after Save, MarkHeard twice, Delete; want 3", changes.Load())
	}
}

func TestBox_LimitCount(t *testing.T) {
	b, _ := open(t, Config{MaxMessages: 2})
	for i := 0; i < 2; i++ {
		if _, err := b.Save(screening.Message{}, tone(800)); err != nil {
			t.Fatal(err)
		}
	}
	if !b.Full() {
		t.Error("Full = false at the limit")
	}
	if _, err := b.Save(screening.Message{}, tone(800)); !errors.Is(err, ErrFull) {
		t.Errorf("Save over the limit = %v, want ErrFull", err)
	}
}

func TestBox_LimitDisk(t *testing.T) {
	b, _ := open(t, Config{})
	b.free = func(string) (int64, error) { return 1 << 20, nil }
	if !b.Full() {
		t.Error("Full = false with 1 MiB free")
	}
	if _, err := b.Save(screening.Message{}, tone(800)); !errors.Is(err, ErrFull) {
		t.Errorf("Save = %v, want ErrFull", err)
	}
}

func TestBox_LimitLength(t *testing.T) {
	b, _ := open(t, Config{MaxLength: time.Second})
	id, err := b.Save(screening.Message{}, tone(80000))
	if err != nil {
		t.Fatal(err)
	}
	pcm, m, err := b.Audio(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(pcm) != 8000 || m.Duration != time.Second {
		t.Errorf("kept %d samples (%s), want 8000", len(pcm), m.Duration)
	}
}

func TestBox_OpenRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	meta := newMeta()
	b := New(meta, Config{Dir: dir})
	if err := b.Open(); err != nil {
		t.Fatal(err)
	}
	id, _ := b.Save(screening.Message{}, tone(800))
	tmp := filepath.Join(dir, "messages", ".tmp-123")
	orphan := filepath.Join(dir, "messages", "orphan.wav")
	os.WriteFile(tmp, []byte("x"), 0o600)
	os.WriteFile(orphan, []byte("x"), 0o600)
	if err := New(meta, Config{Dir: dir}).Open(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{tmp, orphan} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s not removed", p)
		}
	}
	if _, _, err := b.Audio(id); err != nil {
		t.Errorf("kept message lost: %v", err)
	}
}

// A full mailbox makes room by deleting the oldest heard message, never an
// unheard one; with only unheard messages it is full.
func TestBox_FullDeletesOldestHeard(t *testing.T) {
	b, _ := open(t, Config{MaxMessages: 3})
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var ids []string
	for i := 0; i < 3; i++ {
		id, err := b.Save(screening.Message{Time: t0.Add(time.Duration(i) * time.Hour)}, tone(800))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// the oldest stays unheard; the two newer ones are heard
	for _, id := range ids[1:] {
		if err := b.MarkHeard(id); err != nil {
			t.Fatal(err)
		}
	}
	if b.Full() {
		t.Fatal("Full with two heard messages to make room")
	}
	id4, err := b.Save(screening.Message{Time: t0.Add(4 * time.Hour)}, tone(800))
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]bool{}
	msgs, _ := b.List()
	for _, m := range msgs {
		left[m.ID] = true
	}
	if !left[ids[0]] || left[ids[1]] || !left[ids[2]] || !left[id4] {
		t.Errorf("after saving into a full mailbox: %v; want the unheard oldest kept and the oldest heard (%s) deleted", left, ids[1])
	}
	if err := b.MarkHeard(ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Save(screening.Message{Time: t0.Add(5 * time.Hour)}, tone(800)); err != nil {
		t.Fatal(err)
	}
	// now three unheard messages: full, and nothing is deleted
	if !b.Full() {
		t.Error("Full = false with only unheard messages at the limit")
	}
	if _, err := b.Save(screening.Message{Time: t0.Add(6 * time.Hour)}, tone(800)); !errors.Is(err, ErrFull) {
		t.Errorf("Save with only unheard messages = %v, want ErrFull", err)
	}
	if msgs, _ := b.List(); len(msgs) != 3 || msgs[len(msgs)-1].ID != ids[0] {
		t.Errorf("an unheard message was deleted: %v", msgs)
	}
}

// Heard messages older than the retention go; unheard ones stay however old.
func TestBox_Expire(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	b, _ := open(t, Config{Clock: clock})
	old, _ := b.Save(screening.Message{Time: clock.Now().Add(-40 * 24 * time.Hour)}, tone(800))
	oldUnheard, _ := b.Save(screening.Message{Time: clock.Now().Add(-41 * 24 * time.Hour)}, tone(800))
	recent, _ := b.Save(screening.Message{Time: clock.Now().Add(-2 * 24 * time.Hour)}, tone(800))
	clock.Advance(-35 * 24 * time.Hour) // heard long ago
	if err := b.MarkHeard(old); err != nil {
		t.Fatal(err)
	}
	clock.Advance(35 * 24 * time.Hour)
	if err := b.MarkHeard(recent); err != nil {
		t.Fatal(err)
	}
	if gone, err := b.Expire(0); err != nil || len(gone) != 0 {
		t.Fatalf("Expire(0) = %v, %v; want nothing deleted", gone, err)
	}
	gone, err := b.Expire(30)
	if err != nil || len(gone) != 1 || gone[0].ID != old {
		t.Fatalf("Expire(30) = %v, %v; want only %s", gone, err, old)
	}
	for _, id := range []string{oldUnheard, recent} {
		if _, _, err := b.Audio(id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}
