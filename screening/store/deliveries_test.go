package store_test

import (
	"errors"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

func TestStore_Deliveries(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	if ds, err := s.Deliveries(); err != nil || len(ds) != 0 {
		t.Fatalf("a new store's deliveries: %v %v", ds, err)
	}
	d := screening.Delivery{MessageID: "m1", Queued: t0, Routes: []screening.Route{
		{Channel: screening.ChannelEmail, State: screening.DeliveryWaiting, Tries: 2, Next: t0.Add(time.Minute), Error: "no answer", Config: "ab"},
		{Channel: screening.ChannelPush, State: screening.DeliverySent, Done: t0}}}
	if err := s.PutDelivery(d); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delivery of a message that does not exist: %v", err)
	}
	for _, id := range []string{"m1", "m2"} {
		if err := s.PutMessage(screening.Message{ID: id, Time: t0, File: "messages/" + id + ".wav"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutDelivery(d); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDelivery(screening.Delivery{MessageID: "m2", Queued: t0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ds, err := s.Deliveries()
	if err != nil || len(ds) != 2 || ds[0].MessageID != "m2" || ds[1].MessageID != "m1" {
		t.Fatalf("after reopening: %+v %v", ds, err)
	}
	got := ds[1]
	if len(got.Routes) != 2 || got.Routes[0] != d.Routes[0] || !got.Routes[1].Done.Equal(t0) || got.Routes[1].State != screening.DeliverySent {
		t.Errorf("stored %+v, read %+v", d, got)
	}
	if got.Summary() != "e-mail waiting (2 tries), push sent" || ds[0].Summary() != "-" {
		t.Errorf("summaries %q %q", got.Summary(), ds[0].Summary())
	}
	if err := s.DeleteMessage("m1"); err != nil {
		t.Fatal(err)
	}
	err = s.View(func(tx store.ReadTx) error {
		_, ok, err := tx.Delivery("m1")
		if ok || err != nil {
			t.Errorf("the delivery of a deleted message is still there (%v)", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

// A delivery record that does not decode is damage, found by the check
// at open like any other record.
func TestStore_DeliveryDamaged(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if err != nil {
		t.Fatal(err)
	}
	s.PutMessage(screening.Message{ID: "m1", Time: t0})
	if err := s.PutDelivery(screening.Delivery{MessageID: "m1", Queued: t0}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	storetest.PutRaw(t, dir, "deliveries", map[string]string{"m1": `{"id":"m1","routes":[{"channel":"pigeon"}]}`})
	_, err = store.OpenDir(dir, store.WithSnapshots(store.SnapshotConfig{Disabled: true}))
	if !errors.Is(err, store.ErrDamaged) {
		t.Fatalf("open with a bad delivery record: %v", err)
	}
}
