package screening

import "time"

// Message is one message the box took: who called, what they left and
// where the message stands. The audio file lives beside the database (File
// is relative to the data directory); the store keeps this record.
//
// The audio holds what the caller said: first their name and reason
// (NameGiven long; 0 when they gave none), then their message. Fields added
// later read as their zero value from records written before them.
type Message struct {
	ID       string        // unique, chosen by the firmware (e.g. time-based)
	Time     time.Time     // when the call began
	Number   string        // caller ID: the caller's E.164 number, "" if absent
	Name     string        // caller ID name, control characters removed
	Duration time.Duration // length of the recording
	File     string        // audio file, relative to the data directory
	Heard    bool          // the owner has heard it (or saved it with 9 on the phone)
	HeardAt  time.Time     `json:",omitzero"` // when the owner first heard it (zero: not yet, or before this was kept)

	// NameGiven is how long the name and reason the caller said last, at
	// the start of the audio; 0 when the caller gave none.
	NameGiven time.Duration `json:",omitempty"`
	// CallBack is the number the caller asked to be called back at
	// (E.164): the caller ID's number when they pressed 1, the number they
	// keyed in, or "" when they keyed nothing.
	CallBack string `json:",omitempty"`
	// Urgent: the caller pressed 9 for urgent.
	Urgent bool `json:",omitempty"`
	// Person is whose mailbox (Person.ID); "" the general mailbox.
	Person string `json:",omitempty"`
}
