package firmware

import (
	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// CallConfig is the call machine's configuration for a call that starts
// now: the owner's settings (screening.Settings.Firmware, validated by the
// settings table) and what the board has (caps). It is the one place where
// settings reach the machine; the appliance calls it when a call starts, so
// a change made on the console applies from the next call.
func CallConfig(s screening.Settings, caps hal.Caps) call.Config {
	c := call.DefaultConfig()
	f := s.Firmware
	c.Challenge = f.Challenge
	c.ChallengeTries = f.ChallengeTries
	c.ChallengeTimeout = f.ChallengeTimeout
	c.NameLimit = f.NameLimit
	c.MessageLimit = f.MessageLimit
	c.RingGap = f.RingGap
	c.AnnounceTimeout = f.AnnounceTimeout
	c.OwnerKeyTimeout = f.OwnerKeyTimeout
	c.DropHold = f.DropHold
	c.ChallengeRemember = f.ChallengeRemember
	// a passed call rings the handset from the box where the board can
	// send it the caller ID too (auto: a ring generator with its audio
	// path); an owner may choose either way, but without a ring generator
	// the box cannot ring it at all
	c.PassRing = f.PassRing.On(caps.Has(hal.CapHandset|hal.CapHandsetAudio)) && caps.Has(hal.CapHandset)
	c.RejectSIT = f.RejectSIT
	c.Switchboard = switchboard(s, nil) // the people join in callConfig
	c.Number = s.Number
	c.UrgentRing = f.UrgentRing
	c.MessageLamp = f.MessageLamp != screening.LampOff
	c.LampAlert = lampAlert(f.MessageLamp)
	// the board decides what the machine can do
	c.Handset = caps.Has(hal.CapHandset)
	c.HandsetAudio = caps.Has(hal.CapHandset | hal.CapHandsetAudio)
	c.ExtensionDetect = caps.Has(hal.CapExtensionDetect)
	return c
}

// lampAlert is the alert before the message-waiting data for a setting.
func lampAlert(l screening.LampSignal) hal.OnHookAlert {
	switch l {
	case screening.LampReversal:
		return hal.AlertReversal
	case screening.LampNoAlert:
		return hal.AlertNone
	}
	return hal.AlertRingPulse
}

// callConfig is the configuration for a call starting now: from the
// settings source when there is one (Config.Settings), else Config.Call.
// ok is false when the settings could not be read; the caller then keeps
// the configuration it has.
func (a *Appliance) callConfig() (c call.Config, ok bool) {
	if a.cfg.Settings == nil {
		c = a.cfg.Call
		if a.cfg.People != nil {
			c.Switchboard.People = Directory(a.people(), screening.DefaultSettings())
		}
		return c, true
	}
	s, err := a.cfg.Settings()
	if err != nil {
		a.log.Warn("settings unreadable; the call keeps the last ones", "err", err)
		return a.cfg.Call, false
	}
	caps := a.dev.Caps
	if a.dev.Handset == nil {
		caps &^= hal.CapHandset | hal.CapHandsetAudio
	}
	c = CallConfig(s, caps)
	c.Switchboard = switchboard(s, a.people())
	return c, true
}
