package screening

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"secretary/screening/number"
	"secretary/screening/schedule"
)

// Settings are the owner's and installer's choices. The store keeps them as
// key/value text (see SettingKeys); zero keys mean the defaults below.
type Settings struct {
	Number         number.Config // country, area-code, national-prefix, international-prefix
	Mode           schedule.Mode // mode: normal (default), dnd, vacation, passthrough
	DNDSchedule    string        // dnd-schedule: window in which normal mode acts as dnd; "" none
	Default        Action        // default: what happens when no rule matches; screen
	BlockTreatment Treatment     // block-treatment: for block rules without their own; hangup
	RepeatWindow   time.Duration // repeat-window: a second call within it breaks through dnd; 5m, 0 off
	Challenge      bool          // challenge: robocall challenge when screening; off
	LogMax         int           // log-max: call log records kept; 10000
	Extra          map[string]string
}

// ExtraPrefix marks setting keys that screening stores but does not
// interpret (the firmware's own settings, e.g. "fw.rings-before-voicemail").
const ExtraPrefix = "fw."

// DefaultSettings is NANP, normal mode, unknown callers screened, blocked
// callers hung up on, 5-minute repeat breakthrough, no challenge.
func DefaultSettings() Settings {
	return Settings{
		Number:         number.DefaultConfig(),
		Mode:           schedule.ModeNormal,
		Default:        ActionScreen,
		BlockTreatment: TreatmentHangup,
		RepeatWindow:   5 * time.Minute,
		LogMax:         10000,
	}
}

var settingHelp = map[string]string{
	"country":              "country calling code, e.g. 1 (North America) or 44",
	"area-code":            "local area code added to 7-digit numbers, e.g. 555",
	"national-prefix":      "trunk prefix dialled before national numbers (1 in NANP, 0 elsewhere)",
	"international-prefix": "prefix before international numbers (011 in NANP, 00 elsewhere)",
	"mode":                 "normal, dnd, vacation or passthrough",
	"dnd-schedule":         "window name in which normal mode acts as do-not-disturb, or empty",
	"default":              "what happens when no rule matches: allow, screen, voicemail or block",
	"block-treatment":      "for block rules without their own: ignore, hangup, sit, message or fax",
	"repeat-window":        "a second call from the same number within this time rings through dnd (0 off)",
	"challenge":            "robocall challenge when screening: on or off",
	"log-max":              "number of call log records kept",
}

// SettingKeys lists the known keys, sorted.
func SettingKeys() []string {
	keys := make([]string, 0, len(settingHelp))
	for k := range settingHelp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SettingHelp is one line describing a key, "" if unknown.
func SettingHelp(key string) string { return settingHelp[key] }

// Set parses and applies one setting; the error says what values are allowed.
func (s *Settings) Set(key, value string) error {
	value = strings.TrimSpace(value)
	bad := func(err error) error {
		return fmt.Errorf("%w: %s=%q: %w", ErrSyntax, key, value, err)
	}
	switch key {
	case "country", "area-code", "national-prefix", "international-prefix":
		c := s.Number
		switch key {
		case "country":
			c.CountryCode = value
		case "area-code":
			c.AreaCode = value
		case "national-prefix":
			c.NationalPrefix = value
		case "international-prefix":
			c.InternationalPrefix = value
		}
		if err := c.Validate(); err != nil {
			return bad(err)
		}
		s.Number = c
	case "mode":
		m, err := schedule.ParseMode(value)
		if err != nil {
			return bad(err)
		}
		s.Mode = m
	case "dnd-schedule":
		if value != "" {
			if err := schedule.ValidName(value); err != nil {
				return bad(err)
			}
		}
		s.DNDSchedule = value
	case "default":
		a, err := ParseAction(value)
		if err != nil {
			return bad(err)
		}
		s.Default = a
	case "block-treatment":
		t, err := ParseTreatment(value)
		if err != nil {
			return bad(err)
		}
		if t == TreatmentDefault {
			t = TreatmentHangup
		}
		s.BlockTreatment = t
	case "repeat-window":
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return bad(fmt.Errorf("want a duration such as 5m, or 0 to turn it off"))
		}
		s.RepeatWindow = d
	case "challenge":
		switch strings.ToLower(value) {
		case "on", "true", "yes", "1":
			s.Challenge = true
		case "off", "false", "no", "0":
			s.Challenge = false
		default:
			return bad(fmt.Errorf("want on or off"))
		}
	case "log-max":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return bad(fmt.Errorf("want a positive whole number"))
		}
		s.LogMax = n
	default:
		if strings.HasPrefix(key, ExtraPrefix) && len(key) > len(ExtraPrefix) {
			if s.Extra == nil {
				s.Extra = map[string]string{}
			}
			s.Extra[key] = value
			return nil
		}
		return fmt.Errorf("%w %q; known: %s (and %s* for the firmware)", ErrUnknownSetting, key, strings.Join(SettingKeys(), ", "), ExtraPrefix)
	}
	return nil
}

// Get renders one setting as Set reads it.
func (s Settings) Get(key string) (string, error) {
	switch key {
	case "country":
		return s.Number.CountryCode, nil
	case "area-code":
		return s.Number.AreaCode, nil
	case "national-prefix":
		return s.Number.WithDefaults().NationalPrefix, nil
	case "international-prefix":
		return s.Number.WithDefaults().InternationalPrefix, nil
	case "mode":
		return s.Mode.String(), nil
	case "dnd-schedule":
		return s.DNDSchedule, nil
	case "default":
		return ActionWord(s.Default), nil
	case "block-treatment":
		return s.BlockTreatment.String(), nil
	case "repeat-window":
		return s.RepeatWindow.String(), nil
	case "challenge":
		if s.Challenge {
			return "on", nil
		}
		return "off", nil
	case "log-max":
		return strconv.Itoa(s.LogMax), nil
	}
	if v, ok := s.Extra[key]; ok {
		return v, nil
	}
	if strings.HasPrefix(key, ExtraPrefix) {
		return "", nil
	}
	return "", fmt.Errorf("%w %q", ErrUnknownSetting, key)
}
