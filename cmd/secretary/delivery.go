package main

import (
	"time"

	"secretary/firmware/delivery"
	"secretary/firmware/voicemail"
	"secretary/screening"
)

// deliveringMailbox hands every message the call loop saves to the
// delivery loop (Poke never blocks; the save runs in a helper goroutine of
// the firmware, never on the call loop).
type deliveringMailbox struct {
	*voicemail.Box
	d *delivery.Deliverer
}

func (m deliveringMailbox) Save(msg screening.Message, pcm []int16) (string, error) {
	id, err := m.Box.Save(msg, pcm)
	if err == nil {
		m.d.Poke()
	}
	return id, err
}

// DeliveryStates implements console.Deliveries: msgs list's column.
func (k backend) DeliveryStates() map[string]string {
	ds, err := k.b.store.Deliveries()
	if err != nil {
		return nil
	}
	return delivery.Summaries(ds)
}

// deliveryNotes are the status lines of the delivery.
func (k backend) deliveryNotes() []string {
	if k.b.delivery == nil {
		return nil
	}
	return k.b.delivery.Status().Lines(time.Local)
}

// settingChanged lets the delivery loop look again after a delivery
// setting changed (a corrected password is tried at once).
func (k backend) settingChanged(key string) {
	if s, ok := screening.LookupSetting(key); ok && s.By == screening.ByDelivery && k.b.delivery != nil {
		k.b.delivery.Poke()
	}
}
