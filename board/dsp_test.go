package board

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/screening/clean"
)

// The handset shows the date and time the line sent with the call; only a
// call without them (or with garbage) gets the box's clock.
func TestHandsetCallerID_Date(t *testing.T) {
	now := time.Date(2026, 3, 9, 7, 5, 0, 0, time.Local)
	for _, c := range []struct {
		name string
		cid  hal.CallerID
		want dsp.CallerID
	}{
		{"date and time received", hal.CallerID{Number: "2125550143", Name: "HUDSON DENTAL", Date: "1224", Time: "2359"},
			dsp.CallerID{Date: "12242359", Number: "2125550143", Name: "HUDSON DENTAL"}},
		{"none received", hal.CallerID{Number: "2125550143", NameAbsent: "O"},
			dsp.CallerID{Date: "03090705", Number: "2125550143", NameAbsent: "O"}},
		{"only a date received", hal.CallerID{Number: "2125550143", Date: "1224"},
			dsp.CallerID{Date: "03090705", Number: "2125550143"}},
		{"garbage received", hal.CallerID{Number: "2125550143", Date: "12x4", Time: "2359"},
			dsp.CallerID{Date: "03090705", Number: "2125550143"}},
		{"private", hal.CallerID{Presentation: hal.PresentationPrivate, Date: "0101", Time: "0000"},
			dsp.CallerID{Date: "01010000", NumberAbsent: "P"}},
		{"unavailable", hal.CallerID{Presentation: hal.PresentationUnavailable},
			dsp.CallerID{Date: "03090705", NumberAbsent: "O"}},
		{"a name longer than the field", hal.CallerID{Number: "442079460958", Name: "ANDERSON BROS ROOFING LTD"},
			dsp.CallerID{Date: "03090705", Number: "442079460958", Name: "ANDERSON BROS R"}},
		{"cut before a space", hal.CallerID{Number: "2125550143", Name: "HUDSON DENTAL   CARE"},
			dsp.CallerID{Date: "03090705", Number: "2125550143", Name: "HUDSON DENTAL"}},
		{"the screened form fits", hal.CallerID{Number: "2125550143", Name: "? HUDSON DENTAL"},
			dsp.CallerID{Date: "03090705", Number: "2125550143", Name: "? HUDSON DENTAL"}},
	} {
		got := HandsetCallerID(c.cid, now)
		c.want.Standard, c.want.Type = dsp.StandardBellcore, dsp.TypeMDMF
		if got.Date != c.want.Date || got.Number != c.want.Number || got.Name != c.want.Name ||
			got.NumberAbsent != c.want.NumberAbsent || got.NameAbsent != c.want.NameAbsent ||
			got.Standard != c.want.Standard || got.Type != c.want.Type {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// What HandsetCID sends decodes, with the hal/dsp receiver, to the caller
// and the received date and time.
func TestHandsetCID_Decodes(t *testing.T) {
	pcm := HandsetCID(&hal.CallerID{Number: "2125550143", Name: "HUDSON DENTAL", Date: "1224", Time: "2359"})
	s := dsp.Analyze(append(dsp.Silence(200*time.Millisecond), append(pcm, dsp.Silence(200*time.Millisecond)...)...), dsp.AnalyzeOptions{}).Summary()
	if s.CID == nil || s.CID.Number != "2125550143" || s.CID.Name != "HUDSON DENTAL" || s.CID.Date != "12242359" {
		t.Errorf("decoded %+v", s.CID)
	}
	if HandsetCID(nil) != nil {
		t.Error("no caller ID, yet a burst")
	}
	keys := HandsetDTMF()
	sig, err := dsp.DTMFSignal("15#", dsp.DTMFGenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(keys(append(sig, dsp.Silence(100*time.Millisecond)...))); got != "15#" {
		t.Errorf("handset keys %q, want 15#", got)
	}
}

// Whatever caller ID the driver lets through (cleaned, at most 50
// characters each), the handset is sent a message that fits and that its
// display reads back: the name whole, or cut to the display's characters
// (hal.FitDisplayName), the number whole or cut at a character boundary.
func FuzzHandsetCallerID(f *testing.F) {
	f.Add("2125550143", "HUDSON DENTAL")
	f.Add(strings.Repeat("9", 60), strings.Repeat("\U0001F600", 60))
	f.Add(strings.Repeat("\u0800", 50), strings.Repeat("\U00010000", 50))
	f.Add("", "\u202eEVIL\x1b[2J")
	now := time.Date(2026, 3, 9, 7, 5, 0, 0, time.Local)
	f.Fuzz(func(t *testing.T, number, name string) {
		cid := hal.CallerID{Number: clean.Name(number), Name: clean.Name(name), Presentation: hal.PresentationAvailable}
		msg, err := dsp.EncodeMessage(HandsetCallerID(cid, now))
		if err != nil {
			t.Fatalf("%+v: %v", cid, err)
		}
		got, err := dsp.ParseMessage(msg)
		if err != nil {
			t.Fatalf("%+v: the display cannot read %x: %v", cid, msg, err)
		}
		if !utf8.ValidString(got.Name) || !strings.HasPrefix(cid.Name, got.Name) || (cid.Name != "" && got.Name == "") {
			t.Fatalf("name %q reached the display as %q", cid.Name, got.Name)
		}
		if want := hal.FitDisplayName(cid.Name); got.Name != want {
			t.Fatalf("name %q cut to %q, want %q", cid.Name, got.Name, want)
		}
		if !strings.HasPrefix(cid.Number, got.Number) || (len(cid.Number) <= maxCIDNumber && got.Number != cid.Number) {
			t.Fatalf("number %q reached the display as %q", cid.Number, got.Number)
		}
	})
}
