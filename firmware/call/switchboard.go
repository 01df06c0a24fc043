package call

import (
	"fmt"
	"time"

	"secretary/screening"
)

// The switchboard's vocabulary: the people a call can be for, as the
// machine sees them (Directory, in Config), how a dial went (DialOutcome),
// and a person's ring.

// Person is someone callers can ask for, as the machine needs them.
type Person struct {
	ID   string // screening.Person.ID: "anna"
	Key  byte   // the menu key, '1'-'9'
	Ring Ring   // their cadence on the handset
	Dial string // what to dial to reach their mobile ("" none): see screening/number.Dialable
}

// Directory is the people of the switchboard for one call, by menu key.
// It is an array so that Config stays a comparable value.
type Directory struct {
	N      int
	People [screening.MaxPeople]Person
}

// Add appends p; it reports false when the directory is full.
func (d *Directory) Add(p Person) bool {
	if d.N >= len(d.People) {
		return false
	}
	d.People[d.N] = p
	d.N++
	return true
}

// ByKey finds the person with menu key k.
func (d *Directory) ByKey(k byte) (Person, bool) {
	for _, p := range d.People[:d.N] {
		if p.Key == k {
			return p, true
		}
	}
	return Person{}, false
}

// ByID finds a person by screening.Person.ID.
func (d *Directory) ByID(id string) (Person, bool) {
	for _, p := range d.People[:d.N] {
		if id != "" && p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

// PersonRing is the handset ring of a person's cadence.
func PersonRing(c screening.Cadence) Ring {
	switch c {
	case screening.CadenceShortShort:
		return RingShortShort
	case screening.CadenceShortShortLong:
		return RingShortShortLong
	case screening.CadenceShortLongShort:
		return RingShortLongShort
	}
	return RingLong
}

// DialOutcome is how a dial to a person's mobile went.
type DialOutcome int

const (
	DialNone     DialOutcome = iota
	DialAnswered             // the mobile answered
	DialBusy                 // busy, reorder or SIT
	DialNoAnswer             // it rang out
	DialFailed               // the line device failed
)

func (d DialOutcome) String() string {
	switch d {
	case DialNone:
		return "none"
	case DialAnswered:
		return "answered"
	case DialBusy:
		return "busy"
	case DialNoAnswer:
		return "no-answer"
	case DialFailed:
		return "failed"
	}
	return fmt.Sprintf("DialOutcome(%d)", int(d))
}

// Switchboard is the Config of the switchboard (screening.SwitchboardSettings
// and the people).
type Switchboard struct {
	People          Directory
	MenuDefault     string        // the person (ID) a caller who presses no key gets; "" the general mailbox
	MenuTimeout     time.Duration // the menu waits this long for a key (default 5 s)
	ForwardRings    int           // rings of a person's cadence before forwarding or a message (default 4)
	Transfer        bool          // the line has the phone company's call transfer
	TransferTimeout time.Duration // how long the mobile may ring (default 30 s)
}

// DefaultSwitchboard is the switchboard of a new box: nobody on it.
func DefaultSwitchboard() Switchboard {
	return Switchboard{MenuTimeout: 5 * time.Second, ForwardRings: 4, TransferTimeout: 30 * time.Second}
}

// VoiceLimit is the longest recording of a person's name.
const VoiceLimit = 4 * time.Second
