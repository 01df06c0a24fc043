package screening

import (
	"errors"
	"time"
)

// SwitchboardSettings say how the switchboard treats callers when people
// are defined (person add): the menu, and forwarding to mobiles.
type SwitchboardSettings struct {
	MenuDefault     string        // menu-default: the person (Person.ID) a caller who presses no key gets; "" the general mailbox
	MenuTimeout     time.Duration // menu-timeout: how long the menu waits for a key after it was said
	ForwardRings    int           // forward-rings: rings of a person's cadence before forwarding or taking a message
	Transfer        bool          // transfer: the line has the phone company's call transfer (hook flash)
	TransferTimeout time.Duration // transfer-timeout: how long a mobile may ring before the box takes a message
}

// switchboardSettings are the rows of the switchboard's settings.
func switchboardSettings() []Setting {
	return []Setting{
		{Key: "menu-default", Form: "PERSON or empty", Default: "", By: ByFirmware,
			Meaning: "whom a caller who presses no key at the menu gets (ringing, or their mailbox); empty: the general mailbox",
			parse: func(s *Settings, v string) error {
				if v != "" {
					if err := ValidPersonName(v); err != nil {
						return errors.New("want a person's name (letters, digits and '-', starting with a letter) or empty")
					}
				}
				s.Switchboard.MenuDefault = PersonID(v)
				return nil
			},
			format: func(s Settings) string { return s.Switchboard.MenuDefault }},
		durationSetting("menu-timeout", ByFirmware, "5s", time.Second, time.Minute,
			"how long the callers' menu (for Anna press 1 ...) waits for a key",
			func(s *Settings) *time.Duration { return &s.Switchboard.MenuTimeout }),
		countSetting("forward-rings", ByFirmware, "4", 1, 20,
			"rings of a person's cadence (6 s each) before the call is forwarded to their mobile or a message taken",
			func(s *Settings) *int { return &s.Switchboard.ForwardRings }),
		onOffSetting("transfer", "off",
			"on: the line has the phone company's call transfer (hook flash, dial, hang up): unanswered calls for a person go to their mobile",
			func(s *Settings) *bool { return &s.Switchboard.Transfer }),
		durationSetting("transfer-timeout", ByFirmware, "30s", 5*time.Second, 2*time.Minute,
			"how long a forwarded call may ring the mobile before the box takes a message instead",
			func(s *Settings) *time.Duration { return &s.Switchboard.TransferTimeout }),
	}
}
