package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware/delivery/deliverytest"
	"secretary/hal/audio"
)

// A caller leaves a voicemail on the whole box (simulated board, real
// modem driver on a pty): the message goes out by e-mail, with the
// recording attached, to a real SMTP server, and as JSON to a push
// service; msgs list and status say so. Delivery runs beside the call
// loop: the call ends as in the voicemail scenario.
func TestRun_DeliversVoicemail(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	mail := &deliverytest.MailServer{User: "box@example.com", Pass: "app-pass-1234", Insecure: true}
	if err := mail.Start(""); err != nil {
		t.Fatal(err)
	}
	defer mail.Stop()
	var mu sync.Mutex
	var pushes [][]byte
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		pushes = append(pushes, b)
		mu.Unlock()
	}))
	defer hook.Close()

	sc := parseScenario(t, "../../testdata/scenarios/voicemail.txt")
	for k, v := range map[string]string{"email-to": "owner@example.com", "smtp-server": mail.Addr(), "smtp-security": "none",
		"smtp-user": "box@example.com", "smtp-password": "app-pass-1234", "push-url": hook.URL + "/front-desk"} {
		sc.setup.settings[k] = v
	}
	x := startE2E(t, sc.setup)
	for _, st := range sc.steps {
		x.step(st)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(mail.Received()) == 0 || func() bool { mu.Lock(); defer mu.Unlock(); return len(pushes) == 0 }() {
		if time.Now().After(deadline) {
			t.Fatalf("not delivered in 20 s: %d e-mails, %d pushes", len(mail.Received()), len(pushes))
		}
		time.Sleep(50 * time.Millisecond)
	}
	m := mail.Received()[0]
	p, err := deliverytest.Parse(m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if subj := p.Header.Get("Subject"); !strings.HasPrefix(subj, "Voicemail from PRINT SHOP +13125550188 (") {
		t.Errorf("Subject %q", subj)
	}
	if !strings.Contains(p.Text, "Caller:     PRINT SHOP +13125550188") || !strings.Contains(p.Text, "Urgent:     no") {
		t.Errorf("body:\n%s", p.Text)
	}
	if len(p.Files) != 1 {
		t.Fatalf("attachments %v", p.Types)
	}
	for name, wav := range p.Files {
		clip, err := audio.DecodeWAV(wav)
		if err != nil || clip.Rate != 8000 || clip.Frames() < 8000 {
			t.Errorf("attachment %s: %v (%+v)", name, err, clip)
		}
	}
	var env map[string]any
	mu.Lock()
	err = json.Unmarshal(pushes[0], &env)
	mu.Unlock()
	if err != nil || env["number"] != "+13125550188" || env["name"] != "PRINT SHOP" {
		t.Errorf("push %v %v", env, err)
	}
	list := x.console("msgs list", func(s string) bool { return strings.Contains(s, "e-mail sent, push sent") })
	if !strings.Contains(list, "DELIVERY") {
		t.Errorf("msgs list:\n%s", list)
	}
	x.console("status", func(s string) bool {
		return strings.Contains(s, "delivery by e-mail on: 1 sent") && strings.Contains(s, "delivery by push on: 1 sent")
	})
	if n := len(mail.Received()); n != 1 {
		t.Errorf("%d e-mails, want 1", n)
	}
}
