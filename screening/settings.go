package screening

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"secretary/screening/number"
	"secretary/screening/schedule"
)

// Settings are the owner's and installer's choices, typed. The store keeps
// them as key/value text; the settings table (SettingTable) says for each
// key its form, default, meaning and who applies it, and is the only place
// that parses or validates a value.
type Settings struct {
	Number         number.Config // country, area-code, national-prefix, international-prefix
	Mode           schedule.Mode // mode
	ModeUntil      time.Time     // mode-until: from then on the mode is normal; zero: the mode stays
	DNDSchedule    string        // dnd-schedule: window in which normal mode acts as dnd; "" none
	Default        Action        // default: what happens when no rule matches
	BlockTreatment Treatment     // block-treatment: for block rules without their own
	RepeatWindow   time.Duration // repeat-window: a second call within it breaks through dnd; 0 off
	LogMax         int           // log-max: call log records kept
	// MessageRetention is message-retention: heard voicemail older than
	// this many days is deleted (0: kept until the owner deletes it).
	MessageRetention int
	// ConsoleTimeout is console-timeout: an idle console session with a
	// PIN ends after it (0: never).
	ConsoleTimeout time.Duration

	// Firmware is how a call is handled; the firmware applies it when a
	// call starts (firmware.CallConfig).
	Firmware FirmwareSettings

	// Switchboard is the callers' menu and forwarding (people defined).
	Switchboard SwitchboardSettings
	// Delivery is how messages go out to the owner (e-mail, push).
	Delivery DeliverySettings

	// Install is the installer's hardware and clock, applied at start.
	Install InstallSettings

	// Problems lists stored values LoadSettings could not use (a value this
	// firmware refuses, a key it does not know); each such key kept its
	// default. Nil when every stored value was read.
	Problems []error
}

// FirmwareSettings are the settings of the call machine: challenge, time
// limits, rings. Zero values are not meaningful; start from DefaultSettings.
type FirmwareSettings struct {
	Challenge        bool          // challenge: robocall challenge when screening
	ChallengeTries   int           // challenge-tries: attempts before giving up
	ChallengeTimeout time.Duration // challenge-timeout: per attempt
	NameLimit        time.Duration // name-limit: longest name recording
	MessageLimit     time.Duration // message-limit: longest voicemail message
	RingGap          time.Duration // ring-gap: no ring for this long ends the ringing
	AnnounceTimeout  time.Duration // announce-timeout: screened ring without pick-up, then voicemail
	OwnerKeyTimeout  time.Duration // owner-key-timeout: picked up, no key, then voicemail
	DropHold         time.Duration // drop-hold: off-hook time of a pick-up-and-drop block
	PassRing         Switch        // pass-ring: the box rings the handset itself for a passed call
	RejectSIT        bool          // reject-sit: the owner's 3 sends SIT instead of goodbye
	UrgentRing       bool          // urgent-ring: an urgent message rings the handset to be heard
	MessageLamp      LampSignal    // message-lamp: how the phone's message-waiting lamp is told

	// ChallengeRemember is challenge-remember: a number that passed the
	// challenge is not asked again for this long (0: asked every time).
	ChallengeRemember time.Duration
}

// Switch is a setting that is on, off, or follows what the board is
// built for (auto).
type Switch int

const (
	SwitchAuto Switch = iota // auto: on where the board has the part it needs
	SwitchOn
	SwitchOff
)

func (w Switch) String() string {
	switch w {
	case SwitchAuto:
		return "auto"
	case SwitchOn:
		return "on"
	case SwitchOff:
		return "off"
	}
	return fmt.Sprintf("Switch(%d)", int(w))
}

// On is the switch's state on a board that has (board) or lacks the part
// auto follows.
func (w Switch) On(board bool) bool {
	switch w {
	case SwitchOn:
		return true
	case SwitchOff:
		return false
	}
	return board
}

// DefaultSettings are the table's defaults: NANP, normal mode, unknown
// callers screened, blocked callers hung up on, 5-minute repeat
// breakthrough, no challenge, the call timings of a North American line.
func DefaultSettings() Settings {
	var s Settings
	for _, k := range settingTable {
		if err := k.parse(&s, k.Default); err != nil {
			panic("screening: default of " + k.Key + ": " + err.Error()) // the table is wrong
		}
	}
	return s
}

// LookupSetting finds a key, or one of the older names still read from
// stores (see Setting.Aliases).
func LookupSetting(key string) (Setting, bool) {
	key = strings.ToLower(strings.TrimSpace(key))
	for _, k := range settingTable {
		if k.Key == key {
			return k, true
		}
		for _, a := range k.Aliases {
			if a == key {
				return k, true
			}
		}
	}
	return Setting{}, false
}

// SettingKeys lists the keys in table order.
func SettingKeys() []string {
	keys := make([]string, len(settingTable))
	for i, k := range settingTable {
		keys[i] = k.Key
	}
	return keys
}

// UnknownSetting is the error for a key nobody knows (it wraps
// ErrUnknownSetting); it names the keys that exist.
func UnknownSetting(key string) error {
	return fmt.Errorf("%w %q; the settings are: %s", ErrUnknownSetting, key, strings.Join(SettingKeys(), ", "))
}

// Set validates value for key (or one of its older names) and applies it;
// the error says what values are allowed. An empty value is refused for
// keys that need one (Reset puts back the default).
func (s *Settings) Set(key, value string) error {
	k, ok := LookupSetting(key)
	if !ok {
		return UnknownSetting(key)
	}
	value = strings.TrimSpace(value)
	if err := k.parse(s, value); err != nil {
		if k.Secret {
			return fmt.Errorf("%w: %s=(hidden): %w", ErrSyntax, k.Key, err)
		}
		return fmt.Errorf("%w: %s=%q: %w", ErrSyntax, k.Key, value, err)
	}
	return nil
}

// Reset puts back the default of key.
func (s *Settings) Reset(key string) error {
	k, ok := LookupSetting(key)
	if !ok {
		return UnknownSetting(key)
	}
	return k.parse(s, k.Default)
}

// Get renders one setting in the form Set reads.
func (s Settings) Get(key string) (string, error) {
	k, ok := LookupSetting(key)
	if !ok {
		return "", UnknownSetting(key)
	}
	return k.format(s), nil
}

// LoadSettings builds settings from the stored key/value text. Keys may
// come in any order (the country is applied before the area code it
// validates); an older key name is read when the current one is absent. A
// value that cannot be used and a key nobody knows are reported in
// Problems and leave the default: a bad stored setting never stops the box.
func LoadSettings(stored map[string]string) Settings {
	s := DefaultSettings()
	used := map[string]bool{}
	for _, k := range settingTable { // table order: country first
		name, v, ok := k.Key, "", false
		if v, ok = stored[name]; !ok {
			for _, a := range k.Aliases {
				if v, ok = stored[a]; ok {
					name = a
					break
				}
			}
		}
		for _, n := range append([]string{k.Key}, k.Aliases...) {
			used[n] = true
		}
		if !ok {
			continue
		}
		if err := k.parse(&s, strings.TrimSpace(v)); err != nil {
			s.Problems = append(s.Problems, &SettingProblem{Key: name, Value: k.Shown(v), Default: k.Default, Err: fmt.Errorf("%w: %w", ErrSyntax, err)})
		}
	}
	var unknown []string
	for name := range stored {
		if !used[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		s.Problems = append(s.Problems, &SettingProblem{Key: name, Value: stored[name], Err: ErrUnknownSetting})
	}
	return s
}

// SettingProblem is a stored setting LoadSettings could not use.
type SettingProblem struct {
	Key, Value string
	Default    string // what applies instead ("" for an unknown key)
	Err        error  // wraps ErrSyntax or ErrUnknownSetting
}

func (p *SettingProblem) Error() string {
	if errors.Is(p.Err, ErrUnknownSetting) {
		return fmt.Sprintf("stored setting %s=%q is unknown to this firmware (ignored; using the default)", p.Key, p.Value)
	}
	msg := p.Err.Error()
	if _, after, ok := strings.Cut(msg, ErrSyntax.Error()+": "); ok {
		msg = after
	}
	d := p.Default
	if d == "" {
		d = "none"
	}
	return fmt.Sprintf("stored setting %s=%q: %s (using the default, %s)", p.Key, p.Value, msg, d)
}

func (p *SettingProblem) Unwrap() error { return p.Err }

// ProblemsError joins Problems into one error, nil if there are none.
func (s Settings) ProblemsError() error { return errors.Join(s.Problems...) }
