package bootfile

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"secretary/board/rpi"
	"secretary/screening"
)

func TestParse_Settings(t *testing.T) {
	in := "\xef\xbb\xbf# installer\r\n" +
		"country = 44\r\n" +
		"AREA_CODE=20\r\n" +
		"  timezone =  Europe/London   # the office\r\n" +
		"modem = \"/dev/serial/by-id/usb-Conexant_USB_Modem-if00\"\r\n" +
		"pin.relay = gpio5\n" +
		"pin.led = none\n" +
		"console-speed = 9600\n" +
		"relay-polarity = LOW\n" +
		"; also a comment\n"
	r := parse([]byte(in))
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
		{"bad country", "country = 0044", 1, "country \"0044\": country code \"0044\" must be 1 to 3 digits"},
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
			r := parse([]byte(c.in))
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
		r := parse(b)
		if v, _ := r.Value("area-code"); len(r.Problems) != 0 || v != "20" {
			t.Errorf("big endian %v: %+v", big, r)
		}
	}
	// without a byte-order mark, NULs are not text
	if r := parse([]byte("c\x00o\x00=\x001\x00")); len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Msg, "not plain text") {
		t.Errorf("NULs: %+v", r.Problems)
	}
}

func TestParse_BadLineKeepsTheGoodOnes(t *testing.T) {
	r := parse([]byte("country = 1\narea-code = twelve\ntimezone = UTC\n"))
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
	r := parse(big)
	if len(r.Problems) != MaxProblems || r.More == 0 {
		t.Fatalf("%d problems, %d more; want %d listed and the rest counted", len(r.Problems), r.More, MaxProblems)
	}
	if r.Problems[0].Line != 0 || !strings.Contains(r.Problems[0].Msg, "larger than") {
		t.Fatalf("first problem %v, want the size", r.Problems[0])
	}
}

func TestTemplate_ParsesCleanAndDocumentsEveryKey(t *testing.T) {
	tpl := Template()
	r := parse([]byte(tpl))
	if len(r.Problems) != 0 || len(r.Settings) != 0 {
		t.Fatalf("the shipped template must change nothing: %+v", r)
	}
	var un strings.Builder
	for _, l := range strings.Split(tpl, "\n") {
		for _, k := range Keys() {
			if strings.HasPrefix(l, "# "+k.Name+" = ") {
				un.WriteString(strings.TrimPrefix(l, "# ") + "\n")
			}
		}
	}
	r = parse([]byte(un.String()))
	if len(r.Problems) != 0 || len(r.Settings) != len(fileKeys) {
		t.Fatalf("uncommented examples: %d settings, problems %v; want every key clean", len(r.Settings), r.Problems)
	}
	for _, l := range strings.Split(tpl, "\n") {
		if utf8.RuneCountInString(l) > 80 {
			t.Errorf("template line longer than 80 columns: %q", l)
		}
	}
}

func parse(b []byte) Result { return Parse(b, screening.DefaultSettings()) }

// The file documents the board's wiring: each pin key's example is the
// board's default, and the settings table says the same.
func TestKeys_PinDefaultsAreTheBoards(t *testing.T) {
	def := rpi.DefaultPins()
	if len(def) != len(screening.PinParts) {
		t.Fatalf("board/rpi has %d parts, the settings %d", len(def), len(screening.PinParts))
	}
	for _, p := range screening.PinParts {
		var ex string
		for _, f := range fileKeys {
			if f.name == "pin."+p.Part {
				ex = f.example
			}
		}
		if def[p.Part] == "" || ex != def[p.Part] || !strings.HasPrefix(p.Default, def[p.Part]+",") {
			t.Errorf("pin.%s: example %s, table %q, board/rpi wires %s", p.Part, ex, p.Default, def[p.Part])
		}
	}
}

// Every setting the box applies at start is in the file (and so in the
// template), with the country and the area code.
func TestKeys_AllInstallerSettings(t *testing.T) {
	for _, k := range screening.SettingTable() {
		if (k.By == screening.AtStart || k.Key == "country" || k.Key == "area-code") && !known(k.Key) {
			t.Errorf("%s is applied at start but secretary.txt does not take it", k.Key)
		}
	}
	if len(Keys()) != len(fileKeys) {
		t.Fatal("Keys() incomplete")
	}
}

// The file is checked against the box's current settings, as the store
// will check it: a UK area code is fine for a UK box.
func TestParse_AgainstTheStoredSettings(t *testing.T) {
	uk := screening.DefaultSettings()
	if err := uk.Set("country", "44"); err != nil {
		t.Fatal(err)
	}
	if r := Parse([]byte("area-code = 20\n"), uk); len(r.Problems) != 0 {
		t.Fatalf("UK area code on a UK box: %v", r.Problems)
	}
	if r := parse([]byte("area-code = 20\n")); len(r.Problems) != 1 {
		t.Fatalf("UK area code on a North American box accepted: %+v", r)
	}
	// moving a box: both in the file, whatever was stored before
	if r := Parse([]byte("area-code = 212\ncountry = 1\n"), uk); len(r.Problems) != 0 {
		t.Fatalf("a UK box moved to New York: %v", r.Problems)
	}
}

// The README's "Installing the box" documents every key.
func TestReadme_DocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
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
		r := parse(data)
		if len(r.Problems) > MaxProblems {
			t.Fatalf("%d problems listed", len(r.Problems))
		}
		// the accepted settings, written out again, read back the same
		var again strings.Builder
		for _, s := range r.Settings {
			if strings.ContainsAny(s.Value, "\n\r\x00\"") {
				t.Fatalf("%s = %q cannot be written back", s.Key, s.Value)
			}
			// quoted, as an installer writes a value with a # in it (a URL's fragment)
			fmt.Fprintf(&again, "%s = \"%s\"\n", s.Key, s.Value)
		}
		r2 := parse([]byte(again.String()))
		if len(r2.Problems) != 0 || len(r2.Settings) != len(r.Settings) {
			t.Fatalf("accepted settings %v read back with problems %v", r.Settings, r2.Problems)
		}
		for i := range r.Settings {
			if r2.Settings[i].Key != r.Settings[i].Key || r2.Settings[i].Value != r.Settings[i].Value {
				t.Fatalf("%v read back as %v", r.Settings[i], r2.Settings[i])
			}
		}
		for _, p := range r.Problems {
			if !utf8.ValidString(p.Msg) || strings.ContainsAny(p.Msg, "\n\r\x1b") {
				t.Fatalf("problem message unsafe for a terminal: %q", p.Msg)
			}
		}
	})
}

// The delivery settings come from the file too; a secret's value is never
// repeated in a problem.
func TestParse_Delivery(t *testing.T) {
	in := "email-to = owner@example.com, office@example.com\n" +
		"smtp-server = smtp.gmail.com\n" +
		"smtp-security = starttls\n" +
		"smtp-user = owner@example.com\n" +
		"smtp-password = \"abcd efgh ijkl mnop\"\n" +
		"push-url = https://ntfy.sh/front-desk-4711\n"
	r := parse([]byte(in))
	if len(r.Problems) != 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	want := map[string]string{"email-to": "owner@example.com,office@example.com", "smtp-server": "smtp.gmail.com",
		"smtp-security": "starttls", "smtp-user": "owner@example.com", "smtp-password": "abcd efgh ijkl mnop",
		"push-url": "https://ntfy.sh/front-desk-4711"}
	for k, v := range want {
		if got, ok := r.Value(k); !ok || got != v {
			t.Errorf("%s = %q (%v), want %q", k, got, ok, v)
		}
	}
	long := strings.Repeat("s3cr3t", 100)
	r = parse([]byte("push-token = " + long + "\nsmtp-server = smtp..example.com\n"))
	if len(r.Problems) != 2 {
		t.Fatalf("problems %v, want 2", r.Problems)
	}
	all := r.Problems[0].String() + "\n" + r.Problems[1].String()
	if strings.Contains(all, "s3cr3t") || !strings.Contains(all, "line 1: push-token (hidden): want at most 512 characters") ||
		!strings.Contains(all, `line 2: smtp-server "smtp..example.com"`) {
		t.Errorf("problems:\n%s", all)
	}
}
