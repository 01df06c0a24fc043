package bootfile

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Key is one setting of the file.
type Key struct {
	Name    string // as written in the file: "country"
	Help    string // one or two sentences for the template and the README
	Example string // a value shown (commented out) in the template
	check   func(v string) (string, error)
}

// The parts whose pins can be moved, in header order (board/rpi's names).
var pinParts = []struct{ part, what string }{
	{"relay", "the line relay's input (default GPIO17, header pin 11)"},
	{"rm", "the SLIC's ring-mode input RM (default GPIO27, header pin 13)"},
	{"fr", "the SLIC's forward/reverse input F/R (default GPIO22, header pin 15)"},
	{"shk", "the SLIC's switch-hook output SHK (default GPIO23, header pin 16)"},
	{"led", "the message LED (default GPIO24, header pin 18)"},
	{"button", "the push button to ground (default GPIO25, header pin 22)"},
}

// ConsoleSpeeds are the baud rates console-speed accepts.
var ConsoleSpeeds = []int{9600, 19200, 38400, 57600, 115200, 230400}

var keys = func() []Key {
	ks := []Key{
		{Name: "country", Example: "1", check: checkCountry,
			Help: "Country calling code of the line: 1 for North America, 44 for the UK, 49 for Germany. Numbers are stored in international form with it."},
		{Name: "area-code", Example: "212", check: checkAreaCode,
			Help: "Local area code, added to numbers that arrive without one (7-digit numbers in North America). Empty for none."},
		{Name: "timezone", Example: "America/New_York", check: checkZone,
			Help: "Time zone of the call log, schedules and do-not-disturb windows, as in the tz database (America/Chicago, Europe/London, UTC). The image's default is UTC."},
		{Name: "modem", Example: "auto", check: checkModem,
			Help: "Serial device of the USB voice modem. auto takes the first /dev/serial/by-id entry, else /dev/ttyACM0."},
	}
	for _, p := range pinParts {
		ks = append(ks, Key{Name: "pin." + p.part, Example: defaultPin(p.what), check: checkPin,
			Help: "GPIO (BCM number) wired to " + p.what + "; none if the part is not fitted."})
	}
	return append(ks,
		Key{Name: "console-speed", Example: "115200", check: checkSpeed,
			Help: "Baud rate of the owner's console on the board's UART (8 data bits, no parity, 1 stop bit): one of " + speeds() + "."},
		Key{Name: "relay-polarity", Example: "active-high", check: checkPolarity,
			Help: "active-high if the relay module switches on when its input is high (modules with a transistor driver), active-low if it switches on a low input (most opto-isolated modules; these need a pull-up so that an idle Pi leaves the phone on the line)."},
	)
}()

func defaultPin(what string) string {
	i := strings.Index(what, "GPIO")
	j := strings.IndexByte(what[i:], ',')
	return what[i : i+j]
}

func speeds() string {
	s := make([]string, len(ConsoleSpeeds))
	for i, v := range ConsoleSpeeds {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

// Keys lists every key in the order of the template.
func Keys() []Key { return append([]Key(nil), keys...) }

func lookup(name string) (Key, bool) {
	for _, k := range keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

func names() string {
	n := make([]string, len(keys))
	for i, k := range keys {
		n[i] = k.Name
	}
	return strings.Join(n, ", ")
}

// Check validates value for key and returns it in its normal form
// ("gpio5" becomes "GPIO5"). The error is one plain sentence wrapping
// ErrUnknownKey or ErrBadValue.
func Check(key, value string) (string, error) {
	k, ok := lookup(key)
	if !ok {
		return "", fmt.Errorf("%w %q (known: %s)", ErrUnknownKey, key, names())
	}
	v, err := k.check(strings.TrimSpace(value))
	if err != nil {
		return "", fmt.Errorf("%w: %s %q: %s", ErrBadValue, key, value, err.Error())
	}
	return v, nil
}

// StoreKey is the settings key under which the box keeps a file key:
// country and area-code are the screening settings of those names, the
// others the firmware's own ("fw.timezone", "fw.pin.relay").
func StoreKey(key string) string {
	if key == "country" || key == "area-code" {
		return key
	}
	return "fw." + key
}

// FromStoreKey is the file key kept under a settings key, if any.
func FromStoreKey(storeKey string) (string, bool) {
	for _, k := range keys {
		if StoreKey(k.Name) == storeKey {
			return k.Name, true
		}
	}
	return "", false
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func checkCountry(v string) (string, error) {
	v = strings.TrimPrefix(v, "+")
	if !digits(v) || len(v) > 3 || v[0] == '0' {
		return "", fmt.Errorf("want 1 to 3 digits without a leading 0, like 1 or 44")
	}
	return v, nil
}

func checkAreaCode(v string) (string, error) {
	if v == "" || strings.EqualFold(v, "none") {
		return "", nil
	}
	if !digits(v) || len(v) > 6 {
		return "", fmt.Errorf("want up to 6 digits, like 212, or empty")
	}
	return v, nil
}

func checkZone(v string) (string, error) {
	if v == "" || v == "Local" || strings.ContainsAny(v, " \\") || strings.Contains(v, "..") || strings.HasPrefix(v, "/") {
		return "", fmt.Errorf("want a tz database name like America/New_York or UTC")
	}
	if _, err := time.LoadLocation(v); err != nil {
		return "", fmt.Errorf("unknown time zone; want a tz database name like America/New_York or UTC")
	}
	return v, nil
}

func checkModem(v string) (string, error) {
	if strings.EqualFold(v, "auto") {
		return "auto", nil
	}
	ok := strings.HasPrefix(v, "/dev/") && len(v) <= 200 && path.Clean(v) == v
	for _, c := range v {
		if unicode.IsSpace(c) || !unicode.IsPrint(c) {
			ok = false
		}
	}
	if !ok {
		return "", fmt.Errorf("want auto or a device path such as /dev/ttyACM0")
	}
	return v, nil
}

func checkPin(v string) (string, error) {
	if strings.EqualFold(v, "none") {
		return "none", nil
	}
	n := v
	if len(n) > 4 && strings.EqualFold(n[:4], "gpio") {
		n = n[4:]
	}
	if i, err := strconv.Atoi(n); err == nil && digits(n) && i >= 0 && i <= 27 {
		return "GPIO" + strconv.Itoa(i), nil
	}
	return "", fmt.Errorf("want a header GPIO from GPIO0 to GPIO27 (BCM numbering), or none")
}

func checkSpeed(v string) (string, error) {
	n, err := strconv.Atoi(v)
	if err == nil {
		for _, s := range ConsoleSpeeds {
			if s == n {
				return v, nil
			}
		}
	}
	return "", fmt.Errorf("want one of %s", speeds())
}

func checkPolarity(v string) (string, error) {
	switch strings.ToLower(v) {
	case "active-high", "high":
		return "active-high", nil
	case "active-low", "low":
		return "active-low", nil
	}
	return "", fmt.Errorf("want active-high or active-low")
}
