package delivery

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"secretary/screening"
	"secretary/screening/clean"
)

// Envelope is what the box knows about a message besides its audio: what
// the e-mail's body says and what the push JSON holds.
type Envelope struct {
	ID       string    `json:"id"`                 // the message ID (msgs play ID)
	Time     time.Time `json:"time"`               // when the caller began speaking
	Number   string    `json:"number,omitempty"`   // caller ID number (E.164); empty when withheld or absent
	Name     string    `json:"name,omitempty"`     // caller ID name
	CallBack string    `json:"callback,omitempty"` // number the caller keyed to be called back at
	Urgent   bool      `json:"urgent"`             // the caller pressed 9
	Seconds  float64   `json:"duration"`           // length of the recording in seconds
	For      string    `json:"for,omitempty"`      // whose mailbox (the switchboard's person); empty: the general one
	// Test: the owner's check of the settings (delivery test), not a
	// caller's message.
	Test bool `json:"test,omitempty"`
}

// EnvelopeOf is the envelope of a message.
func EnvelopeOf(m screening.Message) Envelope {
	return Envelope{ID: m.ID, Time: m.Time, Number: m.Number, Name: clean.Name(m.Name),
		CallBack: m.CallBack, Urgent: m.Urgent, Seconds: m.Duration.Round(100 * time.Millisecond).Seconds(), For: m.Person}
}

// caller is "HUDSON DENTAL +12125550143", or what is known of it.
func (e Envelope) caller() string {
	switch {
	case e.Name != "" && e.Number != "":
		return e.Name + " " + e.Number
	case e.Number != "":
		return e.Number
	case e.Name != "":
		return e.Name
	}
	return "a caller without caller ID"
}

// length is "0:42".
func (e Envelope) length() string {
	s := int(e.Seconds + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Subject is the e-mail's subject and the push title.
func (e Envelope) Subject() string {
	if e.Test {
		return "Test from your secretary box: messages will come like this"
	}
	s := fmt.Sprintf("Voicemail from %s (%s)", e.caller(), e.length())
	if e.For != "" {
		s = fmt.Sprintf("Voicemail for %s from %s (%s)", e.For, e.caller(), e.length())
	}
	if e.Urgent {
		s = "URGENT " + s
	}
	return s
}

// Body is the e-mail's text: the envelope, one field a line, in loc's
// time.
func (e Envelope) Body(loc *time.Location) string {
	var b strings.Builder
	if e.Test {
		b.WriteString("This is a test from your secretary box (delivery test on its console): its e-mail\n" +
			"settings work. Each message will come like this, the details below and the recording attached\n" +
			"(here a second of tone).\n\n")
	} else {
		b.WriteString("Your secretary box took a message.\n\n")
	}
	row := func(k, v string) { fmt.Fprintf(&b, "%-11s %s\n", k+":", v) }
	if e.For != "" {
		row("For", e.For)
	}
	row("Time", e.Time.In(loc).Format("Mon 2 Jan 2006 15:04 MST"))
	row("Caller", e.caller())
	switch {
	case e.CallBack != "":
		row("Call back", e.CallBack)
	case e.Number != "":
		row("Call back", e.Number+" (the number it came from; none was given)")
	default:
		row("Call back", "no number given")
	}
	urgent := "no"
	if e.Urgent {
		urgent = "YES"
	}
	row("Urgent", urgent)
	row("Length", e.length())
	row("Message", e.ID)
	if e.Test {
		fmt.Fprintf(&b, "\nThe attachment (%s) is a second of tone; a message's is its recording.\n", e.FileName())
		return b.String()
	}
	fmt.Fprintf(&b, "\nThe recording is attached (%s): the caller's name and reason, in their own words.\n", e.FileName())
	b.WriteString("On the box: msgs play " + e.ID + " rings the phone and plays it.\n")
	return b.String()
}

// FileName is the attachment's name.
func (e Envelope) FileName() string { return "voicemail-" + e.ID + ".wav" }

// pushJSON is what the push channel posts: the envelope's fields plus the
// ones ntfy and Gotify show (title, message, priority; ntfy's tags and,
// when push-topic is set, topic). Both ignore the fields they do not know.
type pushJSON struct {
	Envelope
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Priority int      `json:"priority"` // 5 urgent, 3 otherwise (ntfy: max/default; Gotify: sound)
	Tags     []string `json:"tags,omitempty"`
	Topic    string   `json:"topic,omitempty"`
}

// PushJSON is the body the push channel posts for e.
func (e Envelope) PushJSON(topic string, loc *time.Location) ([]byte, error) {
	p := pushJSON{Envelope: e, Title: e.Subject(), Priority: 3, Tags: []string{"telephone_receiver"}, Topic: topic}
	p.Message = e.Time.In(loc).Format("Mon 15:04") + ", " + e.length()
	if e.CallBack != "" {
		p.Message += ", call back " + e.CallBack
	}
	if e.Urgent {
		p.Priority = 5
		p.Tags = append(p.Tags, "rotating_light")
	}
	return json.Marshal(p)
}
