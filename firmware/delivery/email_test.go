package delivery

import (
	"strings"
	"testing"
	"time"

	"secretary/firmware/delivery/deliverytest"
	"secretary/hal/audio"
	"secretary/screening"
)

func emailSettings(server string) map[string]string {
	return map[string]string{"email-to": "owner@example.com", "smtp-server": server, "smtp-security": "starttls",
		"smtp-user": "box@example.com", "smtp-password": "app-pass-1234"}
}

// The e-mail of a message, through a real SMTP server with STARTTLS on a
// test certificate and AUTH PLAIN: the envelope is in the body, and the
// WAV attachment decodes to the message's audio.
func TestEmail_MIMEOverSTARTTLS(t *testing.T) {
	cert, roots := testCert(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	startMail(t, srv, "")
	r := newRig(t, roots, emailSettings(srv.Addr()))
	pcm := speech(2.5)
	id := r.save(screening.Message{Time: t0, Number: "+12125550143", Name: "HUDSON DENTAL", CallBack: "+12125550199", Urgent: true}, pcm)
	r.start()
	st := r.pass()

	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("the server took %d e-mails, want 1; status %+v", len(got), st)
	}
	m := got[0]
	if !m.TLS || m.User != "box@example.com" || m.From != "box@example.com" || len(m.To) != 1 || m.To[0] != "owner@example.com" {
		t.Errorf("envelope: tls %v, login %q, from %q, to %q", m.TLS, m.User, m.From, m.To)
	}
	p, err := deliverytest.Parse(m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if subj := p.Header.Get("Subject"); subj != "URGENT Voicemail from HUDSON DENTAL +12125550143 (0:03)" {
		t.Errorf("Subject %q", subj)
	}
	if mid := p.Header.Get("Message-Id"); mid != "<voicemail-"+id+"@secretary.invalid>" {
		t.Errorf("Message-ID %q", mid)
	}
	if d, err := p.Header.Date(); err != nil || !d.Equal(t0) {
		t.Errorf("Date %v %v", d, err)
	}
	for _, want := range []string{"Time:       Mon 23 Nov 2026 15:14 UTC", "Caller:     HUDSON DENTAL +12125550143",
		"Call back:  +12125550199", "Urgent:     YES", "Length:     0:03", "Message:    " + id, "msgs play " + id} {
		if !strings.Contains(p.Text, want) {
			t.Errorf("body lacks %q:\n%s", want, p.Text)
		}
	}
	name := "voicemail-" + id + ".wav"
	wav, ok := p.Files[name]
	if !ok || p.Types[name] != "audio/wav" {
		t.Fatalf("attachment %s (%q) missing; files %v", name, p.Types[name], p.Types)
	}
	clip, err := audio.DecodeWAV(wav)
	if err != nil {
		t.Fatalf("the attachment is not a WAV file: %v", err)
	}
	want, _, err := r.box.Audio(id)
	if err != nil {
		t.Fatal(err)
	}
	if clip.Rate != 8000 || clip.Channels != 1 || len(clip.Samples) != len(pcm) || !equalPCM(clip.Samples, want) {
		t.Errorf("attachment: %d Hz, %d channels, %d samples (message %d): not the message's audio", clip.Rate, clip.Channels, len(clip.Samples), len(pcm))
	}
	d := r.delivery(id)
	if rt := d.Route(screening.ChannelEmail); rt == nil || rt.State != screening.DeliverySent || rt.Tries != 1 || !rt.Done.Equal(t0) {
		t.Errorf("route after sending: %+v", d.Routes)
	}
	if st.Channels[0].Sent != 1 || st.Trouble() {
		t.Errorf("status %+v", st)
	}
	// nothing more goes out, however long the box runs
	r.later(48 * time.Hour)
	if n := len(srv.Received()); n != 1 {
		t.Errorf("%d e-mails after two days, want 1", n)
	}
}

func equalPCM(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Implicit TLS (smtp-security tls, as on port 465): the connection is
// encrypted from the first byte.
func TestEmail_ImplicitTLS(t *testing.T) {
	cert, roots := testCert(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	srv.Implicit = true
	startMail(t, srv, "")
	set := emailSettings(srv.Addr())
	set["smtp-security"] = "tls"
	r := newRig(t, roots, set)
	r.save(screening.Message{Time: t0, Number: "+12125550143"}, speech(1))
	r.start()
	r.pass()
	if got := srv.Received(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %d (tls %v), want 1 over TLS", len(got), len(got) > 0 && got[0].TLS)
	}
	// the same server with starttls: the first reply is TLS, not a
	// greeting, so it fails and waits; no password went out in the clear
	r2 := newRig(t, roots, emailSettings(srv.Addr()))
	r2.timeout = 500 * time.Millisecond
	r2.save(screening.Message{Time: t0}, speech(1))
	r2.start()
	st := r2.pass()
	if st.Channels[0].Sent != 0 || st.Channels[0].Waiting != 1 {
		t.Errorf("starttls against an implicit-TLS server: %+v", st.Channels[0])
	}
}

// A server certificate the box does not trust needs the owner: reported
// at once, never sent.
func TestEmail_UntrustedCertificate(t *testing.T) {
	cert, _ := testCert(t)
	_, otherRoots := testCert(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	startMail(t, srv, "")
	r := newRig(t, otherRoots, emailSettings(srv.Addr()))
	r.save(screening.Message{Time: t0}, speech(1))
	r.start()
	st := r.pass()
	if len(srv.Received()) != 0 || srv.AuthAttempts() != 0 {
		t.Fatal("the password or message went to a server whose certificate is not trusted")
	}
	c := st.Channels[0]
	if c.Waiting != 1 || !c.Attention || !strings.Contains(c.Problem, "certificate is not trusted") {
		t.Errorf("status %+v", c)
	}
	if n := r.drainNotices(); !contains(n, "e-mail delivery needs you") {
		t.Errorf("notices %q", n)
	}
}
