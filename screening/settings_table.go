package screening

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"secretary/screening/number"
	"secretary/screening/schedule"
)

// Applier is who acts on a setting.
type Applier int

const (
	// ByScreening: the engine, on every decision.
	ByScreening Applier = iota
	// ByFirmware: the firmware, when a call starts (firmware.CallConfig),
	// and its mailbox.
	ByFirmware
	// AtStart: the box, when it starts: hardware (InstallSettings).
	AtStart
	// ByConsole: the owner's console, when a session starts.
	ByConsole
	// ByClock: the box's clock, at once (the time zone).
	ByClock
	// ByDelivery: the delivery of messages, before each attempt
	// (DeliverySettings).
	ByDelivery
)

func (a Applier) String() string {
	switch a {
	case ByFirmware:
		return "firmware"
	case AtStart:
		return "box at start"
	case ByConsole:
		return "console"
	case ByClock:
		return "clock, at once"
	case ByDelivery:
		return "delivery"
	}
	return "screening"
}

// Setting is one row of the settings table: everything the console's set,
// get and help, the store and the README know about a key.
type Setting struct {
	Key     string   // as typed: "ring-gap"
	Form    string   // the value's form, for help: "on|off", "DURATION 1s-1m"
	Default string   // in the form Set reads; "" = empty (none)
	Meaning string   // one line for an owner
	By      Applier  // who applies it
	Aliases []string // older names still read from a store ("fw.ring-gap")
	// Secret: a password or token, never shown back (Shown, and every
	// error about its value, say "(hidden)").
	Secret bool

	parse  func(s *Settings, v string) error // validates and applies
	format func(s Settings) string
}

// Shown is value as the console may print it: a secret's is "(hidden)"
// when set, "" when empty.
func (k Setting) Shown(value string) string {
	if k.Secret && value != "" {
		return "(hidden)"
	}
	return value
}

// SettingTable returns the settings table, in the order set lists it.
func SettingTable() []Setting { return append([]Setting(nil), settingTable...) }

// settingTable is the one list of settings. The country comes first: the
// area code is validated against it.
var settingTable = append([]Setting{
	numberSetting("country", "DIGITS", "1", "country calling code, e.g. 1 (North America) or 44",
		func(c *number.Config) *string { return &c.CountryCode }),
	numberSetting("area-code", "DIGITS or empty", "", "local area code added to 7-digit numbers, e.g. 555; empty for none",
		func(c *number.Config) *string { return &c.AreaCode }),
	numberSetting("national-prefix", "DIGITS|auto", "auto", "trunk prefix dialled before national numbers (auto: 1 in NANP, 0 elsewhere)",
		func(c *number.Config) *string { return &c.NationalPrefix }),
	numberSetting("international-prefix", "DIGITS|auto", "auto", "prefix before international numbers (auto: 011 in NANP, 00 elsewhere)",
		func(c *number.Config) *string { return &c.InternationalPrefix }),
	{Key: "mode", Form: "normal|dnd|vacation|passthrough", Default: "normal", By: ByScreening,
		Meaning: "normal: the rules decide; dnd: all but VIPs to voicemail; vacation: every call not blocked to voicemail; passthrough: every call rings",
		parse: func(s *Settings, v string) error {
			m, err := schedule.ParseMode(v)
			if err != nil {
				return errors.New("want normal, dnd, vacation or passthrough")
			}
			s.Mode = m
			return nil
		},
		format: func(s Settings) string { return s.Mode.String() }},
	{Key: "mode-until", Form: "DATE or empty", Default: "", By: ByScreening,
		Meaning: "the mode goes back to normal at this time (mode dnd --until 07:00 sets it); empty: the mode stays",
		parse: func(s *Settings, v string) error {
			if v == "" {
				s.ModeUntil = time.Time{}
				return nil
			}
			t, err := ParseDate(v, time.Local)
			if err != nil {
				return errors.New("want a date and time such as 2026-12-01T07:00, or empty")
			}
			s.ModeUntil = t
			return nil
		},
		format: func(s Settings) string {
			if s.ModeUntil.IsZero() {
				return ""
			}
			return s.ModeUntil.Format(time.RFC3339)
		}},
	{Key: "dnd-schedule", Form: "WINDOW or empty", Default: "", By: ByScreening,
		Meaning: "window name in which normal mode acts as do-not-disturb; empty for none",
		parse: func(s *Settings, v string) error {
			if v != "" {
				if err := schedule.ValidName(v); err != nil {
					return errors.New("want a window name (letters, digits, '-' and '_', starting with a letter) or empty")
				}
			}
			s.DNDSchedule = v
			return nil
		},
		format: func(s Settings) string { return s.DNDSchedule }},
	{Key: "default", Form: "allow|screen|voicemail|block", Default: "screen", By: ByScreening,
		Meaning: "what happens to a caller no rule matches",
		parse: func(s *Settings, v string) error {
			a, err := ParseAction(v)
			if err != nil {
				return errors.New("want allow, screen, voicemail or block")
			}
			s.Default = a
			return nil
		},
		format: func(s Settings) string { return ActionWord(s.Default) }},
	{Key: "block-treatment", Form: "ignore|hangup|sit|message|fax", Default: "hangup", By: ByScreening,
		Meaning: "what a blocked caller gets when the block rule names no treatment",
		parse: func(s *Settings, v string) error {
			t, err := ParseTreatment(v)
			if err != nil || t == TreatmentDefault {
				return errors.New("want ignore, hangup, sit, message or fax")
			}
			s.BlockTreatment = t
			return nil
		},
		format: func(s Settings) string { return s.BlockTreatment.String() }},
	durationSetting("repeat-window", ByScreening, "5m", 0, 24*time.Hour,
		"a second call from the same number within this time rings through dnd (0: off)",
		func(s *Settings) *time.Duration { return &s.RepeatWindow }),
	countSetting("log-max", ByScreening, "10000", 1, 10_000_000, "call log records kept (the oldest go first)",
		func(s *Settings) *int { return &s.LogMax }),
	countSetting("message-retention", ByFirmware, "0", 0, 3650,
		"days a heard voicemail message is kept before it is deleted (0: until you delete it)",
		func(s *Settings) *int { return &s.MessageRetention }).withForm("DAYS 0-3650"),
	durationSetting("console-timeout", ByConsole, "10m", 0, 24*time.Hour,
		"with a console PIN, an idle session ends after this long and the PIN is asked again (0: never)",
		func(s *Settings) *time.Duration { return &s.ConsoleTimeout }),

	onOffSetting("challenge", "off", "robocall challenge when screening: the caller must press a random digit",
		func(s *Settings) *bool { return &s.Firmware.Challenge }),
	countSetting("challenge-tries", ByFirmware, "3", 1, 9, "attempts a caller gets at the challenge",
		func(s *Settings) *int { return &s.Firmware.ChallengeTries }),
	daysSetting("challenge-remember", "30d", 365,
		"a number that passed the challenge is not asked again for this long (never a withheld or invalid one; 0: ask every time)",
		func(s *Settings) *time.Duration { return &s.Firmware.ChallengeRemember }),
	durationSetting("challenge-timeout", ByFirmware, "6s", time.Second, time.Minute, "time for each challenge attempt",
		func(s *Settings) *time.Duration { return &s.Firmware.ChallengeTimeout }, "fw.challenge-timeout"),
	durationSetting("name-limit", ByFirmware, "6s", time.Second, time.Minute, "longest recording of a screened caller's name",
		func(s *Settings) *time.Duration { return &s.Firmware.NameLimit }, "fw.name-limit"),
	durationSetting("message-limit", ByFirmware, "2m", 5*time.Second, 30*time.Minute, "longest voicemail message",
		func(s *Settings) *time.Duration { return &s.Firmware.MessageLimit }, "fw.message-limit"),
	durationSetting("ring-gap", ByFirmware, "8s", time.Second, time.Minute,
		"no ring for this long means the caller stopped ringing (8s suits the US 6 s cadence)",
		func(s *Settings) *time.Duration { return &s.Firmware.RingGap }, "fw.ring-gap"),
	durationSetting("announce-timeout", ByFirmware, "24s", time.Second, 5*time.Minute,
		"a screened caller's ring on the handset unanswered this long goes to voicemail",
		func(s *Settings) *time.Duration { return &s.Firmware.AnnounceTimeout }, "fw.announce-timeout"),
	durationSetting("owner-key-timeout", ByFirmware, "20s", time.Second, 5*time.Minute,
		"the owner picked up but pressed no key this long: the caller goes to voicemail",
		func(s *Settings) *time.Duration { return &s.Firmware.OwnerKeyTimeout }, "fw.owner-key-timeout"),
	durationSetting("drop-hold", ByFirmware, "500ms", 100*time.Millisecond, 10*time.Second,
		"how long the line is held off-hook when a blocked caller is hung up on",
		func(s *Settings) *time.Duration { return &s.Firmware.DropHold }),
	{Key: "pass-ring", Form: "auto|on|off", Default: "auto", By: ByFirmware, Aliases: []string{"fw.pass-ring"},
		Meaning: "auto: on where the board can send the handset caller ID (a ring generator, SLIC, with its sound card); " +
			"on: the box rings the handset for an allowed call, showing the caller's number and name, and gives it the line when lifted; " +
			"off: the line rings it, its caller ID gone by (see \"What the phone shows\")",
		parse: func(s *Settings, v string) error {
			switch strings.ToLower(v) {
			case "auto":
				s.Firmware.PassRing = SwitchAuto
			case "on", "true", "yes", "1":
				s.Firmware.PassRing = SwitchOn
			case "off", "false", "no", "0":
				s.Firmware.PassRing = SwitchOff
			default:
				return errors.New("want auto, on or off")
			}
			return nil
		},
		format: func(s Settings) string { return s.Firmware.PassRing.String() }},
	onOffSetting("reject-sit", "off", "on: the owner's 3 (block) sends the caller the not-in-service tones instead of goodbye",
		func(s *Settings) *bool { return &s.Firmware.RejectSIT }, "fw.reject-sit"),
	onOffSetting("urgent-ring", "on",
		"on: a message the caller marked urgent (9) rings the handset with the message cadence; lift it to hear the messages",
		func(s *Settings) *bool { return &s.Firmware.UrgentRing }),
	{Key: "message-lamp", Form: "ring-pulse|reversal|no-alert|off", Default: "ring-pulse", By: ByFirmware,
		Meaning: "how the phone's message-waiting lamp is lit and cleared: a short ring, a line reversal or nothing before the data; off: never",
		parse: func(s *Settings, v string) error {
			l, ok := ParseLampSignal(v)
			if !ok {
				return errors.New("want ring-pulse, reversal, no-alert or off")
			}
			s.Firmware.MessageLamp = l
			return nil
		},
		format: func(s Settings) string { return s.Firmware.MessageLamp.String() }},
}, append(append(deliverySettings(), // how messages go out (settings_delivery.go)
	switchboardSettings()...), // the switchboard's (settings_switchboard.go)
	installSettings()...)...) // the installer's, applied at start (settings_install.go)

// numberSetting is one field of the number configuration, validated with
// the rest of it; "auto" (and empty) leaves a prefix to the country.
func numberSetting(key, form, def, meaning string, field func(*number.Config) *string) Setting {
	return Setting{Key: key, Form: form, Default: def, Meaning: meaning, By: ByScreening,
		parse: func(s *Settings, v string) error {
			c := s.Number
			if strings.EqualFold(v, "auto") && strings.HasSuffix(key, "-prefix") {
				v = ""
			}
			if v == "" && key == "country" {
				return errors.New("want a country calling code, 1 to 3 digits")
			}
			*field(&c) = v
			if err := c.Validate(); err != nil {
				return errors.New(strings.TrimPrefix(err.Error(), "number: "))
			}
			s.Number = c
			return nil
		},
		format: func(s Settings) string {
			c := s.Number
			if strings.HasSuffix(key, "-prefix") {
				c = c.WithDefaults()
			}
			return *field(&c)
		}}
}

func durationSetting(key string, by Applier, def string, lo, hi time.Duration, meaning string,
	field func(*Settings) *time.Duration, aliases ...string) Setting {
	form := fmt.Sprintf("DURATION %s-%s", FormatDuration(lo), FormatDuration(hi))
	return Setting{Key: key, Form: form, Default: def, Meaning: meaning, By: by, Aliases: aliases,
		parse: func(s *Settings, v string) error {
			d, err := time.ParseDuration(v)
			if v == "0" {
				d, err = 0, nil
			}
			if err != nil || d < lo || d > hi {
				return fmt.Errorf("want a duration from %s to %s, such as %s", FormatDuration(lo), FormatDuration(hi), def)
			}
			*field(s) = d
			return nil
		},
		format: func(s Settings) string { return FormatDuration(*field(&s)) }}
}

// daysSetting is a duration from 0 to max days, written in days ("30d")
// or as a duration ("12h", "90s").
func daysSetting(key, def string, maxDays int, meaning string, field func(*Settings) *time.Duration) Setting {
	const day = 24 * time.Hour
	hi := time.Duration(maxDays) * day
	return Setting{Key: key, Form: fmt.Sprintf("DURATION 0-%dd", maxDays), Default: def, Meaning: meaning, By: ByFirmware,
		parse: func(s *Settings, v string) error {
			var d time.Duration
			var err error
			if n, ok := strings.CutSuffix(v, "d"); ok {
				var k int
				k, err = strconv.Atoi(n)
				d = time.Duration(k) * day
				if k < 0 || k > maxDays {
					err = errors.New("out of range")
				}
			} else if v == "0" {
				d = 0
			} else {
				d, err = time.ParseDuration(v)
			}
			if err != nil || d < 0 || d > hi {
				return fmt.Errorf("want days (30d) or a duration (12h) from 0 to %dd", maxDays)
			}
			*field(s) = d
			return nil
		},
		format: func(s Settings) string {
			if d := *field(&s); d > 0 && d%day == 0 {
				return strconv.Itoa(int(d/day)) + "d"
			}
			return FormatDuration(*field(&s))
		}}
}

// withForm is k with its value's form written as f.
func (k Setting) withForm(f string) Setting { k.Form = f; return k }

func countSetting(key string, by Applier, def string, lo, hi int, meaning string, field func(*Settings) *int) Setting {
	return Setting{Key: key, Form: fmt.Sprintf("COUNT %d-%d", lo, hi), Default: def, Meaning: meaning, By: by,
		parse: func(s *Settings, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				return fmt.Errorf("want a whole number from %d to %d", lo, hi)
			}
			*field(s) = n
			return nil
		},
		format: func(s Settings) string { return strconv.Itoa(*field(&s)) }}
}

func onOffSetting(key, def, meaning string, field func(*Settings) *bool, aliases ...string) Setting {
	return Setting{Key: key, Form: "on|off", Default: def, Meaning: meaning, By: ByFirmware, Aliases: aliases,
		parse: func(s *Settings, v string) error {
			switch strings.ToLower(v) {
			case "on", "true", "yes", "1":
				*field(s) = true
			case "off", "false", "no", "0":
				*field(s) = false
			default:
				return errors.New("want on or off")
			}
			return nil
		},
		format: func(s Settings) string {
			if *field(&s) {
				return "on"
			}
			return "off"
		}}
}

// FormatDuration writes d the way an owner types it: "8s", "2m", "1m30s",
// "500ms", "0".
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	if d%time.Second != 0 {
		return d.String()
	}
	s := d.String() // e.g. 1h0m0s, 2m0s, 1m30s
	s = strings.Replace(s, "m0s", "m", 1)
	s = strings.Replace(s, "h0m", "h", 1)
	return s
}
