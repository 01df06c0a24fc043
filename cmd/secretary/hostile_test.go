package main

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/hal/modem/modemtest"
	"secretary/screening/clean"
)

// hostileNames are caller-ID names a caller (or a spoofing service) can
// send: what the owner must never see raw.
var hostileNames = []struct {
	name, sent, want string
}{
	{"bidi override", "INVOICE\u202Egpj.exe\u202C", "INVOICEgpj.exe"},
	{"bidi isolates", "\u2067BANK\u2069 \u2066SUPPORT\u2069", "BANK SUPPORT"},
	{"zero-width", "B\u200BA\u200CN\u200DK\uFEFF OF\u2060 AMERICA", "BANK OF AMERICA"},
	{"combining flood", "Z" + strings.Repeat("\u0301", 300) + "ALGO", "Z\u0301\u0301ALGO"},
	{"500 characters", strings.Repeat("LONG", 125), strings.Repeat("LONG", 12) + "LO"},
	{"invalid UTF-8", "BAD\xff\xfeNAME\xc3", "BADNAME"},
	{"escape sequences", "\x1b[2J\x1b]0;pwned\x07EVIL\x1b[31mRED\u009b1mX", "EVILREDX"},
}

// safe reports why s is not what the owner may be shown, or "".
func safe(s string, max int) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		return "too long"
	}
	marks := 0
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case unicode.IsControl(r):
			return "a control character"
		case unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs), r == 0x2028, r == 0x2029, r == utf8.RuneError:
			return "an invisible or format character"
		}
		if unicode.In(r, unicode.Mn, unicode.Me) {
			if marks++; marks > clean.MaxMarks {
				return "a pile of combining marks"
			}
		} else {
			marks = 0
		}
	}
	return ""
}

// Hostile caller-ID names through the modem emulator: the console's notices,
// log, log --json and the handset's caller-ID display show them cleaned
// (control and format characters, escape sequences and invalid UTF-8
// gone, combining marks limited, at most clean.NameMax characters), and
// nothing raw reaches the console at all. The calls are allowed and the
// box rings the handset itself (pass-ring), so it sends the name to the
// handset's display, cut to the display's 15 characters (hal.FitDisplayName).
func TestHostileNames_EndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	for _, h := range hostileNames {
		if got := clean.Name(h.sent); got != h.want {
			t.Fatalf("%s: the cleaner gives %q, the table wants %q", h.name, got, h.want)
		}
	}
	x := startE2E(t, e2eOptions{short: true, settings: map[string]string{"pass-ring": "on", "ring-gap": "2s"},
		rules: []string{"allow +12015550100"}})
	for i, h := range hostileNames {
		x.worldCmd("reset")
		from := x.out.Len()
		now := time.Now()
		c, err := x.emu.PlaceCall(modemtest.CallSpec{Cadence: []time.Duration{500 * time.Millisecond, time.Second}, MaxRings: 4,
			CID: &modemtest.CID{Date: now.Format("0102"), Time: now.Format("1504"), Number: "2015550100", Name: h.sent}})
		if err != nil {
			t.Fatal(err)
		}
		logs := x.waitLogs(i+1, 30*time.Second)
		<-c.Done()
		if got := logs[i].Name; got != h.want {
			t.Errorf("%s: logged name %q, want %q", h.name, got, h.want)
		}
		notice := "* call from 2015550100 " + h.want + ": rings through"
		if out := x.out.String()[from:]; !strings.Contains(out, notice) {
			t.Errorf("%s: no notice %q in:\n%s", h.name, notice, out)
		}
		display := handsetName(t, x)
		if want := hal.FitDisplayName(h.want); display != want {
			t.Errorf("%s: the handset's display shows %q, want %q (the name cut to the display)", h.name, display, want)
		}
		if why := safe(display, clean.NameMax); why != "" {
			t.Errorf("%s: the handset's display %q has %s", h.name, display, why)
		}
	}

	recs := x.logJSON()
	if len(recs) != len(hostileNames) {
		t.Fatalf("log --json: %d records, want %d", len(recs), len(hostileNames))
	}
	for i, h := range hostileNames {
		r := recs[len(recs)-1-i] // newest first
		if r.Name != h.want {
			t.Errorf("%s: log --json name %q, want %q", h.name, r.Name, h.want)
		}
		if why := safe(r.Name, clean.NameMax); why != "" {
			t.Errorf("%s: log --json name %q has %s", h.name, r.Name, why)
		}
	}
	table := x.console("log", func(s string) bool { return strings.Count(s, "\n") > len(hostileNames) })
	for _, h := range hostileNames {
		if !strings.Contains(table, h.want) {
			t.Errorf("%s: log lacks %q:\n%s", h.name, h.want, table)
		}
	}
	if why := safe(x.out.String(), 0); why != "" {
		t.Errorf("the console's output has %s", why)
	}
	for _, raw := range []string{"\u202E", "\u200B", "\uFEFF", "\x1b", "\xff", "\u0301\u0301\u0301", "pwned"} {
		if strings.Contains(x.out.String(), raw) {
			t.Errorf("the console's output holds %q", raw)
		}
	}
}

// handsetName decodes the caller ID the box sent the handset (the on-hook
// audio of the last call) and returns the name as the display gets it:
// the bytes of the message's name parameter.
func handsetName(t *testing.T, x *e2e) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		pcm, err := x.world.Heard(ctx, "handset-cid")
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		var name string
		found := false
		for _, e := range dsp.NewCIDReceiver(dsp.CIDRxOptions{Mode: dsp.CIDBellcore}).Process(pcm, nil) {
			if e.Err != nil {
				continue
			}
			for _, p := range e.CallerID.Params {
				if p.Type == 0x07 {
					name, found = string(p.Value), true
				}
			}
		}
		if found {
			return name
		}
		if time.Now().After(deadline) {
			t.Fatalf("no caller ID with a name sent to the handset (%d samples heard on-hook)", len(pcm))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
