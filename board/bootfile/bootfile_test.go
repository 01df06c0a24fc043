package bootfile

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"secretary/board/rpi"
)

func TestParse_Settings(t *testing.T) {
	in := "\xef\xbb\xbf# installer\r\n" +
		"country = +44\r\n" +
		"AREA_CODE=20\r\n" +
		"  timezone =  Europe/London   # the office\r\n" +
		"modem = \"/dev/serial/by-id/usb-Conexant_USB_Modem-if00\"\r\n" +
		"pin.relay = gpio5\n" +
		"pin.led = none\n" +
		"console-speed = 9600\n" +
		"relay-polarity = LOW\n" +
		"; also a comment\n"
	r := Parse([]byte(in))
	if len(r.Problems) != 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	want := map[string]string{
		"country": "44", "area-code": "20", "timezone": "Europe/London",
		"modem": "/dev/serial/by-id/usb-Conexant_USB_Modem-if00", "pin.relay": "GPIO5", "pin.led": "none",
		"console-speed": "9600", "relay-polarity": "active-low",
	}
	if len(r.Settings) != len(want) {
		t.Fatalf("settings %v, want %d", r.Settings, len(want))
	}
	for k, v := range want {
		if got, ok := r.Value(k); !ok || got != v {
			t.Errorf("%s = %q (%v), want %q", k, got, ok, v)
		}
	}
	// in the order of Keys(), whatever the file's order
	if r.Settings[0].Key != "country" || r.Settings[0].Line != 2 {
		t.Errorf("first setting %+v, want country from line 2", r.Settings[0])
	}
}

func TestParse_Problems(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"unknown key", "contry = 1", 1, `unknown key "contry"`},
		{"no equals", "country 1", 1, "is not a key = value line"},
		{"bad country", "country = 0044", 1, "country \"0044\": want 1 to 3 digits"},
		{"bad zone", "\n\ntimezone = Mars/Olympus", 3, "unknown time zone"},
		{"zone path", "timezone = ../../etc/passwd", 1, "tz database name"},
		{"bad pin", "pin.shk = GPIO40", 1, "GPIO0 to GPIO27"},
		{"bad speed", "console-speed = 115201", 1, "want one of 9600"},
		{"bad polarity", "relay-polarity = inverted", 1, "active-high or active-low"},
		{"relative modem", "modem = ttyACM0", 1, "device path"},
		{"modem with dots", "modem = /dev/../etc/shadow", 1, "device path"},
		{"open quote", `modem = "/dev/ttyACM0`, 1, "quote is not closed"},
		{"control char", "area-code = 2\x1b[2J12", 1, "control or invisible"},
		{"not utf-8", "country = \xff\xfe", 1, "not plain text"},
		{"long line", "country = " + strings.Repeat("1", MaxLine), 1, "longer than"},
		{"twice", "country = 1\ncountry = 44", 2, "set again (first on line 1)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Parse([]byte(c.in))
			if len(r.Problems) != 1 {
				t.Fatalf("problems %v, want one", r.Problems)
			}
			p := r.Problems[0]
			if p.Line != c.line || !strings.Contains(p.Msg, c.msg) {
				t.Fatalf("problem %q on line %d, want %q on line %d", p.Msg, p.Line, c.msg, c.line)
			}
			if !strings.HasPrefix(p.String(), "secretary.txt line ") {
				t.Errorf("String() = %q", p.String())
			}
		})
	}
}

// Notepad's "Unicode" is UTF-16 with a byte-order mark; both orders read.
func TestParse_UTF16(t *testing.T) {
	text := "country = 44\r\narea-code = 20\r\n"
	for _, big := range []bool{false, true} {
		b := []byte{0xff, 0xfe}
		if big {
			b = []byte{0xfe, 0xff}
		}
		for _, c := range utf16.Encode([]rune(text)) {
			if big {
				b = append(b, byte(c>>8), byte(c))
			} else {
				b = append(b, byte(c), byte(c>>8))
			}
		}
		r := Parse(b)
		if v, _ := r.Value("area-code"); len(r.Problems) != 0 || v != "20" {
			t.Errorf("big endian %v: %+v", big, r)
		}
	}
	// without a byte-order mark, NULs are not text
	if r := Parse([]byte("c\x00o\x00=\x001\x00")); len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Msg, "not plain text") {
		t.Errorf("NULs: %+v", r.Problems)
	}
}

func TestParse_BadLineKeepsTheGoodOnes(t *testing.T) {
	r := Parse([]byte("country = 1\narea-code = twelve\ntimezone = UTC\n"))
	if len(r.Problems) != 1 || r.Problems[0].Key != "area-code" {
		t.Fatalf("problems %v", r.Problems)
	}
	if _, ok := r.Value("area-code"); ok {
		t.Fatal("a bad area code was kept")
	}
	if v, _ := r.Value("country"); v != "1" {
		t.Fatalf("country = %q", v)
	}
	if v, _ := r.Value("timezone"); v != "UTC" {
		t.Fatalf("timezone = %q", v)
	}
}

func TestParse_Garbage(t *testing.T) {
	big := []byte(strings.Repeat("garbage line\n", MaxSize/5))
	r := Parse(big)
	if len(r.Problems) != MaxProblems || r.More == 0 {
		t.Fatalf("%d problems, %d more; want %d listed and the rest counted", len(r.Problems), r.More, MaxProblems)
	}
	if r.Problems[0].Line != 0 || !strings.Contains(r.Problems[0].Msg, "larger than") {
		t.Fatalf("first problem %v, want the size", r.Problems[0])
	}
}

func TestTemplate_ParsesCleanAndDocumentsEveryKey(t *testing.T) {
	tpl := Template()
	r := Parse([]byte(tpl))
	if len(r.Problems) != 0 || len(r.Settings) != 0 {
		t.Fatalf("the shipped template must change nothing: %+v", r)
	}
	var un strings.Builder
	for _, l := range strings.Split(tpl, "\n") {
		for _, k := range keys {
			if strings.HasPrefix(l, "# "+k.Name+" = ") {
				un.WriteString(strings.TrimPrefix(l, "# ") + "\n")
			}
		}
	}
	r = Parse([]byte(un.String()))
	if len(r.Problems) != 0 || len(r.Settings) != len(keys) {
		t.Fatalf("uncommented examples: %d settings, problems %v; want every key clean", len(r.Settings), r.Problems)
	}
	for _, l := range strings.Split(tpl, "\n") {
		if utf8.RuneCountInString(l) > 80 {
			t.Errorf("template line longer than 80 columns: %q", l)
		}
	}
}

func TestKeys_PinDefaultsAreTheBoards(t *testing.T) {
	def := rpi.DefaultPins()
	for _, p := range pinParts {
		k, _ := lookup("pin." + p.part)
		if def[p.part] == "" || k.Example != def[p.part] {
			t.Errorf("pin.%s documents %s, board/rpi wires %s", p.part, k.Example, def[p.part])
		}
	}
	if len(def) != len(pinParts) {
		t.Errorf("board/rpi has %d parts, the file %d", len(def), len(pinParts))
	}
}

func TestCheck(t *testing.T) {
	if v, err := Check("pin.button", " 25 "); err != nil || v != "GPIO25" {
		t.Fatalf("Check = %q, %v", v, err)
	}
	if _, err := Check("pin.buton", "GPIO25"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key: %v", err)
	}
	if _, err := Check("console-speed", "fast"); !errors.Is(err, ErrBadValue) {
		t.Fatalf("bad value: %v", err)
	}
	if v, err := Check("area-code", ""); err != nil || v != "" {
		t.Fatalf("empty area code = %q, %v; want cleared", v, err)
	}
}

func TestStoreKey_RoundTrip(t *testing.T) {
	for _, k := range Keys() {
		sk := StoreKey(k.Name)
		back, ok := FromStoreKey(sk)
		if !ok || back != k.Name {
			t.Errorf("%s -> %s -> %s", k.Name, sk, back)
		}
	}
	if StoreKey("country") != "country" || StoreKey("timezone") != "fw.timezone" {
		t.Fatal("store keys changed: settings already stored would be lost")
	}
	if _, ok := FromStoreKey("fw.ring-gap"); ok {
		t.Fatal("a firmware timing key taken for an installer key")
	}
}

// The README's "Installing the box" documents every key.
func TestReadme_DocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !strings.Contains(string(b), "`"+k.Name+"`") {
			t.Errorf("README.md does not document `%s`", k.Name)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(Template()))
	f.Add([]byte("country = 1\narea-code = 212\npin.relay = GPIO17\n"))
	f.Add([]byte("modem = \"/dev/ttyACM0\" # usb\r\nrelay-polarity=low"))
	f.Add([]byte("\xef\xbb\xbftimezone = America/New_York\n\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Parse(data)
		if len(r.Problems) > MaxProblems {
			t.Fatalf("%d problems listed", len(r.Problems))
		}
		seen := map[string]bool{}
		for _, s := range r.Settings {
			if seen[s.Key] {
				t.Fatalf("key %s twice", s.Key)
			}
			seen[s.Key] = true
			// every accepted value is accepted again as it is (normal form)
			if v, err := Check(s.Key, s.Value); err != nil || v != s.Value {
				t.Fatalf("%s = %q not in normal form: %q, %v", s.Key, s.Value, v, err)
			}
			if strings.ContainsAny(s.Value, "\n\r\x00") {
				t.Fatalf("%s = %q holds a line break", s.Key, s.Value)
			}
		}
		for _, p := range r.Problems {
			if !utf8.ValidString(p.Msg) || strings.ContainsAny(p.Msg, "\n\r\x1b") {
				t.Fatalf("problem message unsafe for a terminal: %q", p.Msg)
			}
		}
	})
}
