package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
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

	// the owner checks the settings from the console: a test e-mail, then
	// a wrong password said plainly, never printed
	out := x.console("delivery test email", func(s string) bool { return strings.Contains(s, "ok: ") || strings.Contains(s, "error: ") })
	if !strings.Contains(out, "ok: e-mail sent to owner@example.com through 127.0.0.1:") || len(mail.Received()) != 2 {
		t.Errorf("delivery test: %q, %d e-mails", out, len(mail.Received()))
	}
	x.console("set smtp-password wrong-pass-9876", func(s string) bool { return strings.Contains(s, "ok: ") })
	out = x.console("delivery test", func(s string) bool { return strings.Contains(s, "error: ") })
	if !strings.Contains(out, "error: e-mail test failed: the mail server "+mail.Addr()+" refused the user name or password (535") ||
		!strings.Contains(out, "ok: push sent to "+hook.URL+"/front-desk") {
		t.Errorf("delivery test with a wrong password:\n%s", out)
	}
	out = x.console("delivery show", func(s string) bool {
		return strings.Contains(s, "nothing waits") || strings.Contains(s, "not yet delivered")
	})
	if !strings.Contains(out, "login box@example.com, password set") || !strings.Contains(out, "nothing waits to be delivered") {
		t.Errorf("delivery show:\n%s", out)
	}
	if all := x.out.String(); strings.Contains(all, "app-pass-1234") || strings.Contains(all, "wrong-pass-9876") {
		t.Error("the console printed a password")
	}
}

// waitStatus asks status until it holds every part (the delivery loop
// writes its status at the end of each pass).
func (x *e2e) waitStatus(limit time.Duration, parts ...string) string {
	x.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		s := x.console("status", func(s string) bool { return strings.Contains(s, "delivery") })
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(s, p)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("status in %v has not %q:\n%s", limit, parts, s)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop ends the box as a stop of the firmware does (the data directory
// stays for the next start); the harness's cleanup still sees the end.
func (x *e2e) stop() {
	x.t.Helper()
	x.stdin.Close()
	x.cancel()
	select {
	case err := <-x.done:
		if err != nil {
			x.t.Errorf("run: %v", err)
		}
		x.done <- nil
	case <-time.After(15 * time.Second):
		x.t.Fatal("run did not stop")
	}
}

// The mail server is down when the message is taken: the e-mail waits
// (status says why), the box restarts meanwhile, and once the server is
// up the message arrives after the back-off, once: not lost by the
// restart, not sent again by the next one.
func TestRun_DeliveryOutlastsServerAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	mail := &deliverytest.MailServer{User: "box@example.com", Pass: "app-pass-1234", Insecure: true}
	if err := mail.Start(""); err != nil { // a free port for the server, down for now
		t.Fatal(err)
	}
	addr := mail.Addr()
	mail.Stop()
	defer mail.Stop()

	sc := parseScenario(t, "../../testdata/scenarios/voicemail.txt")
	for k, v := range map[string]string{"email-to": "owner@example.com", "smtp-server": addr, "smtp-security": "none",
		"smtp-user": "box@example.com", "smtp-password": "app-pass-1234"} {
		sc.setup.settings[k] = v
	}
	const backoff = time.Second
	sc.setup.deliveryBackoff = backoff
	x := startE2E(t, sc.setup)
	for _, st := range sc.steps {
		x.step(st)
	}
	x.waitStatus(10*time.Second, "delivery by e-mail on: 0 sent, 1 waiting", "cannot be reached")
	data := filepath.Join(x.dir, "data")
	x.stop()
	if strings.Contains(x.out.String(), "app-pass-1234") {
		t.Error("the console showed the password")
	}

	// the box starts again with the server still down, then it comes up
	y := startE2E(t, e2eOptions{data: data, deliveryBackoff: backoff})
	t.Log(y.waitStatus(10*time.Second, "delivery by e-mail on: 0 sent, 1 waiting", "cannot be reached"))
	up := time.Now()
	if err := mail.Start(addr); err != nil {
		t.Fatal(err)
	}
	for len(mail.Received()) == 0 {
		if time.Since(up) > 4*backoff+10*time.Second {
			t.Fatalf("not delivered %v after the server came up", time.Since(up))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("delivered %v after the server came up (back-off %v doubling to %v)", time.Since(up).Round(time.Millisecond), backoff, 4*backoff)
	p, err := deliverytest.Parse(mail.Received()[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	for name, wav := range p.Files {
		if clip, err := audio.DecodeWAV(wav); err != nil || clip.Frames() < 8000 {
			t.Errorf("attachment %s: %v", name, err)
		}
	}
	if len(p.Files) != 1 || !strings.Contains(p.Text, "PRINT SHOP +13125550188") {
		t.Errorf("e-mail: %d files, body:\n%s", len(p.Files), p.Text)
	}
	y.console("msgs list", func(s string) bool { return strings.Contains(s, "e-mail sent") })
	y.stop()

	// a third start sends nothing again
	z := startE2E(t, e2eOptions{data: data, deliveryBackoff: backoff})
	z.waitStatus(10*time.Second, "delivery by e-mail on: 1 sent")
	time.Sleep(4 * backoff)
	if n := len(mail.Received()); n != 1 {
		t.Errorf("%d e-mails, want 1", n)
	}
}

// The firmware is killed (SIGKILL: no stop, no flush) while a message
// waits for a mail server that is down; after the next start, with the
// server up, the message arrives once.
func TestRun_DeliveryAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls and processes")
	}
	mail := &deliverytest.MailServer{Insecure: true}
	if err := mail.Start(""); err != nil {
		t.Fatal(err)
	}
	addr := mail.Addr()
	mail.Stop()
	defer mail.Stop()

	// a message taken while the server is down
	sc := parseScenario(t, "../../testdata/scenarios/voicemail.txt")
	for k, v := range map[string]string{"email-to": "owner@example.com", "smtp-server": addr, "smtp-security": "none"} {
		sc.setup.settings[k] = v
	}
	sc.setup.deliveryBackoff = time.Second
	x := startE2E(t, sc.setup)
	for _, st := range sc.steps {
		x.step(st)
	}
	x.waitStatus(10*time.Second, "delivery by e-mail on: 0 sent, 1 waiting")
	data := filepath.Join(x.dir, "data")
	x.stop()

	// the firmware as its own process tries again, and is killed while
	// the message waits
	dir := t.TempDir()
	sock := filepath.Join(dir, "hw.sock")
	hw := exec.Command(os.Args[0], "simhw", "--socket", sock, "--idle-exit", "0")
	hw.Env = append(os.Environ(), "SECRETARY_TEST_MAIN=1")
	if err := hw.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = hw.Process.Signal(syscall.SIGTERM); _ = hw.Wait() }()
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(end) {
			t.Fatal("simhw did not start")
		}
	}
	fw := exec.Command(os.Args[0], "run", "--board", "sim", "--sim-socket", sock, "--data", data, "--console", "-", "--no-watchdog")
	fw.Env = append(os.Environ(), "SECRETARY_TEST_MAIN=1")
	in, err := fw.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	fw.Stdout, fw.Stderr = out, out
	if err := fw.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = fw.Process.Kill()
			_ = fw.Wait()
		}
	}()
	for end := time.Now().Add(30 * time.Second); !strings.Contains(out.String(), "1 waiting (next try"); time.Sleep(300 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("the firmware did not show the waiting message:\n%s", out)
		}
		io.WriteString(in, "status\n")
	}
	if err := fw.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = fw.Wait()
	killed = true
	if len(mail.Received()) != 0 {
		t.Fatal("sent while the server was down")
	}

	// the server is up; the box starts again
	if err := mail.Start(addr); err != nil {
		t.Fatal(err)
	}
	y := startE2E(t, e2eOptions{data: data, deliveryBackoff: time.Second})
	y.waitStatus(15*time.Second, "delivery by e-mail on: 1 sent")
	time.Sleep(2 * time.Second)
	if got := mail.Received(); len(got) != 1 {
		t.Fatalf("%d e-mails after the restart, want 1", len(got))
	}
	p, err := deliverytest.Parse(mail.Received()[0].Data)
	if err != nil || len(p.Files) != 1 {
		t.Fatalf("e-mail: %v, %d attachments", err, len(p.Files))
	}
}
