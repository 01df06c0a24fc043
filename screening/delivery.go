package screening

import (
	"fmt"
	"strings"
	"time"
)

// Channel is a way a message reaches the owner away from the box.
type Channel int

const (
	// ChannelEmail: an e-mail with the recording attached (email-to, smtp-*).
	ChannelEmail Channel = iota + 1
	// ChannelPush: the envelope as JSON posted to a URL (push-*).
	ChannelPush
)

// Channels are every channel, in the order deliveries list them.
var Channels = []Channel{ChannelEmail, ChannelPush}

func (c Channel) String() string {
	switch c {
	case ChannelEmail:
		return "e-mail"
	case ChannelPush:
		return "push"
	}
	return fmt.Sprintf("channel(%d)", int(c))
}

// MarshalText writes the channel as a word ("email", "push").
func (c Channel) MarshalText() ([]byte, error) {
	switch c {
	case ChannelEmail:
		return []byte("email"), nil
	case ChannelPush:
		return []byte("push"), nil
	}
	return nil, fmt.Errorf("screening: no channel %d", int(c))
}

// UnmarshalText reads what MarshalText writes.
func (c *Channel) UnmarshalText(b []byte) error {
	switch string(b) {
	case "email":
		*c = ChannelEmail
	case "push":
		*c = ChannelPush
	default:
		return fmt.Errorf("screening: no channel %q", b)
	}
	return nil
}

// DeliveryState is where one message stands on one channel.
type DeliveryState int

const (
	// DeliveryWaiting: not sent yet; the next attempt is due at Route.Next.
	DeliveryWaiting DeliveryState = iota + 1
	// DeliverySent: the server took it.
	DeliverySent
	// DeliveryFailed: the server refused it for good (or the credentials
	// failed too often); tried again only when the owner changes the
	// channel's settings.
	DeliveryFailed
	// DeliveryCancelled: the channel was turned off before it went out.
	DeliveryCancelled
)

var stateWords = map[DeliveryState]string{DeliveryWaiting: "waiting", DeliverySent: "sent",
	DeliveryFailed: "failed", DeliveryCancelled: "cancelled"}

func (s DeliveryState) String() string {
	if w, ok := stateWords[s]; ok {
		return w
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// MarshalText writes the state as its word.
func (s DeliveryState) MarshalText() ([]byte, error) {
	if w, ok := stateWords[s]; ok {
		return []byte(w), nil
	}
	return nil, fmt.Errorf("screening: no delivery state %d", int(s))
}

// UnmarshalText reads what MarshalText writes.
func (s *DeliveryState) UnmarshalText(b []byte) error {
	for st, w := range stateWords {
		if w == string(b) {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("screening: no delivery state %q", b)
}

// Route is one message's delivery on one channel.
type Route struct {
	Channel Channel       `json:"channel"`
	State   DeliveryState `json:"state"`
	Tries   int           `json:"tries,omitempty"` // attempts since it was queued or its settings changed
	Next    time.Time     `json:"next,omitzero"`   // Waiting: when the next attempt is due
	Last    time.Time     `json:"last,omitzero"`   // the last attempt
	Done    time.Time     `json:"done,omitzero"`   // Sent, Failed, Cancelled: when
	// Error is why the last attempt failed, one sentence for the owner
	// (it never holds a password or token).
	Error string `json:"error,omitempty"`
	// Attention: the last failure needs the owner (a refused password, a
	// server certificate, an address): it is reported even while retried.
	Attention bool `json:"attention,omitempty"`
	// Config is the fingerprint of the channel's settings at the last
	// attempt (DeliverySettings.Fingerprint): a change re-arms a failed route.
	Config string `json:"config,omitempty"`
}

// Delivery is how one voicemail message goes out to the owner: a route
// per channel that was on when the message was taken. The store keeps
// one per message, keyed by the message ID, and removes it with the
// message.
type Delivery struct {
	MessageID string    `json:"id"`
	Queued    time.Time `json:"queued"`
	// Routes, one per channel; none when delivery was off when the message
	// was taken (it is then never sent).
	Routes []Route `json:"routes,omitempty"`
}

// Route returns the route of channel c (in d.Routes), nil if the message
// has none.
func (d Delivery) Route(c Channel) *Route {
	for i := range d.Routes {
		if d.Routes[i].Channel == c {
			return &d.Routes[i]
		}
	}
	return nil
}

// Summary is the delivery in a few words for msgs list: "-" when none
// was asked for, else each channel and its state: "e-mail sent, push
// waiting (3 tries)".
func (d Delivery) Summary() string {
	if len(d.Routes) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(d.Routes))
	for _, r := range d.Routes {
		s := r.Channel.String() + " " + r.State.String()
		switch {
		case r.State == DeliveryFailed:
			s = r.Channel.String() + " FAILED"
		case r.State == DeliveryWaiting && r.Attention:
			s = fmt.Sprintf("%s RETRYING (%d tries)", r.Channel, r.Tries)
		case r.State == DeliveryWaiting && r.Tries > 0:
			s += fmt.Sprintf(" (%d tries)", r.Tries)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}
