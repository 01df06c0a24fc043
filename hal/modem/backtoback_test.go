package modem_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem/modemtest"
)

// North American ringing: 2 s on, 4 s off; caller ID 0.5 s after the first
// burst. These tests run in real time on the emulator.
var realRing = []time.Duration{2 * time.Second, 4 * time.Second}

func cidOf(number string) func(hal.LineEvent) bool {
	return func(ev hal.LineEvent) bool { return ev.Kind == hal.LineCallerID && ev.CallerID.Number == number }
}

// A call that starts within the ring gap of the previous call's last ring:
// its first ring counts as one more ring of the old call until its caller
// ID shows it is a new one; each call is reported with its own caller ID.
func TestBackToBack_RealisticCadence(t *testing.T) {
	second := &modemtest.CID{Date: "0315", Time: "1431", Number: "9005551234", Name: "HUDSON DENTAL"}
	for _, tc := range []struct {
		name  string
		first *modemtest.CID
		want  string
	}{
		{"both with caller ID", &modemtest.CID{Date: "0315", Time: "1430", Number: "2125550143", Name: "DOE JOHN"},
			"new ring1 cid(2125550143|DOE JOHN|03151430||available) ring2 ring3 new/1 cid(9005551234|HUDSON DENTAL|03151431||available)"},
		{"the first without caller ID", nil,
			"new ring1 ring2 no-cid ring3 new/1 cid(9005551234|HUDSON DENTAL|03151431||available)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, modemtest.ProfileZoom3095)
			// The first caller gives up 2.5 s after the start of their
			// second ring; the next call rings at once, 2.5 s after it.
			a, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: realRing, MaxRings: 2, CID: tc.first, GiveUpAfter: 2500 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				<-a.Done()
				if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: realRing, MaxRings: 2, CID: second}); err != nil {
					t.Error(err)
				}
			}()
			evs := until(t, r.ev, 15*time.Second, cidOf("9005551234"))
			if got := eventString(evs); got != tc.want {
				t.Errorf("events\n got: %s\nwant: %s", got, tc.want)
			}
			last := evs[len(evs)-1]
			if !last.NewCall || last.Ring != 1 {
				t.Errorf("the second call's caller ID: NewCall %v Ring %d, want a new call with its first ring counted", last.NewCall, last.Ring)
			}
		})
	}
}

// A flood from the modem (hundreds of RING and caller-ID lines, garbage,
// a line longer than any the driver keeps), and a real call a second later:
// the flood is one ring and one caller ID, the call is a new call with its
// own caller ID, within its normal time.
func TestFlood_ThenACall(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileUSR5637)
	var b strings.Builder
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "\r\nRING\r\nDATE=0101\r\nTIME=0000\r\nNMBR=555%04d\r\nNAME=FLOOD %d\r\n\x10b\xff\xfe#!~\r\n", i, i)
	}
	b.WriteString(strings.Repeat("x", 5000) + "\r\n")
	r.emu.Inject([]byte(b.String()))
	time.Sleep(time.Second)
	start := time.Now()
	if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: realRing, MaxRings: 2,
		CID: &modemtest.CID{Date: "0315", Time: "1430", Number: "2125550143", Name: "DOE JOHN"}}); err != nil {
		t.Fatal(err)
	}
	evs := until(t, r.ev, 6*time.Second, cidOf("2125550143"))
	want := "new ring1 cid(5550000|FLOOD 0|01010000||available) ring2 new/1 cid(2125550143|DOE JOHN|03151430||available)"
	if got := eventString(evs); got != want {
		t.Errorf("events\n got: %s\nwant: %s", got, want)
	}
	if el := time.Since(start); el > 3500*time.Millisecond {
		t.Errorf("caller ID of the call after the flood took %v", el)
	}
}

// Call waiting where the modem reports it: the alert, then the waiting
// caller's ID, both as LineCallWaiting.
func TestCallWaiting_OverTheWire(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	c, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 20})
	if err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineRing, time.Second)
	if err := r.m.Answer(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	collect(r.ev, 50*time.Millisecond)
	if !c.CallWaiting(&modemtest.CID{Date: "0315", Time: "1431", Number: "9005551234", Name: "WAITING CALLER"}) {
		t.Fatal("emulator: no call waiting")
	}
	if got, want := eventsFor(r.ev, "call-waiting call-waiting(9005551234|WAITING CALLER|03151431||available)"); got != want {
		t.Errorf("events %s", got)
	}
	if err := r.m.HangUp(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
}
