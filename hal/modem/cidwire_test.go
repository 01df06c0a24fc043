package modem_test

import (
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

// TestCallerID_OverTheWire: every caller-ID format and position, printed
// by the emulated modem and decoded by the driver over a real pty.
func TestCallerID_OverTheWire(t *testing.T) {
	full := modemtest.CID{Date: "0315", Time: "1430", Number: "8005551234", Name: "DOE JOHN"}
	tests := []struct {
		name    string
		profile modemtest.Profile
		opts    []modem.Option
		cid     modemtest.CID
		want    string
	}{
		{"formatted with spaces", modemtest.ProfileZoom3095, nil, full, "new ring1 cid(8005551234|DOE JOHN|03151430||available) ring2"},
		{"formatted without spaces (USR)", modemtest.ProfileUSR5637, nil, full, "new ring1 cid(8005551234|DOE JOHN|03151430||available) ring2"},
		{"raw MDMF via AT+VCID=2", modemtest.ProfileZoom3095, []modem.Option{modem.WithRawCID()}, full, "new ring1 cid(8005551234|DOE JOHN|03151430||available) ring2"},
		{"raw SDMF", modemtest.ProfileZoom3095, []modem.Option{modem.WithRawCID()},
			modemtest.CID{Date: "0315", Time: "1430", Number: "8005551234", Format: modemtest.CIDRawSDMF}, "new ring1 cid(8005551234||03151430||available) ring2"},
		{"#CID=1 (Rockwell)", modemtest.ProfileRockwell, nil, full, "new ring1 cid(8005551234|DOE JOHN|03151430||available) ring2"},
		{"private", modemtest.ProfileZoom3095, nil,
			modemtest.CID{Date: "0315", Time: "1430", NumberAbsent: "P", NameAbsent: "P"}, "new ring1 cid(||03151430|P|private) ring2"},
		{"private raw", modemtest.ProfileUSR5637, []modem.Option{modem.WithRawCID()},
			modemtest.CID{Date: "0315", Time: "1430", NumberAbsent: "P", NameAbsent: "P"}, "new ring1 cid(||03151430|P|private) ring2"},
		{"out of area, partial block", modemtest.ProfileZoom3095, nil,
			modemtest.CID{NumberAbsent: "O"}, "new ring1 cid(|||O|unavailable) ring2"},
		{"before the first ring (UK)", modemtest.ProfileUSR5637, nil,
			modemtest.CID{Date: "1203", Time: "1452", Number: "07700900123", BeforeFirstRing: true}, "new/0 cid(07700900123||12031452||available) ring1 ring2"},
		{"escape sequences in the name", modemtest.ProfileZoom3095, nil,
			modemtest.CID{Date: "0315", Time: "1430", Number: "8005551234", Name: "\x1b[2J\x1b]0;pwned\x07DOE\x1b[31m JOHN\u202e"},
			"new ring1 cid(8005551234|DOE JOHN|03151430||available) ring2"},
		{"MESG and tags in another order", modemtest.ProfileZoom3095, nil,
			modemtest.CID{Lines: []string{"MESG = 110101", "NAME = WITHHELD", "NMBR = P", "TIME = 0934", "DATE = 0421"}},
			"new ring1 cid(|WITHHELD|04210934|P|private) ring2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, tt.profile, tt.opts...)
			cid := tt.cid
			if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 2, CID: &cid, CIDDelay: 50 * time.Millisecond}); err != nil {
				t.Fatal(err)
			}
			if got, want := eventsFor(r.ev, tt.want); got != want {
				t.Errorf("events\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestCallerID_NoneByTheSecondRing(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 3}); err != nil {
		t.Fatal(err)
	}
	if got, want := eventsFor(r.ev, "new ring1 ring2 no-cid ring3"); got != want {
		t.Errorf("events %s", got)
	}
}

// The Zoom 3095 loses +VCID on ATZ (conexant-miniterm-vcid-off-then-on.txt):
// the emulator models it, and HangUp re-arms caller ID.
func TestCallerID_RearmedAfterReset(t *testing.T) {
	t.Parallel()
	// A ring gap well above the 400 ms ring period, so a loaded machine's
	// late ring is not taken for a new call.
	r := newRig(t, modemtest.ProfileZoom3095, modem.WithRingGap(1500*time.Millisecond))
	ctx := ctxT(t, 10*time.Second)
	cid := modemtest.CID{Date: "1015", Time: "1310", Number: "0412345677"}
	spec := modemtest.CallSpec{Cadence: fastRing, MaxRings: 2, CID: &cid, CIDDelay: 50 * time.Millisecond}

	if _, err := r.m.Command(ctx, "ATZ"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.m.Command(ctx, "ATE0"); err != nil {
		t.Fatal(err)
	}
	c, _ := r.emu.PlaceCall(spec)
	if got, want := eventsFor(r.ev, "new ring1 ring2 no-cid"); got != want {
		t.Fatalf("after ATZ: %s (the emulator should have lost +VCID)", got)
	}
	<-c.Done()
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1700 * time.Millisecond) // a new call
	if _, err := r.emu.PlaceCall(spec); err != nil {
		t.Fatal(err)
	}
	if got, want := eventsFor(r.ev, "new ring1 cid(0412345677||10151310||available) ring2"); got != want {
		t.Errorf("after HangUp: %s", got)
	}
}

func TestRing_DistinctiveCadence(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 5*time.Second)
	if _, err := r.m.Command(ctx, "AT+VDR=1,0"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: []time.Duration{200 * time.Millisecond, 400 * time.Millisecond}, MaxRings: 2}); err != nil {
		t.Fatal(err)
	}
	evs := collect(r.ev, 1300*time.Millisecond)
	var rings []hal.LineEvent
	for _, ev := range evs {
		if ev.Kind == hal.LineRing {
			rings = append(rings, ev)
		}
	}
	if len(rings) != 2 {
		t.Fatalf("events %s", eventString(evs))
	}
	if len(rings[0].Cadence) != 1 || rings[0].Cadence[0] != 200*time.Millisecond {
		t.Errorf("first ring cadence %v", rings[0].Cadence)
	}
	if len(rings[1].Cadence) != 2 || rings[1].Cadence[0] != 200*time.Millisecond || rings[1].Cadence[1] != 400*time.Millisecond {
		t.Errorf("second ring cadence %v", rings[1].Cadence)
	}
}

// Every V.253 / IS-101 DLE event code the driver knows, as the modem sends
// it in voice class during a call; unknown codes are ignored. On an idle
// line, only what can concern a line nobody holds is reported.
func TestDLEEvents_Mapping(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	var in []byte
	for _, c := range "bKdisqcmaefHPhplLrJwZo5#A/77~" {
		in = append(in, 0x10, byte(c))
	}
	r.emu.Inject(in)
	if got, want := eventString(collect(r.ev, 300*time.Millisecond)), "extension-off-hook extension-off-hook extension-on-hook extension-on-hook polarity"; got != want {
		t.Errorf("idle line: events\n got: %s\nwant: %s", got, want)
	}
	if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 20}); err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineRing, time.Second)
	if err := r.m.Answer(ctxT(t, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	collect(r.ev, 50*time.Millisecond)
	r.emu.Inject(in)
	want := "busy busy dialtone dialtone silence quiet fax fax answer-tone data answer-tone " +
		"extension-off-hook extension-off-hook extension-on-hook extension-on-hook loop-drop polarity " +
		"ringback sit call-waiting dtmf5 dtmf# dtmfA dtmf7"
	if got := eventString(collect(r.ev, 500*time.Millisecond)); got != want {
		t.Errorf("during a call: events\n got: %s\nwant: %s", got, want)
	}
}
