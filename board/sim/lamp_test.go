package sim

import (
	"context"
	"log/slog"
	"testing"

	"secretary/hal"
	"secretary/hal/dsp"
)

// The simulated phone decodes the on-hook data it is sent: a caller ID
// shows on its display, a message-waiting indication lights or clears its
// lamp and leaves the display alone; the ring pulse before it is one short
// burst, the reversal a reversed F/R while not ringing.
func TestPhone_MessageLamp(t *testing.T) {
	b, socket := serve(t)
	fw := New(Config{Socket: socket, OpenLine: func(context.Context, string, *slog.Logger) (hal.Line, error) {
		return nil, ErrNoDriver
	}})
	dev, err := fw.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	ctx := context.Background()
	send := func(alert hal.OnHookAlert, pcm []int16) {
		t.Helper()
		if err := dev.Handset.SendOnHook(ctx, alert, pcm); err != nil {
			t.Fatalf("SendOnHook(%s): %v", alert, err)
		}
	}
	cid, err := dsp.CallerIDSignal(dsp.FromHAL(hal.CallerID{Number: "2125550143", Name: "HUDSON DENTAL", Date: "11230915"}, dsp.StandardBellcore), dsp.CIDTxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	send(hal.AlertNone, cid)
	vmwi := func(on bool) []int16 {
		pcm, err := dsp.VMWISignal(on, dsp.VMWIOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return pcm
	}
	send(hal.AlertRingPulse, vmwi(true))
	s := waitFor(t, b, "lamp on", func(s State) bool { return s.Lamp == "on" })
	if s.CIDDisplay != "2125550143 HUDSON DENTAL" || s.RingBursts != 1 || len(s.Cadence) == 0 || s.Cadence[0] < 200 || s.Cadence[0] > 320 {
		t.Errorf("after VMWI on:\n%s", s.Text())
	}
	send(hal.AlertReversal, vmwi(false))
	s = waitFor(t, b, "lamp off", func(s State) bool { return s.Lamp == "off" })
	if s.LineReversals != 1 || s.RingBursts != 1 || s.CIDDisplay != "2125550143 HUDSON DENTAL" {
		t.Errorf("after VMWI off:\n%s", s.Text())
	}
}
