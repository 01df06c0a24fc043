package delivery

import (
	"net"
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// freeAddr is a local address nothing listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// The mail server is down for days, then up: the messages wait with
// growing pauses capped at an hour, then each goes out exactly once.
func TestDelivery_ServerDownThenUp(t *testing.T) {
	cert, roots := testCert(t)
	addr := freeAddr(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	r := newRig(t, roots, emailSettings(addr))
	id1 := r.save(screening.Message{Time: t0, Number: "+12125550143"}, speech(1))
	r.start()
	st := r.pass()
	if st.Channels[0].Waiting != 1 {
		t.Fatalf("after the first try: %+v", st.Channels[0])
	}
	r.clock.Advance(10 * time.Second) // a second message, taken while the first waits (its next try is 22.5-30 s on)
	id2 := r.save(screening.Message{Time: t0.Add(10 * time.Second), Number: "+12015550123"}, speech(1))
	st = r.pass()

	var waits []time.Duration
	for day := r.clock.Now().Add(72 * time.Hour); r.clock.Now().Before(day); {
		c := st.Channels[0]
		if c.Waiting != 2 || c.Sent != 0 || c.Attention || !strings.Contains(c.Problem, "cannot be reached") {
			t.Fatalf("while the server is down: %+v", c)
		}
		d1 := r.delivery(id1).Route(screening.ChannelEmail)
		d2 := r.delivery(id2).Route(screening.ChannelEmail)
		tried := d1 // the route this pass tried; the other waited with it
		if d2.Last.After(d1.Last) {
			tried = d2
		}
		want := min(30*time.Second<<min(tried.Tries-1, 20), time.Hour)
		if wait := tried.Next.Sub(tried.Last); wait > want || wait < want*3/4 {
			t.Fatalf("after try %d: next in %v, want %v less at most a quarter", tried.Tries, wait, want)
		}
		if !d1.Next.Equal(d2.Next) {
			t.Fatalf("the messages are tried apart (%v, %v): they should wait together", d1.Next, d2.Next)
		}
		waits = append(waits, tried.Next.Sub(tried.Last))
		st = r.advanceTo(c.Next)
	}
	if n := len(waits); n < 70 || n > 90 {
		t.Errorf("%d attempts in 3 days, want about 80 (hourly once capped)", n)
	}
	if len(srv.Received()) != 0 {
		t.Fatal("received while down")
	}
	startMail(t, srv, addr)
	st = r.advanceTo(st.Channels[0].Next)
	if got := srv.Received(); len(got) != 2 || st.Channels[0].Sent != 2 || st.Channels[0].Waiting != 0 {
		t.Fatalf("after the server came back: %d e-mails, status %+v", len(got), st.Channels[0])
	}
	r.later(48 * time.Hour)
	if n := len(srv.Received()); n != 2 {
		t.Errorf("%d e-mails in the end, want 2 (one each)", n)
	}
	if n := r.drainNotices(); len(n) != 0 {
		t.Errorf("a server that is down is not the owner's to fix, yet: notices %q", n)
	}
}

// The firmware stops (or dies) with deliveries queued: after the restart
// the queue is read back from the store and delivered, once.
func TestDelivery_QueuedAcrossRestart(t *testing.T) {
	cert, roots := testCert(t)
	addr := freeAddr(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	h := newHook(t, 503)
	roots.AddCert(h.srv.Certificate())
	set := emailSettings(addr)
	set["push-url"] = h.srv.URL
	r := newRig(t, roots, set)
	id := r.save(screening.Message{Time: t0, Number: "+12125550143", CallBack: "+12125550199"}, speech(1))
	r.start()
	st := r.pass()
	if st.Channels[0].Waiting != 1 || st.Channels[1].Waiting != 1 {
		t.Fatalf("before the restart: %+v", st.Channels)
	}
	// a message saved while the loop is not running, then the box goes
	r.stop()
	id2 := r.save(screening.Message{Time: t0.Add(time.Second)}, speech(1))
	if err := r.st.Close(); err != nil {
		t.Fatal(err)
	}
	r.open()
	startMail(t, srv, addr)
	r.start()
	st = r.pass()
	if got := srv.Received(); len(got) != 2 {
		t.Fatalf("after the restart %d e-mails, want 2; status %+v", len(got), st.Channels)
	}
	if ok, _ := h.answered(); ok != 2 {
		t.Errorf("after the restart %d pushes, want 2", ok)
	}
	for _, m := range []string{id, id2} {
		if s := r.delivery(m).Summary(); s != "e-mail sent, push sent" {
			t.Errorf("message %s: %q", m, s)
		}
	}
	r.later(time.Hour)
	if len(srv.Received()) != 2 {
		t.Error("duplicates after the restart")
	}
}

// A refused password is reported at once and in status, retried with
// back-off, then failed; nothing is lost: a corrected password sends it.
// The password never appears in a log, a notice or the status.
func TestDelivery_BadCredentials(t *testing.T) {
	cert, roots := testCert(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	startMail(t, srv, "")
	set := emailSettings(srv.Addr())
	set["smtp-password"] = "wrong-secret-99"
	r := newRig(t, roots, set)
	id := r.save(screening.Message{Time: t0, Number: "+12125550143"}, speech(1))
	r.start()
	st := r.pass()
	n := r.drainNotices()
	if len(n) != 1 || !strings.Contains(n[0], "e-mail delivery needs you: the mail server "+srv.Addr()+" refused the user name or password (535") {
		t.Fatalf("notices after the first refusal: %q", n)
	}
	var lastWait time.Duration
	for try := 1; try < 5; try++ {
		c := st.Channels[0]
		if c.Waiting != 1 || !c.Attention || !st.Trouble() {
			t.Fatalf("try %d: status %+v", try, c)
		}
		if !contains(st.Lines(time.UTC), "NEEDS YOU: the mail server") {
			t.Errorf("status lines %q", st.Lines(time.UTC))
		}
		rt := r.delivery(id).Route(screening.ChannelEmail)
		if wait := rt.Next.Sub(rt.Last); wait <= lastWait/2 || rt.Tries != try {
			t.Errorf("try %d (%d recorded): wait %v after %v", try, rt.Tries, wait, lastWait)
		} else {
			lastWait = wait
		}
		st = r.advanceTo(c.Next)
	}
	if srv.AuthAttempts() != 5 {
		t.Errorf("%d logins, want 5", srv.AuthAttempts())
	}
	c := st.Channels[0]
	if c.Failed != 1 || c.Waiting != 0 || r.delivery(id).Summary() != "e-mail FAILED" {
		t.Fatalf("after 5 refusals: %+v, %q", c, r.delivery(id).Summary())
	}
	if n := r.drainNotices(); len(n) != 1 || !strings.Contains(n[0], "e-mail FAILED") {
		t.Errorf("notices when it failed: %q", n)
	}
	r.later(24 * time.Hour)
	if srv.AuthAttempts() != 5 {
		t.Errorf("a failed route was tried again without a change: %d logins", srv.AuthAttempts())
	}
	if _, _, err := r.box.Audio(id); err != nil {
		t.Fatalf("the message is gone: %v", err)
	}
	// the owner types the right password: sent at once
	if err := r.st.SetSetting("smtp-password", "app-pass-1234"); err != nil {
		t.Fatal(err)
	}
	r.d.Poke()
	st = r.pass()
	if got := srv.Received(); len(got) != 1 || st.Channels[0].Sent != 1 || st.Trouble() {
		t.Fatalf("after the password was corrected: %d e-mails, %+v", len(got), st.Channels[0])
	}
	if n := r.drainNotices(); len(n) != 1 || !strings.Contains(n[0], "e-mail delivery works again") {
		t.Errorf("notices after the fix: %q", n)
	}
	for _, where := range []string{r.logs.String(), strings.Join(st.Lines(time.UTC), "\n"), r.delivery(id).Routes[0].Error} {
		if strings.Contains(where, "wrong-secret-99") || strings.Contains(where, "app-pass-1234") {
			t.Errorf("a password is shown: %s", where)
		}
	}
}

// Delivery is off by default: messages are kept, nothing is sent, and
// turning it on later does not send the old ones.
func TestDelivery_OffByDefault(t *testing.T) {
	h := newHook(t)
	r := newRig(t, h.roots, nil)
	id := r.save(screening.Message{Time: t0}, speech(1))
	r.start()
	st := r.pass()
	if d := r.delivery(id); len(d.Routes) != 0 || d.Summary() != "-" {
		t.Errorf("a message taken with delivery off: %+v", d)
	}
	if l := st.Lines(time.UTC); len(l) != 1 || !strings.HasPrefix(l[0], "delivery off") {
		t.Errorf("status %q", l)
	}
	if err := r.st.SetSetting("push-url", h.srv.URL); err != nil {
		t.Fatal(err)
	}
	r.later(time.Minute)
	id2 := r.save(screening.Message{Time: t0.Add(time.Minute)}, speech(1))
	r.pass()
	if ok, all := h.answered(); ok != 1 || all != 1 {
		t.Fatalf("%d pushes (%d ok), want only the new message's", all, ok)
	}
	if s := r.delivery(id2).Summary(); s != "push sent" {
		t.Errorf("new message: %q", s)
	}
}

// A message deleted while it waits is not sent; a channel turned off
// cancels what waits on it.
func TestDelivery_DeletedOrTurnedOff(t *testing.T) {
	h := newHook(t, 503, 503, 503)
	r := newRig(t, h.roots, map[string]string{"push-url": h.srv.URL})
	id1 := r.save(screening.Message{Time: t0}, speech(1))
	id2 := r.save(screening.Message{Time: t0.Add(time.Second)}, speech(1))
	r.start()
	st := r.pass()
	if st.Channels[1].Waiting != 2 {
		t.Fatalf("%+v", st.Channels[1])
	}
	if err := r.box.Delete(id1); err != nil {
		t.Fatal(err)
	}
	if err := r.st.SetSetting("push-url", ""); err != nil {
		t.Fatal(err)
	}
	st = r.later(time.Hour)
	if _, all := h.answered(); all != 1 {
		t.Errorf("%d requests, want the first only", all)
	}
	ds, _ := r.st.Deliveries()
	if len(ds) != 1 || ds[0].MessageID != id2 || ds[0].Routes[0].State != screening.DeliveryCancelled {
		t.Errorf("deliveries %+v", ds)
	}
	if c := st.Channels[1]; c.On || c.Waiting != 0 || c.Failed != 0 || st.Trouble() {
		t.Errorf("status %+v", c)
	}
}

// Stopping the box ends an attempt under way at once (a server that
// never answers holds nothing up), and the attempt does not count.
func TestDelivery_StopsPromptly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted <- c // never greets
		}
	}()
	_, roots := testCert(t)
	r := newRig(t, roots, emailSettings(l.Addr().String()))
	r.timeout = time.Minute
	id := r.save(screening.Message{Time: t0}, speech(1))
	r.start()
	select {
	case c := <-accepted:
		defer c.Close()
	case <-time.After(10 * time.Second):
		t.Fatal("no connection")
	}
	start := time.Now()
	r.stop()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("stopping took %v during an attempt", took)
	}
	if rt := r.delivery(id).Route(screening.ChannelEmail); rt.Tries != 0 || rt.State != screening.DeliveryWaiting {
		t.Errorf("an abandoned attempt was counted: %+v", rt)
	}
}

// Back-off: Base doubling to Max, at most a quarter less, never less than
// what the server asked for.
func TestBackoff(t *testing.T) {
	d := New(nil, nil, Config{})
	for tries := 1; tries < 40; tries++ {
		want := min(30*time.Second<<min(tries-1, 20), time.Hour)
		for range 20 {
			if w := d.backoff(tries, 0); w > want || w < want*3/4 {
				t.Fatalf("try %d: %v, want %v less at most a quarter", tries, w, want)
			}
		}
	}
	if w := d.backoff(1, 10*time.Minute); w != 10*time.Minute {
		t.Errorf("Retry-After 10m: %v", w)
	}
	if w := d.backoff(1, 5*time.Hour); w != time.Hour {
		t.Errorf("Retry-After 5h: %v, want the cap", w)
	}
}
