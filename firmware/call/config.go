package call

import "time"

// Config is what the machine needs to know about the box and the owner's
// settings. The zero value is not useful; start from DefaultConfig.
type Config struct {
	// Handset: the board can ring the isolated handset (SLIC). Without it a
	// screen decision becomes voicemail.
	Handset bool
	// HandsetAudio: the board can play audio to the handset. Without it the
	// announcement is played over the line with the handset connected to it
	// (the caller hears it too) and the owner's keys come as line DTMF.
	HandsetAudio bool
	// PassRing: a passed call rings the handset from the box (normal
	// cadence, caller ID sent to the handset) and the relay moves to the
	// line on pick-up. Default false: the relay moves to the line at once
	// and the line itself rings the handset.
	PassRing bool
	// ExtensionDetect: the line device reports extension off/on-hook, so a
	// passed call whose rings stopped with no extension off-hook is known
	// to be unanswered and the relay may isolate the handset again.
	ExtensionDetect bool

	Challenge        bool          // robocall challenge on screened calls (default off)
	ChallengeTries   int           // attempts before giving up (default 3)
	ChallengeTimeout time.Duration // per attempt (default 6 s)

	NameLimit       time.Duration // longest name recording (default 6 s)
	MessageLimit    time.Duration // longest voicemail message (default 2 min)
	AnnounceTimeout time.Duration // screened ring without pick-up, then voicemail (default 4 DR2 rings: 24 s)
	OwnerKeyTimeout time.Duration // picked up but no key, then voicemail (default 20 s)
	RingGap         time.Duration // no ring for this long: the ringing stopped (default 8 s, US 6 s cadence)
	DropHold        time.Duration // off-hook time of a pick-up-and-drop block (default 500 ms)

	RejectSIT    bool   // the owner's "3" sends SIT instead of "goodbye"
	ScreenedName string // caller ID name shown on the handset for a screened call

	Switchboard Switchboard // the people callers can ask for, the menu, forwarding
}

// DefaultConfig is the setting of a new box on a board with every part.
func DefaultConfig() Config {
	return Config{
		Handset:          true,
		HandsetAudio:     true,
		ExtensionDetect:  true,
		ChallengeTries:   3,
		ChallengeTimeout: 6 * time.Second,
		NameLimit:        6 * time.Second,
		MessageLimit:     2 * time.Minute,
		AnnounceTimeout:  24 * time.Second,
		OwnerKeyTimeout:  20 * time.Second,
		RingGap:          8 * time.Second,
		DropHold:         500 * time.Millisecond,
		ScreenedName:     "SCREENED",
		Switchboard:      DefaultSwitchboard(),
	}
}
