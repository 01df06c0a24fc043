package screening

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// DeliverySettings say how messages go out to the owner (firmware/delivery
// reads them before every attempt). E-mail is on when EmailTo is set, push
// when PushURL is; both are off by default.
type DeliverySettings struct {
	EmailTo      []string     // email-to: recipients; none = no e-mail
	EmailFrom    string       // email-from: "" = smtp-user when it is an address, else the first recipient
	SMTPServer   string       // smtp-server: HOST or HOST:PORT
	SMTPSecurity SMTPSecurity // smtp-security
	SMTPUser     string       // smtp-user: "" = no authentication
	SMTPPassword string       // smtp-password (secret)
	PushURL      string       // push-url: "" = no push
	PushTopic    string       // push-topic: ntfy's topic when posting to the server's root
	PushToken    string       // push-token (secret): sent as "Authorization: Bearer"
}

// SMTPSecurity is how the connection to the mail server is protected.
type SMTPSecurity int

const (
	// SMTPStartTLS: plain connection upgraded with STARTTLS, which the
	// server must offer (port 587 by default).
	SMTPStartTLS SMTPSecurity = iota
	// SMTPTLS: TLS from the first byte, "implicit TLS" (port 465 by default).
	SMTPTLS
	// SMTPNone: no encryption (port 25 by default): only for a server on the
	// same machine or network; credentials are then refused unless the
	// server is this host.
	SMTPNone
)

func (s SMTPSecurity) String() string {
	switch s {
	case SMTPTLS:
		return "tls"
	case SMTPNone:
		return "none"
	}
	return "starttls"
}

// DefaultPort is the usual port of the security mode.
func (s SMTPSecurity) DefaultPort() int {
	switch s {
	case SMTPTLS:
		return 465
	case SMTPNone:
		return 25
	}
	return 587
}

// On reports whether messages go out on channel c.
func (d DeliverySettings) On(c Channel) bool {
	switch c {
	case ChannelEmail:
		return len(d.EmailTo) > 0
	case ChannelPush:
		return d.PushURL != ""
	}
	return false
}

// Any reports whether any channel is on.
func (d DeliverySettings) Any() bool { return d.On(ChannelEmail) || d.On(ChannelPush) }

// Fingerprint identifies the settings of channel c (secrets included, as a
// hash): a route that failed is tried again once it changes.
func (d DeliverySettings) Fingerprint(c Channel) string {
	var parts []string
	switch c {
	case ChannelEmail:
		parts = []string{strings.Join(d.EmailTo, ","), d.EmailFrom, d.SMTPServer, d.SMTPSecurity.String(), d.SMTPUser, d.SMTPPassword}
	case ChannelPush:
		parts = []string{d.PushURL, d.PushTopic, d.PushToken}
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
}

// SMTPAddress is the server's host and port (the security mode's port when
// smtp-server names none).
func (d DeliverySettings) SMTPAddress() (host string, port int) {
	host, p, err := net.SplitHostPort(d.SMTPServer)
	if err != nil {
		return d.SMTPServer, d.SMTPSecurity.DefaultPort()
	}
	port, _ = strconv.Atoi(p)
	return host, port
}

// Sender is the From address: email-from, else smtp-user when it is an
// address, else the first recipient.
func (d DeliverySettings) Sender() string {
	if d.EmailFrom != "" {
		return d.EmailFrom
	}
	if a, err := mail.ParseAddress(d.SMTPUser); err == nil {
		return a.Address
	}
	if len(d.EmailTo) > 0 {
		return d.EmailTo[0]
	}
	return ""
}

// maxSecret bounds a password or token.
const maxSecret = 512

// deliverySettings are the rows of the table for delivery.
func deliverySettings() []Setting {
	return []Setting{
		{Key: "email-to", Form: "ADDRESS[,ADDRESS...] or empty", Default: "", By: ByDelivery,
			Meaning: "e-mail each message (recording attached) to these addresses; empty: no e-mail",
			parse: func(s *Settings, v string) error {
				to, err := parseAddressList(v)
				if err != nil {
					return err
				}
				s.Delivery.EmailTo = to
				return nil
			},
			format: func(s Settings) string { return strings.Join(s.Delivery.EmailTo, ",") }},
		{Key: "email-from", Form: "ADDRESS or empty", Default: "", By: ByDelivery,
			Meaning: "sender of the e-mails; empty: smtp-user if it is an address, else the first of email-to",
			parse: func(s *Settings, v string) error {
				if v == "" {
					s.Delivery.EmailFrom = ""
					return nil
				}
				to, err := parseAddressList(v)
				if err != nil || len(to) != 1 {
					return errors.New("want one e-mail address such as box@example.com, or empty")
				}
				s.Delivery.EmailFrom = to[0]
				return nil
			},
			format: func(s Settings) string { return s.Delivery.EmailFrom }},
		{Key: "smtp-server", Form: "HOST[:PORT] or empty", Default: "", By: ByDelivery,
			Meaning: "mail server that sends the e-mails, e.g. smtp.gmail.com (port: 587 for starttls, 465 for tls)",
			parse: func(s *Settings, v string) error {
				if v != "" && !validServer(v) {
					return errors.New("want a host name or address with an optional :PORT, such as smtp.gmail.com or smtp.example.com:2525")
				}
				s.Delivery.SMTPServer = strings.ToLower(v)
				return nil
			},
			format: func(s Settings) string { return s.Delivery.SMTPServer }},
		{Key: "smtp-security", Form: "starttls|tls|none", Default: "starttls", By: ByDelivery,
			Meaning: "starttls: upgrade the connection (port 587); tls: TLS from the start (port 465); none: no encryption, for a server on this network",
			parse: func(s *Settings, v string) error {
				switch strings.ToLower(v) {
				case "starttls":
					s.Delivery.SMTPSecurity = SMTPStartTLS
				case "tls", "ssl":
					s.Delivery.SMTPSecurity = SMTPTLS
				case "none":
					s.Delivery.SMTPSecurity = SMTPNone
				default:
					return errors.New("want starttls, tls or none")
				}
				return nil
			},
			format: func(s Settings) string { return s.Delivery.SMTPSecurity.String() }},
		{Key: "smtp-user", Form: "NAME or empty", Default: "", By: ByDelivery,
			Meaning: "user name at the mail server (often the e-mail address); empty: no login",
			parse: func(s *Settings, v string) error {
				if err := plainValue(v, 256); err != nil {
					return err
				}
				s.Delivery.SMTPUser = v
				return nil
			},
			format: func(s Settings) string { return s.Delivery.SMTPUser }},
		secretSetting("smtp-password", "password at the mail server (an app password); never shown",
			func(s *Settings) *string { return &s.Delivery.SMTPPassword }),
		{Key: "push-url", Form: "URL or empty", Default: "", By: ByDelivery,
			Meaning: "post each message's details as JSON to this http(s) URL (ntfy, Gotify, a webhook); empty: no push",
			parse: func(s *Settings, v string) error {
				if v != "" {
					if err := validPushURL(v); err != nil {
						return err
					}
				}
				s.Delivery.PushURL = v
				return nil
			},
			format: func(s Settings) string { return s.Delivery.PushURL }},
		{Key: "push-topic", Form: "TOPIC or empty", Default: "", By: ByDelivery,
			Meaning: "ntfy topic, sent in the JSON when push-url is the ntfy server itself (https://ntfy.sh); empty: none",
			parse: func(s *Settings, v string) error {
				for _, c := range v {
					if c > unicode.MaxASCII || !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-' || c == '_') {
						return errors.New("want letters, digits, '-' and '_' (at most 64), or empty")
					}
				}
				if len(v) > 64 {
					return errors.New("want letters, digits, '-' and '_' (at most 64), or empty")
				}
				s.Delivery.PushTopic = v
				return nil
			},
			format: func(s Settings) string { return s.Delivery.PushTopic }},
		secretSetting("push-token", "access token of the push service, sent as Authorization: Bearer; never shown",
			func(s *Settings) *string { return &s.Delivery.PushToken }),
	}
}

// secretSetting is a password or token: kept as typed, never shown back
// (set, get and every error say "(hidden)").
func secretSetting(key, meaning string, field func(*Settings) *string) Setting {
	return Setting{Key: key, Form: "SECRET or empty", Default: "", By: ByDelivery, Secret: true, Meaning: meaning,
		parse: func(s *Settings, v string) error {
			if err := plainValue(v, maxSecret); err != nil {
				return err
			}
			*field(s) = v
			return nil
		},
		format: func(s Settings) string { return *field(&s) }}
}

// plainValue refuses control and invisible characters and more than max bytes.
func plainValue(v string, max int) error {
	if len(v) > max {
		return fmt.Errorf("want at most %d characters", max)
	}
	for _, c := range v {
		if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) {
			return errors.New("control or invisible characters are not allowed")
		}
	}
	return nil
}

// parseAddressList reads "a@b.example, c@d.example" (at most 5 plain
// addresses; a display name is dropped).
func parseAddressList(v string) ([]string, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	var out []string
	for _, part := range strings.Split(v, ",") {
		a, err := mail.ParseAddress(strings.TrimSpace(part))
		if err != nil || !validMailDomain(a.Address) {
			return nil, errors.New("want e-mail addresses such as owner@example.com, separated by commas")
		}
		out = append(out, a.Address)
	}
	if len(out) > 5 {
		return nil, errors.New("want at most 5 addresses")
	}
	return out, nil
}

// validMailDomain: the part after @ is a host name with a dot or
// localhost, and the address has no characters a mail header would need
// to quote.
func validMailDomain(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || strings.ContainsAny(addr, " \"\\<>()[],;") {
		return false
	}
	host := addr[at+1:]
	return validHost(host) && (strings.Contains(host, ".") || host == "localhost")
}

// validServer is HOST or HOST:PORT.
func validServer(v string) bool {
	host, port := v, ""
	if h, p, err := net.SplitHostPort(v); err == nil {
		host, port = h, p
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strings.ContainsAny(port, "+-") {
			return false
		}
	}
	return validHost(host)
}

// validHost is a DNS name or an IP address.
func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if c > unicode.MaxASCII || !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '-') {
				return false
			}
		}
	}
	return true
}

// validPushURL: http or https, a host, no user name or password in it (the
// token setting holds that, and is never shown).
func validPushURL(v string) error {
	bad := errors.New("want an http:// or https:// URL such as https://ntfy.sh/my-topic, or empty")
	if len(v) > 2000 || plainValue(v, 2000) != nil || strings.ContainsAny(v, " ") {
		return bad
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !validHost(u.Hostname()) {
		return bad
	}
	if u.User != nil {
		return errors.New("put no user name or password in the URL: set push-token instead")
	}
	return nil
}
