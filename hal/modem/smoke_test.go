package modem_test

import (
	"testing"
	"time"

	"secretary/board/sim/modememu"
	"secretary/hal"
)

func TestSmoke(t *testing.T) {
	r := newRig(t, modememu.ProfileZoom3095)
	t.Logf("info %+v", r.m.Info())
	t.Logf("commands %q", r.emu.Commands())
	c, err := r.emu.PlaceCall(modememu.CallSpec{Cadence: []time.Duration{100 * time.Millisecond, 300 * time.Millisecond}, MaxRings: 3,
		CID: &modememu.CID{Date: "0315", Time: "1430", Number: "8005551234", Name: "DOE JOHN"}, CIDDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_ = c
	for _, ev := range collect(r.ev, 2*time.Second) {
		t.Logf("%v %d %+v", ev.Kind, ev.Ring, ev.CallerID)
	}
	_ = hal.LineRing
}
