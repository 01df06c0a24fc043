package screening

import (
	"errors"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// InstallSettings are the installer's settings: the box's hardware,
// applied when the box starts, and its time zone, applied at once (the
// installer sets them in secretary.txt on the image's boot partition, or
// with set).
type InstallSettings struct {
	TimeZone       string            // timezone: a tz database name; "" = the system's
	Modem          string            // modem: the modem's serial device; "" = auto
	Pins           map[string]string // pin.PART: GPIOn or none; absent = the board's wiring
	ConsoleSpeed   int               // console-speed: baud rate of the serial console
	RelayActiveLow bool              // relay-polarity: active-low
}

// PinParts are the parts a pin.PART setting moves (board/rpi's names),
// with what each is, in header order.
var PinParts = []struct{ Part, What, Default string }{
	{"relay", "the line relay's input", "GPIO17, header pin 11"},
	{"rm", "the SLIC's ring-mode input RM", "GPIO27, pin 13"},
	{"fr", "the SLIC's forward/reverse input F/R", "GPIO22, pin 15"},
	{"shk", "the SLIC's switch-hook output SHK", "GPIO23, pin 16"},
	{"led", "the message LED", "GPIO24, pin 18"},
	{"button", "the push button to ground", "GPIO25, pin 22"},
}

// ConsoleSpeeds are the baud rates console-speed accepts.
var ConsoleSpeeds = []int{9600, 19200, 38400, 57600, 115200, 230400}

// installSettings are the rows of the table applied at start.
func installSettings() []Setting {
	rows := []Setting{
		{Key: "timezone", Form: "ZONE or empty", Default: "", By: ByClock,
			Meaning: "time zone of the call log, schedules, stats and caller ID's time, a tz database name (America/New_York, Europe/Rome); empty: the system's (UTC on the image)",
			parse: func(s *Settings, v string) error {
				if v == "" {
					s.Install.TimeZone = ""
					return nil
				}
				if v == "Local" || strings.ContainsAny(v, " \\") || strings.Contains(v, "..") || strings.HasPrefix(v, "/") {
					return errors.New("want a tz database name such as America/New_York or UTC")
				}
				if _, err := time.LoadLocation(v); err != nil {
					return errors.New("unknown time zone; want a tz database name such as America/New_York or UTC")
				}
				s.Install.TimeZone = v
				return nil
			},
			format: func(s Settings) string { return s.Install.TimeZone }},
		{Key: "modem", Form: "auto|DEVICE", Default: "auto", By: AtStart,
			Meaning: "serial device of the voice modem; auto: the first /dev/serial/by-id entry, else /dev/ttyACM0",
			parse: func(s *Settings, v string) error {
				if strings.EqualFold(v, "auto") {
					s.Install.Modem = ""
					return nil
				}
				ok := strings.HasPrefix(v, "/dev/") && len(v) <= 200 && path.Clean(v) == v
				for _, c := range v { // the characters of device names (by-id, by-path)
					ok = ok && c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("/._:+@-", c))
				}
				if !ok {
					return errors.New("want auto or a device path such as /dev/ttyACM0")
				}
				s.Install.Modem = v
				return nil
			},
			format: func(s Settings) string { return cmpOr(s.Install.Modem, "auto") }},
	}
	for _, p := range PinParts {
		rows = append(rows, pinSetting(p.Part, p.What, p.Default))
	}
	return append(rows,
		Setting{Key: "console-speed", Form: "BAUD", Default: "115200", By: AtStart,
			Meaning: "baud rate of the owner's console on the board's UART (8N1): " + speeds(),
			parse: func(s *Settings, v string) error {
				n, err := strconv.Atoi(v)
				for _, ok := range ConsoleSpeeds {
					if err == nil && n == ok {
						s.Install.ConsoleSpeed = n
						return nil
					}
				}
				return errors.New("want one of " + speeds())
			},
			format: func(s Settings) string { return strconv.Itoa(s.Install.ConsoleSpeed) }},
		Setting{Key: "relay-polarity", Form: "active-high|active-low", Default: "active-high", By: AtStart,
			Meaning: "active-low if the relay module switches on a low input (it then needs a pull-up so an idle board leaves the phone on the line)",
			parse: func(s *Settings, v string) error {
				switch strings.ToLower(v) {
				case "active-high", "high":
					s.Install.RelayActiveLow = false
				case "active-low", "low":
					s.Install.RelayActiveLow = true
				default:
					return errors.New("want active-high or active-low")
				}
				return nil
			},
			format: func(s Settings) string {
				if s.Install.RelayActiveLow {
					return "active-low"
				}
				return "active-high"
			}},
	)
}

func pinSetting(part, what, def string) Setting {
	return Setting{Key: "pin." + part, Form: "GPIOn|none|board", Default: "board", By: AtStart,
		Meaning: "GPIO (BCM number) wired to " + what + "; none: not fitted; board: the board's (" + def + ")",
		parse: func(s *Settings, v string) error {
			n := v
			switch {
			case strings.EqualFold(v, "board"):
				n = ""
			case strings.EqualFold(v, "none"):
				n = "none"
			default:
				if len(n) > 4 && strings.EqualFold(n[:4], "gpio") {
					n = n[4:]
				}
				i, err := strconv.Atoi(n)
				if err != nil || i < 0 || i > 27 || strings.ContainsAny(n, "+-") {
					return errors.New("want GPIO0 to GPIO27 (BCM numbers), none or board")
				}
				n = "GPIO" + strconv.Itoa(i)
			}
			pins := make(map[string]string, len(s.Install.Pins)+1) // a copy: Settings are values
			for k, p := range s.Install.Pins {
				pins[k] = p
			}
			if n == "" {
				delete(pins, part)
			} else {
				pins[part] = n
			}
			s.Install.Pins = pins
			return nil
		},
		format: func(s Settings) string { return cmpOr(s.Install.Pins[part], "board") }}
}

func speeds() string {
	s := make([]string, len(ConsoleSpeeds))
	for i, v := range ConsoleSpeeds {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ", ")
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
