package screening

import "time"

// Message is the metadata of one voicemail message. The audio file lives
// beside the database (File is relative to the data directory); the store
// keeps this record.
type Message struct {
	ID       string        // unique, chosen by the firmware (e.g. time-based)
	Time     time.Time     // when recording started
	Number   string        // caller's E.164 number, "" if absent
	Name     string        // caller ID name, control characters removed
	Duration time.Duration // length of the recording
	File     string        // audio file, relative to the data directory
	Heard    bool          // the owner has played it
	HeardAt  time.Time     `json:",omitzero"` // when the owner first played it (zero: not yet, or before this was kept)
	Person   string        // whose mailbox (Person.ID); "" the general mailbox
}
