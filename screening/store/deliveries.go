package store

import (
	"encoding/json"
	"fmt"
	"sort"

	"secretary/screening"
)

// bDeliveries holds how each message goes out to the owner: key = message
// ID, value = JSON screening.Delivery. A file written before delivery
// existed has no such bucket; the first PutDelivery makes it.
var bDeliveries = []byte("deliveries")

func decodeDelivery(k, v []byte) (screening.Delivery, error) {
	var d screening.Delivery
	if err := json.Unmarshal(v, &d); err != nil {
		return d, fmt.Errorf("%w: delivery %s: %v", ErrCorrupt, k, err)
	}
	if d.MessageID != string(k) {
		return d, fmt.Errorf("%w: delivery %s names message %q", ErrCorrupt, k, d.MessageID)
	}
	return d, nil
}

func (t *rtx) Deliveries() ([]screening.Delivery, error) {
	b := t.b(bDeliveries)
	if b == nil {
		return nil, nil
	}
	var out []screening.Delivery
	err := b.ForEach(func(k, v []byte) error {
		d, err := decodeDelivery(k, v)
		if err == nil {
			out = append(out, d)
		}
		return err
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Queued.Before(out[j].Queued) })
	return out, err
}

func (t *rtx) Delivery(id string) (screening.Delivery, bool, error) {
	b := t.b(bDeliveries)
	if b == nil {
		return screening.Delivery{}, false, nil
	}
	v := b.Get([]byte(id))
	if v == nil {
		return screening.Delivery{}, false, nil
	}
	d, err := decodeDelivery([]byte(id), v)
	return d, err == nil, err
}

func (t *wtx) PutDelivery(d screening.Delivery) error {
	if d.MessageID == "" {
		return fmt.Errorf("store: delivery without a message ID")
	}
	if t.b(bMessages).Get([]byte(d.MessageID)) == nil {
		return fmt.Errorf("%w: message %q", ErrNotFound, d.MessageID)
	}
	v, err := json.Marshal(d)
	if err != nil {
		return err
	}
	b, err := t.tx.CreateBucketIfNotExists(bDeliveries)
	if err != nil {
		return err
	}
	return b.Put([]byte(d.MessageID), v)
}

func (t *wtx) DeleteDelivery(id string) (bool, error) {
	b := t.b(bDeliveries)
	if b == nil || b.Get([]byte(id)) == nil {
		return false, nil
	}
	return true, b.Delete([]byte(id))
}

// Deliveries lists every message's delivery, oldest queued first.
func (s *Store) Deliveries() (out []screening.Delivery, err error) {
	err = s.View(func(tx ReadTx) error { out, err = tx.Deliveries(); return err })
	return out, err
}

// PutDelivery stores a message's delivery (adds or replaces); ErrNotFound
// when the message is gone (deleted meanwhile), so a delivery never
// outlives its message.
func (s *Store) PutDelivery(d screening.Delivery) error {
	return s.Update(func(tx WriteTx) error { return tx.PutDelivery(d) })
}
