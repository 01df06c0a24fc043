package screening_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// Every row of the table is complete, its default is what DefaultSettings
// holds, and the value Get renders reads back to the same value.
func TestSettingTable_Complete(t *testing.T) {
	def := screening.DefaultSettings()
	seen := map[string]bool{}
	for _, k := range screening.SettingTable() {
		if k.Key == "" || k.Form == "" || k.Meaning == "" || strings.ToLower(k.Key) != k.Key {
			t.Errorf("incomplete row %+v", k)
		}
		for _, n := range append([]string{k.Key}, k.Aliases...) {
			if seen[n] {
				t.Errorf("%s named twice", n)
			}
			seen[n] = true
			if got, ok := screening.LookupSetting(n); !ok || got.Key != k.Key {
				t.Errorf("LookupSetting(%s) = %s, %v", n, got.Key, ok)
			}
		}
		v, err := def.Get(k.Key)
		if err != nil {
			t.Fatalf("Get(%s): %v", k.Key, err)
		}
		s := screening.DefaultSettings()
		if err := s.Set(k.Key, k.Default); err != nil {
			t.Errorf("%s: its own default %q is refused: %v", k.Key, k.Default, err)
		}
		if v != "" {
			if err := s.Set(k.Key, v); err != nil {
				t.Errorf("%s: Get's %q does not read back: %v", k.Key, v, err)
			}
		}
		if got, _ := s.Get(k.Key); got != v {
			t.Errorf("%s: after setting the default, Get = %q, want %q", k.Key, got, v)
		}
	}
}

func TestSettings_SetGet(t *testing.T) {
	for _, c := range []struct{ key, value, get string }{
		{"mode", "DND", "dnd"},
		{"block-treatment", "sit", "sit"},
		{"repeat-window", "10m0s", "10m"},
		{"repeat-window", "0", "0"},
		{"challenge", "on", "on"},
		{"challenge", "No", "off"},
		{"challenge-tries", "5", "5"},
		{"log-max", "50", "50"},
		{"area-code", "212", "212"},
		{"area-code", "", ""},
		{"national-prefix", "auto", "1"},
		{"default", "voicemail", "voicemail"},
		{"ring-gap", "6s", "6s"},
		{"fw.ring-gap", "5s", "5s"}, // the older name of ring-gap
		{"message-limit", "90s", "1m30s"},
		{"drop-hold", "750ms", "750ms"},
		{"pass-ring", "on", "on"},
		{"pass-ring", "Auto", "auto"},
		{"pass-ring", "no", "off"},
		{"challenge-remember", "30d", "30d"},
		{"challenge-remember", "720h", "30d"},
		{"challenge-remember", "12h", "12h"},
		{"challenge-remember", "90s", "1m30s"},
		{"challenge-remember", "0", "0"},
		{"challenge-remember", "365d", "365d"},
		{"reject-sit", "yes", "on"},
		{"urgent-ring", "off", "off"},
		{"message-lamp", "reversal", "reversal"},
		{"message-lamp", "off", "off"},
		{"timezone", "Europe/London", "Europe/London"},
		{"timezone", "", ""},
		{"modem", "AUTO", "auto"},
		{"modem", "/dev/serial/by-id/usb-Conexant_USB_Modem_24680246-if00", "/dev/serial/by-id/usb-Conexant_USB_Modem_24680246-if00"},
		{"pin.relay", "gpio5", "GPIO5"},
		{"pin.led", "none", "none"},
		{"pin.shk", "board", "board"},
		{"console-speed", "9600", "9600"},
		{"relay-polarity", "LOW", "active-low"},
	} {
		s := screening.DefaultSettings()
		if err := s.Set(c.key, c.value); err != nil {
			t.Errorf("Set(%s, %q): %v", c.key, c.value, err)
			continue
		}
		if got, _ := s.Get(c.key); got != c.get {
			t.Errorf("Set(%s, %q): Get = %q, want %q", c.key, c.value, got, c.get)
		}
	}
	for _, c := range []struct{ key, value string }{
		{"mode", "party"}, {"mode", ""}, {"area-code", "12"}, {"country", ""}, {"country", "0"},
		{"repeat-window", "soon"}, {"repeat-window", "-1s"}, {"challenge", "maybe"}, {"log-max", "-1"},
		{"default", "drop"}, {"block-treatment", "shout"}, {"block-treatment", "default"},
		{"ring-gap", "0"}, {"ring-gap", "2h"}, {"name-limit", "6"}, {"challenge-tries", "0"},
		{"challenge-tries", "many"}, {"pass-ring", ""}, {"pass-ring", "sometimes"}, {"dnd-schedule", "9pm"},
		{"challenge-remember", "366d"}, {"challenge-remember", "-1d"}, {"challenge-remember", "-5s"}, {"challenge-remember", "d"},
		{"challenge-remember", "month"}, {"challenge-remember", "9000h"},
		{"timezone", "Mars/Olympus"}, {"timezone", "../../etc/passwd"}, {"timezone", "Local"},
		{"modem", "ttyACM0"}, {"modem", "/dev/../etc/shadow"}, {"modem", `/dev/tty"x`}, {"modem", "/dev/tty ACM0"},
		{"pin.relay", "GPIO28"}, {"pin.relay", "-1"}, {"console-speed", "115201"}, {"relay-polarity", "inverted"},
		{"urgent-ring", "sometimes"}, {"message-lamp", "rpas"}, {"message-lamp", ""},
	} {
		s := screening.DefaultSettings()
		err := s.Set(c.key, c.value)
		if !errors.Is(err, screening.ErrSyntax) || !strings.Contains(err.Error(), c.key+"=") ||
			!strings.Contains(err.Error(), "want") && !strings.Contains(err.Error(), "must") {
			t.Errorf("Set(%s, %q) = %v, want a syntax error saying what is wanted", c.key, c.value, err)
		}
		if !settingsEqual(s, screening.DefaultSettings()) {
			t.Errorf("Set(%s, %q) refused but changed the settings", c.key, c.value)
		}
	}
	s := screening.DefaultSettings()
	err := s.Set("colour", "red")
	if !errors.Is(err, screening.ErrUnknownSetting) || !strings.Contains(err.Error(), "ring-gap") || !strings.Contains(err.Error(), "mode") {
		t.Errorf("unknown key: %v, want ErrUnknownSetting naming the keys", err)
	}
}

func settingsEqual(a, b screening.Settings) bool {
	for _, k := range screening.SettingKeys() {
		va, _ := a.Get(k)
		vb, _ := b.Get(k)
		if va != vb {
			return false
		}
	}
	return true
}

func TestSettings_Reset(t *testing.T) {
	s := screening.DefaultSettings()
	for _, kv := range [][2]string{{"ring-gap", "3s"}, {"mode", "vacation"}, {"challenge", "on"}} {
		if err := s.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
		if err := s.Reset(kv[0]); err != nil {
			t.Fatal(err)
		}
	}
	if !settingsEqual(s, screening.DefaultSettings()) {
		t.Error("Reset did not give back the defaults")
	}
	if err := s.Reset("colour"); !errors.Is(err, screening.ErrUnknownSetting) {
		t.Errorf("Reset(colour) = %v", err)
	}
}

// Stored text is read in any order; the older fw.* names are read when the
// current key is absent; a bad value or an unknown key is a problem that
// leaves the default, never a failure.
func TestLoadSettings(t *testing.T) {
	s := screening.LoadSettings(map[string]string{
		"area-code": "20", "country": "44", // the area code is valid only for the country
		"fw.ring-gap": "3s", "fw.pass-ring": "on", // older names
		"challenge-timeout": "2s", "fw.challenge-timeout": "9s", // both: the current name wins
		"name-limit": "soon", "mode": "party", // bad values
		"fw.colour": "blue", // nobody knows it
	})
	want := map[string]string{"country": "44", "area-code": "20", "ring-gap": "3s", "pass-ring": "on",
		"challenge-timeout": "2s", "name-limit": "6s", "mode": "normal", "national-prefix": "0"}
	for k, v := range want {
		if got, _ := s.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if s.Firmware.RingGap != 3*time.Second || s.Firmware.PassRing != screening.SwitchOn || s.Firmware.ChallengeTimeout != 2*time.Second {
		t.Errorf("typed fields: %+v", s.Firmware)
	}
	var got []string
	for _, p := range s.Problems {
		got = append(got, p.Error())
	}
	all := strings.Join(got, "\n")
	if len(s.Problems) != 3 || !strings.Contains(all, "name-limit") || !strings.Contains(all, "mode") ||
		!strings.Contains(all, "fw.colour") || !strings.Contains(all, "using the default") {
		t.Errorf("problems:\n%s", all)
	}
	var p *screening.SettingProblem
	if !errors.As(s.Problems[0], &p) || !errors.Is(s.ProblemsError(), screening.ErrUnknownSetting) || !errors.Is(s.ProblemsError(), screening.ErrSyntax) {
		t.Errorf("problems are not typed: %v", s.Problems)
	}
	if clean := screening.LoadSettings(nil); clean.Problems != nil || !settingsEqual(clean, screening.DefaultSettings()) {
		t.Errorf("empty store: %+v", clean)
	}
}

func ExampleSettings_Set() {
	s := screening.DefaultSettings()
	fmt.Println(s.Set("ring-gap", "6s"), s.Firmware.RingGap)
	fmt.Println(s.Set("ring-gap", "soon"))
	// Output:
	// <nil> 6s
	// screening: syntax error: ring-gap="soon": want a duration from 1s to 1m, such as 8s
}

// Set never panics, and a value it takes renders to one it takes again,
// unchanged.
func FuzzSettingsSet(f *testing.F) {
	for _, k := range screening.SettingKeys() {
		f.Add(k, "")
	}
	for _, kv := range [][2]string{{"ring-gap", "6s"}, {"mode", "DND"}, {"country", "44"}, {"fw.pass-ring", "on"}, {"repeat-window", "1h30m"}, {"drop-hold", "1.5s"}} {
		f.Add(kv[0], kv[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		s := screening.DefaultSettings()
		if err := s.Set(key, value); err != nil {
			return
		}
		v, err := s.Get(key)
		if err != nil {
			t.Fatalf("Set(%q, %q) took it but Get fails: %v", key, value, err)
		}
		s2 := screening.DefaultSettings()
		if err := s2.Set("country", s.Number.CountryCode); err != nil {
			t.Fatal(err)
		}
		if err := s2.Set(key, v); err != nil {
			t.Fatalf("Set(%q, %q) took it, Get renders %q, which Set refuses: %v", key, value, v, err)
		}
		if v2, _ := s2.Get(key); v2 != v {
			t.Fatalf("%q -> %q -> %q", value, v, v2)
		}
	})
}

var updateREADME = flag.Bool("update-readme", false, "rewrite the settings table in ../README.md")

const (
	readmeStart = "<!-- settings: generated from screening.SettingTable by `go test ./screening -run README -update-readme` -->"
	readmeEnd   = "<!-- end of settings -->"
)

// The README's settings list is the table: every key, its form, default
// and meaning.
func TestREADME_ListsEverySetting(t *testing.T) {
	var b strings.Builder
	b.WriteString(readmeStart + "\n\n| setting | value | default | what it does | applied by |\n|---|---|---|---|---|\n")
	for _, k := range screening.SettingTable() {
		def := k.Default
		if def == "" {
			def = "(none)"
		}
		name := "`" + k.Key + "`"
		if len(k.Aliases) > 0 {
			name += " (was `" + strings.Join(k.Aliases, "`, `") + "`)"
		}
		fmt.Fprintf(&b, "| %s | `%s` | `%s` | %s | %s |\n", name, strings.ReplaceAll(k.Form, "|", `\|`), def,
			strings.ReplaceAll(k.Meaning, "|", `\|`), k.By)
	}
	b.WriteString("\n" + readmeEnd)
	want := b.String()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, readmeStart), strings.Index(readme, readmeEnd)
	if *updateREADME && i >= 0 && j > i {
		readme = readme[:i] + want + readme[j+len(readmeEnd):]
		if err := os.WriteFile("../README.md", []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if i < 0 || j < i {
		t.Fatalf("README.md has no settings section (%q ... %q)", readmeStart, readmeEnd)
	}
	if got := readme[i : j+len(readmeEnd)]; got != want {
		t.Errorf("README.md's settings list is not the table; run: go test ./screening -run README -update-readme\ngot:\n%s\nwant:\n%s", got, want)
	}
}
