package delivery

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"secretary/firmware/delivery/deliverytest"
	"secretary/hal/audio"
	"secretary/screening"
)

// sendTest is the console's delivery test on a rig with settings set.
func sendTest(t *testing.T, roots *x509.CertPool, set map[string]string, c screening.Channel) (string, error, *rig) {
	t.Helper()
	r := newRig(t, roots, set)
	d := New(r.st, r.box, Config{Clock: r.clock, RootCAs: roots, Location: time.UTC, EmailTimeout: 10 * time.Second, PushTimeout: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := d.SendTest(ctx, c)
	return out, err, r
}

// The owner's test e-mail, through a real SMTP server (STARTTLS, AUTH
// PLAIN): it arrives marked as a test with a second of tone attached,
// the answer says where it went, and the queue is left alone.
func TestSendTest_Email(t *testing.T) {
	cert, roots := testCert(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	startMail(t, srv, "")
	out, err, r := sendTest(t, roots, emailSettings(srv.Addr()), screening.ChannelEmail)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "e-mail sent to owner@example.com through 127.0.0.1:") || strings.Contains(out, "app-pass") {
		t.Errorf("answer %q", out)
	}
	got := srv.Received()
	if len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %d (TLS %v)", len(got), len(got) == 1 && got[0].TLS)
	}
	p, err := deliverytest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Header.Get("Subject"); !strings.HasPrefix(s, "Test from your secretary box") {
		t.Errorf("Subject %q", s)
	}
	if !strings.Contains(p.Text, "This is a test from your secretary box") || strings.Contains(p.Text, "msgs play") {
		t.Errorf("body:\n%s", p.Text)
	}
	if len(p.Files) != 1 {
		t.Fatalf("attachments %v", p.Types)
	}
	for _, wav := range p.Files {
		if clip, err := audio.DecodeWAV(wav); err != nil || clip.Frames() != 8000 {
			t.Errorf("tone: %v %+v", err, clip)
		}
	}
	if dels, err := r.st.Deliveries(); err != nil || len(dels) != 0 {
		t.Errorf("the test touched the queue: %v %v", dels, err)
	}
}

// What the owner reads when the test fails: plain words for each cause,
// never the password.
func TestSendTest_EmailProblems(t *testing.T) {
	cert, roots := testCert(t)
	_, otherRoots := testCert(t)
	good := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	startMail(t, good, "")
	plainSrv := &deliverytest.MailServer{User: "box@example.com", Pass: "app-pass-1234"} // no TLS at all
	t.Cleanup(plainSrv.Stop)
	startMail(t, plainSrv, "")
	with := func(addr string, kv ...string) map[string]string {
		s := emailSettings(addr)
		for i := 0; i+1 < len(kv); i += 2 {
			s[kv[i]] = kv[i+1]
		}
		return s
	}
	for _, tc := range []struct {
		name  string
		roots *x509.CertPool
		set   map[string]string
		want  string
	}{
		{"wrong password", roots, with(good.Addr(), "smtp-password", "wrong-pass-9876"), "refused the user name or password"},
		{"unreachable", roots, with(freeAddr(t)), "cannot be reached"},
		{"STARTTLS not offered", roots, with(plainSrv.Addr()), "does not offer STARTTLS"},
		{"certificate not trusted", otherRoots, with(good.Addr()), "certificate is not trusted"},
		{"implicit TLS to a STARTTLS port", roots, with(good.Addr(), "smtp-security", "tls"), "does not speak TLS from the start on this port: set smtp-security to starttls"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err, _ := sendTest(t, tc.roots, tc.set, screening.ChannelEmail)
			if err == nil {
				t.Fatalf("sent: %q", out)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want %q", msg, tc.want)
			}
			if strings.Contains(msg, "pass-") || strings.Contains(msg, "delivery:") {
				t.Errorf("error %q shows a secret or a package prefix", msg)
			}
		})
	}
	if n := len(good.Received()) + len(plainSrv.Received()); n != 0 {
		t.Errorf("%d e-mails went through", n)
	}
}

// The test push posts the envelope marked as a test; a channel that is
// off says how to turn it on.
func TestSendTest_PushAndOff(t *testing.T) {
	h := newHook(t)
	out, err, _ := sendTest(t, h.roots, map[string]string{"push-url": h.srv.URL + "/box", "push-token": "tk_secret"}, screening.ChannelPush)
	if err != nil || out != "push sent to "+h.srv.URL+"/box" {
		t.Fatalf("answer %q, %v", out, err)
	}
	var env map[string]any
	h.mu.Lock()
	if len(h.bodies) == 1 {
		_ = json.Unmarshal(h.bodies[0], &env)
	}
	auth := h.reqs[0].Header.Get("Authorization")
	h.mu.Unlock()
	if env["test"] != true || !strings.HasPrefix(env["title"].(string), "Test from your secretary box") || auth != "Bearer tk_secret" {
		t.Errorf("push %v (auth %q)", env, auth)
	}
	h2 := newHook(t, 401)
	if _, err, _ := sendTest(t, h2.roots, map[string]string{"push-url": h2.srv.URL, "push-token": "tk_wrong"}, screening.ChannelPush); err == nil || !strings.Contains(err.Error(), "token") || strings.Contains(err.Error(), "tk_wrong") {
		t.Errorf("refused token: %v", err)
	}
	_, err, _ = sendTest(t, nil, nil, screening.ChannelEmail)
	if !errors.Is(err, ErrChannelOff) || !strings.Contains(err.Error(), "set email-to") {
		t.Errorf("e-mail off: %v", err)
	}
}

// The owner's delivery retry: a message waiting an hour on a server that
// was down, and one that failed on a server that refused it, both go
// out at once when the owner asks, without touching a setting.
func TestDelivery_Retry(t *testing.T) {
	cert, roots := testCert(t)
	addr := freeAddr(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	r := newRig(t, roots, emailSettings(addr))
	id1 := r.save(screening.Message{Time: t0, Number: "+12125550143"}, speech(1))
	r.start()
	st := r.pass()
	for st.Channels[0].Next.Sub(r.clock.Now()) < 30*time.Minute { // the server down for a while
		st = r.advanceTo(st.Channels[0].Next)
	}
	// a second message fails for good: the route is marked as a server's refusal
	id2 := r.save(screening.Message{Time: t0.Add(time.Second)}, speech(1))
	st = r.pass()
	dl := r.delivery(id2)
	dl.Routes[0].State, dl.Routes[0].Error, dl.Routes[0].Next = screening.DeliveryFailed, "the mail server refused the message (552 too big)", time.Time{}
	if err := r.st.PutDelivery(dl); err != nil {
		t.Fatal(err)
	}
	startMail(t, srv, addr)
	r.d.Poke() // a look without retry (the clock stays: no timer fires): the first still waits, the second stays failed
	r.pass()
	if n := len(srv.Received()); n != 0 {
		t.Fatalf("%d sent before the retry", n)
	}
	r.d.Retry()
	st = r.pass()
	if n := len(srv.Received()); n != 2 || st.Channels[0].Sent != 2 || st.Trouble() {
		t.Fatalf("after retry: %d e-mails, %+v", n, st.Channels[0])
	}
	for _, id := range []string{id1, id2} {
		if s := r.delivery(id).Summary(); s != "e-mail sent" {
			t.Errorf("%s: %q", id, s)
		}
	}
}

// A restart tries what waits at once, however long its wait had to run,
// and the waits go on growing; while running, the loop keeps to them.
func TestDelivery_TriesAtStart(t *testing.T) {
	cert, roots := testCert(t)
	addr := freeAddr(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	r := newRig(t, roots, emailSettings(addr))
	id := r.save(screening.Message{Time: t0, Number: "+12125550143"}, speech(1))
	r.start()
	st := r.pass()
	for i := 0; i < 3; i++ {
		st = r.advanceTo(st.Channels[0].Next)
	}
	before := r.delivery(id).Route(screening.ChannelEmail)
	if before.Tries != 4 || before.Next.Sub(r.clock.Now()) < 3*time.Minute {
		t.Fatalf("after 4 tries: %+v", before)
	}
	r.stop()
	r.start() // the same clock: the wait has minutes to run
	st = r.pass()
	after := r.delivery(id).Route(screening.ChannelEmail)
	if after.Tries != 5 || !after.Last.Equal(r.clock.Now()) || after.Next.Sub(after.Last) < 6*time.Minute {
		t.Fatalf("the restart did not try at once, or the wait shrank: %+v", after)
	}
	startMail(t, srv, addr)
	r.later(time.Minute) // running: a minute on, the 6-minute wait holds
	if len(srv.Received()) != 0 {
		t.Fatal("sent before its wait ran out")
	}
	r.stop()
	r.start()
	if st = r.pass(); st.Channels[0].Sent != 1 || len(srv.Received()) != 1 {
		t.Fatalf("after the second restart: %+v, %d e-mails", st.Channels[0], len(srv.Received()))
	}
}
