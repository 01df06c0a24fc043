package main

import (
	"secretary/firmware/delivery"
	"secretary/firmware/owner"
	"secretary/firmware/voicemail"
	"secretary/screening"
)

// deliveryLoop is the box's delivery loop for the owner's status and
// settings (nil until run made it).
func (b *box) deliveryLoop() owner.Delivery {
	if b.delivery == nil {
		return nil
	}
	return b.delivery
}

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
