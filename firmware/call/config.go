package call

import (
	"time"

	"secretary/hal"
	"secretary/screening/number"
)

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
	// cadence, the caller's number and name sent to the handset) and the
	// relay moves to the line the moment it is picked up. Without it the
	// relay moves to the line at once and the line itself rings the
	// handset, after its caller ID has gone by. Default true (the setting
	// pass-ring auto on a board with a ring generator); it needs Handset.
	PassRing bool
	// ExtensionDetect: the line device reports extension off/on-hook, so a
	// passed call whose rings stopped with no extension off-hook is known
	// to be unanswered and the relay may isolate the handset again.
	ExtensionDetect bool

	Challenge        bool          // robocall challenge on screened calls (default off)
	ChallengeTries   int           // attempts before giving up (default 3)
	ChallengeTimeout time.Duration // per attempt (default 6 s)
	// ChallengeRemember: a caller who passed the challenge is not asked
	// again for this long (the decider says so in Decision.ChallengePassed);
	// 0 remembers nobody (default 30 days).
	ChallengeRemember time.Duration

	NameLimit       time.Duration // longest name recording (default 6 s)
	MessageLimit    time.Duration // longest voicemail message (default 2 min)
	AnnounceTimeout time.Duration // screened ring without pick-up, then voicemail (default 4 DR2 rings: 24 s)
	OwnerKeyTimeout time.Duration // picked up but no key, then voicemail (default 20 s)
	RingGap         time.Duration // no ring for this long: the ringing stopped (default 8 s, US 6 s cadence)
	DropHold        time.Duration // off-hook time of a pick-up-and-drop block (default 500 ms)
	// WaitingCID is how long a call-waiting alert waits for the waiting
	// caller's ID before it is logged without one (default 3 s).
	WaitingCID time.Duration

	RejectSIT bool // the owner's "3" sends SIT instead of "goodbye"

	Switchboard Switchboard // the people callers can ask for, the menu, forwarding

	// Taking a message: the call-back number keyed by the caller is read
	// with Number (the box's country and area code).
	Number number.Config
	// KeyWait is how long the caller (taking a message) and the owner
	// (hearing them) have for the next key (default 5 s; the owner gets
	// OwnerKeyTimeout after the options); UrgentWait how long "press 9
	// if this is urgent" waits (default 3 s).
	KeyWait, UrgentWait time.Duration
	// UrgentRing: a message marked urgent rings the handset (DR3) once
	// the call is over; lifting it plays the messages.
	UrgentRing bool
	// MessageLamp: the phone's message-waiting lamp follows the mailbox
	// (VMWI sent on-hook after LampAlert) when the first unheard message
	// arrives and when the last is heard.
	MessageLamp bool
	LampAlert   hal.OnHookAlert
}

// DefaultConfig is the setting of a new box on a board with every part.
func DefaultConfig() Config {
	return Config{
		Handset:           true,
		HandsetAudio:      true,
		PassRing:          true,
		ExtensionDetect:   true,
		ChallengeTries:    3,
		ChallengeTimeout:  6 * time.Second,
		ChallengeRemember: 30 * 24 * time.Hour,
		NameLimit:         6 * time.Second,
		MessageLimit:      2 * time.Minute,
		AnnounceTimeout:   24 * time.Second,
		OwnerKeyTimeout:   20 * time.Second,
		RingGap:           8 * time.Second,
		DropHold:          500 * time.Millisecond,
		WaitingCID:        3 * time.Second,
		Number:            number.DefaultConfig(),
		KeyWait:           5 * time.Second,
		UrgentWait:        3 * time.Second,
		UrgentRing:        true,
		MessageLamp:       true,
		LampAlert:         hal.AlertRingPulse,
		Switchboard:       DefaultSwitchboard(),
	}
}
