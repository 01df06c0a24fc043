package bootfile

import (
	"fmt"
	"strings"

	"secretary/screening"
)

// Key is one setting the file accepts: a row of the settings table
// (screening.SettingTable), which validates its values and documents it.
type Key struct {
	Name    string // as written in the file and typed at the console: "country"
	Help    string // the table's meaning, form and default
	Example string // a value shown (commented out) in the template
}

// fileKeys are the installer's settings, in the template's order (the
// country first: the area code is checked against it).
var fileKeys = []struct{ name, example string }{
	{"country", "1"},
	{"area-code", "212"},
	{"timezone", "America/New_York"},
	{"modem", "auto"},
	{"pin.relay", "GPIO17"},
	{"pin.rm", "GPIO27"},
	{"pin.fr", "GPIO22"},
	{"pin.shk", "GPIO23"},
	{"pin.led", "GPIO24"},
	{"pin.button", "GPIO25"},
	{"console-speed", "115200"},
	{"relay-polarity", "active-high"},
	{"email-to", "owner@example.com"},
	{"smtp-server", "smtp.gmail.com"},
	{"smtp-security", "starttls"},
	{"smtp-user", "owner@example.com"},
	{"smtp-password", "abcd efgh ijkl mnop"},
	{"email-from", "owner@example.com"},
	{"push-url", "https://ntfy.sh/"},
	{"push-topic", "my-secret-topic"},
	{"push-token", "tk_..."},
}

// Keys lists the keys of the file in the order of the template.
func Keys() []Key {
	out := make([]Key, 0, len(fileKeys))
	for _, f := range fileKeys {
		k, ok := screening.LookupSetting(f.name)
		if !ok {
			panic("bootfile: " + f.name + " is not in the settings table") // tested
		}
		def := k.Default
		if def == "" {
			def = "empty"
		}
		out = append(out, Key{Name: f.name, Example: f.example,
			Help: fmt.Sprintf("%s. Form: %s; default %s.", upper(k.Meaning), k.Form, def)})
	}
	return out
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func known(name string) bool {
	for _, f := range fileKeys {
		if f.name == name {
			return true
		}
	}
	return false
}

func names() string {
	n := make([]string, len(fileKeys))
	for i, f := range fileKeys {
		n[i] = f.name
	}
	return strings.Join(n, ", ")
}
