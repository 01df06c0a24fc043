package screening

import (
	"errors"
	"strings"
	"testing"
)

func TestDeliverySettings_Values(t *testing.T) {
	good := []struct{ key, value, stored string }{
		{"email-to", "owner@example.com", "owner@example.com"},
		{"email-to", " Owner <owner@example.com>, office@mail.example.org ", "owner@example.com,office@mail.example.org"},
		{"email-to", "", ""},
		{"email-from", "box@example.com", "box@example.com"},
		{"smtp-server", "smtp.gmail.com", "smtp.gmail.com"},
		{"smtp-server", "SMTP.Office365.com:587", "smtp.office365.com:587"},
		{"smtp-server", "192.168.1.10:2525", "192.168.1.10:2525"},
		{"smtp-server", "[::1]:25", "[::1]:25"},
		{"smtp-security", "TLS", "tls"},
		{"smtp-security", "ssl", "tls"},
		{"smtp-security", "none", "none"},
		{"smtp-user", "owner@gmail.com", "owner@gmail.com"},
		{"smtp-password", "abcd efgh ijkl mnop", "abcd efgh ijkl mnop"},
		{"push-url", "https://ntfy.sh/front-desk-4711", "https://ntfy.sh/front-desk-4711"},
		{"push-url", "http://192.168.1.5:8080/message?priority=5", "http://192.168.1.5:8080/message?priority=5"},
		{"push-topic", "front_desk-1", "front_desk-1"},
		{"push-token", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2", "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2"},
	}
	for _, g := range good {
		s := DefaultSettings()
		if err := s.Set(g.key, g.value); err != nil {
			t.Errorf("%s %q: %v", g.key, g.value, err)
			continue
		}
		if v, _ := s.Get(g.key); v != g.stored {
			t.Errorf("%s %q reads back %q, want %q", g.key, g.value, v, g.stored)
		}
	}
	bad := []struct{ key, value, why string }{
		{"email-to", "owner", "e-mail addresses"},
		{"email-to", "owner@localhost-only", "e-mail addresses"},
		{"email-to", "a@b.example;c@d.example", "e-mail addresses"},
		{"email-to", "a@x.example,b@x.example,c@x.example,d@x.example,e@x.example,f@x.example", "at most 5"},
		{"email-from", "a@x.example, b@x.example", "one e-mail address"},
		{"smtp-server", "smtp..gmail.com", "host name"},
		{"smtp-server", "smtp.gmail.com:0", "host name"},
		{"smtp-server", "smtp.gmail.com:99999", "host name"},
		{"smtp-server", "smtp gmail com", "host name"},
		{"smtp-security", "ssl3", "starttls, tls or none"},
		{"smtp-user", "bob\x1b[2J", "control"},
		{"push-url", "ftp://ntfy.sh/x", "http:// or https://"},
		{"push-url", "https://user:pass@ntfy.sh/x", "push-token"},
		{"push-url", "https:///x", "http:// or https://"},
		{"push-topic", "a/b", "letters, digits"},
		{"push-topic", strings.Repeat("a", 65), "at most 64"},
	}
	for _, b := range bad {
		s := DefaultSettings()
		err := s.Set(b.key, b.value)
		if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), b.why) {
			t.Errorf("%s %q: %v, want an error saying %q", b.key, b.value, err, b.why)
		}
	}
}

// Delivery is off by default and a secret's value is not in an error.
func TestDeliverySettings_OffAndSecret(t *testing.T) {
	s := DefaultSettings()
	if s.Delivery.Any() || s.Delivery.SMTPSecurity != SMTPStartTLS {
		t.Errorf("defaults %+v", s.Delivery)
	}
	err := s.Set("smtp-password", "p4ss\x07word")
	if err == nil || strings.Contains(err.Error(), "p4ss") || !strings.Contains(err.Error(), "(hidden)") {
		t.Errorf("error about a secret: %v", err)
	}
	loaded := LoadSettings(map[string]string{"push-token": strings.Repeat("x", 600) + "zq9", "email-to": "a@x.example"})
	if len(loaded.Problems) != 1 || strings.Contains(loaded.Problems[0].Error(), "zq9") {
		t.Errorf("problems %v", loaded.Problems)
	}
	if !loaded.Delivery.On(ChannelEmail) || loaded.Delivery.On(ChannelPush) {
		t.Errorf("channels: %+v", loaded.Delivery)
	}
	k, _ := LookupSetting("push-token")
	if k.Shown("tk_1") != "(hidden)" || k.Shown("") != "" {
		t.Error("Shown")
	}
	if k, _ := LookupSetting("push-url"); k.Shown("https://x.example") != "https://x.example" {
		t.Error("Shown of a plain setting")
	}
}

func TestDeliverySettings_Derived(t *testing.T) {
	var d DeliverySettings
	d.SMTPServer, d.SMTPSecurity = "smtp.example.com", SMTPTLS
	if h, p := d.SMTPAddress(); h != "smtp.example.com" || p != 465 {
		t.Errorf("address %s %d", h, p)
	}
	d.SMTPServer = "smtp.example.com:2525"
	if h, p := d.SMTPAddress(); h != "smtp.example.com" || p != 2525 {
		t.Errorf("address %s %d", h, p)
	}
	d.EmailTo = []string{"owner@example.com"}
	if d.Sender() != "owner@example.com" {
		t.Errorf("sender %q", d.Sender())
	}
	d.SMTPUser = "box@example.com"
	if d.Sender() != "box@example.com" {
		t.Errorf("sender %q", d.Sender())
	}
	d.EmailFrom = "front@example.com"
	if d.Sender() != "front@example.com" {
		t.Errorf("sender %q", d.Sender())
	}
	f := d.Fingerprint(ChannelEmail)
	d.SMTPPassword = "new"
	if d.Fingerprint(ChannelEmail) == f || d.Fingerprint(ChannelPush) != (DeliverySettings{}).Fingerprint(ChannelPush) {
		t.Error("fingerprints: a password change must change the e-mail's, and only it")
	}
}
