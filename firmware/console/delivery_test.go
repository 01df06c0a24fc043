package console

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// A password or token is never printed back: not by set, get, the
// listing, nor an error about its value.
func TestSet_SecretsHidden(t *testing.T) {
	f := newMem()
	c := New(f, nil, nil)
	out := exec(t, c, `set smtp-password "abcd efgh ijkl mnop"`)
	if out != "ok: smtp-password = (hidden) (from the next delivery)\n" {
		t.Errorf("set answered %q", out)
	}
	if f.set.Delivery.SMTPPassword != "abcd efgh ijkl mnop" {
		t.Errorf("stored %q", f.set.Delivery.SMTPPassword)
	}
	for _, line := range []string{"get smtp-password", "set", "set push-token " + strings.Repeat("tk_9", 200)} {
		out := exec(t, c, line)
		if strings.Contains(out, "abcd") || strings.Contains(out, "tk_9") {
			t.Errorf("%s shows a secret:\n%s", line, out)
		}
	}
	if out := exec(t, c, "get smtp-password"); !strings.HasPrefix(out, "smtp-password = (hidden) (default -)") {
		t.Errorf("get: %q", out)
	}
	if out := exec(t, c, "get push-token"); !strings.HasPrefix(out, "push-token = - (default -)") {
		t.Errorf("get of an empty secret: %q", out)
	}
	if out := exec(t, c, "set email-to owner@example.com"); out != "ok: email-to = owner@example.com (from the next delivery)\n" {
		t.Errorf("set email-to: %q", out)
	}
}

type deliveringBackend struct {
	*memBackend
	states map[string]string
}

func (d *deliveringBackend) DeliveryStates() map[string]string { return d.states }

// msgs list shows each message's delivery when the box delivers.
func TestMsgs_DeliveryColumn(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 14, 0, 0, time.Local)
	b := &deliveringBackend{memBackend: newMem(), states: map[string]string{"m2": "e-mail sent, push waiting (3 tries)", "m1": "-"}}
	b.msgs = []screening.Message{
		{ID: "m2", Time: t0.Add(time.Hour), Number: "+12125550143", Duration: 42 * time.Second},
		{ID: "m1", Time: t0, Duration: 5 * time.Second, Heard: true}}
	c := New(b, nil, nil)
	out := exec(t, c, "msgs list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], "DELIVERY") || !strings.HasSuffix(lines[1], "m2  e-mail sent, push waiting (3 tries)") ||
		!strings.HasSuffix(lines[2], "m1  -") {
		t.Errorf("msgs list:\n%s", out)
	}
	if out := exec(t, c, "msgs list --json"); !strings.Contains(out, `"delivery": "e-mail sent, push waiting (3 tries)"`) || strings.Count(out, `"delivery"`) != 1 {
		t.Errorf("msgs list --json:\n%s", out)
	}
	// a box that does not deliver has no such column
	plain := newMem()
	plain.msgs = b.msgs
	if out := exec(t, New(plain, nil, nil), "msgs list"); strings.Contains(out, "DELIVERY") || !strings.Contains(out, "m2") {
		t.Errorf("without delivery:\n%s", out)
	}
}

// queueBackend is a box that delivers: the delivery command's backend.
type queueBackend struct {
	*memBackend
	queue   []screening.Delivery
	tests   map[screening.Channel]error
	tested  []screening.Channel
	retries int
}

func (q *queueBackend) DeliveryStates() map[string]string { return nil }
func (q *queueBackend) DeliveryStatus() []string {
	return []string{"delivery by e-mail on: 1 sent, 1 waiting (next try 11:30); last error: the mail server smtp.example.com cannot be reached"}
}
func (q *queueBackend) DeliveryQueue() ([]screening.Delivery, error) { return q.queue, nil }
func (q *queueBackend) TestDelivery(_ context.Context, c screening.Channel) (string, error) {
	q.tested = append(q.tested, c)
	if err := q.tests[c]; err != nil {
		return "", err
	}
	return c.String() + " sent to the owner", nil
}
func (q *queueBackend) RetryDeliveries() error { q.retries++; return nil }

func newQueueBackend(t *testing.T) *queueBackend {
	t.Helper()
	q := &queueBackend{memBackend: newMem(), tests: map[screening.Channel]error{}}
	for k, v := range map[string]string{"email-to": "me@example.com", "smtp-server": "smtp.example.com", "smtp-user": "me@example.com",
		"smtp-password": "abcd efgh ijkl mnop", "push-url": "https://ntfy.sh/box-4711", "push-token": "tk_secret"} {
		if err := q.set.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 11, 23, 10, 14, 0, 0, time.Local)
	q.msgs = []screening.Message{{ID: "m2", Time: t0.Add(time.Hour), Number: "+12125550143"}, {ID: "m1", Time: t0}}
	q.queue = []screening.Delivery{
		{MessageID: "m1", Routes: []screening.Route{{Channel: screening.ChannelEmail, State: screening.DeliverySent},
			{Channel: screening.ChannelPush, State: screening.DeliveryFailed, Tries: 1, Error: "the push service ntfy.sh refused the message (HTTP 400)"}}},
		{MessageID: "m2", Routes: []screening.Route{{Channel: screening.ChannelEmail, State: screening.DeliveryWaiting, Tries: 3,
			Next: time.Now().Add(time.Hour), Error: "the mail server smtp.example.com cannot be reached"},
			{Channel: screening.ChannelPush, State: screening.DeliverySent}}},
	}
	return q
}

// delivery show: each channel's settings (secrets only as set), the
// loop's status and what waits or failed, with the reason.
func TestDelivery_Show(t *testing.T) {
	q := newQueueBackend(t)
	c := New(q, nil, nil)
	out := exec(t, c, "delivery")
	for _, want := range []string{
		"e-mail  on: to me@example.com, from me@example.com, through smtp.example.com:587 (starttls), login me@example.com, password set",
		"push    on: to https://ntfy.sh/box-4711, token set",
		"delivery by e-mail on: 1 sent, 1 waiting",
		"not yet delivered:",
		"2  m1       -             push    FAILED (1 try)     delivery retry",
		"the push service ntfy.sh refused the message (HTTP 400)",
		"1  m2       +12125550143  e-mail  waiting (3 tries)",
		"the mail server smtp.example.com cannot be reached",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("delivery show has not %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "abcd") || strings.Contains(out, "tk_secret") || strings.Count(out, "\n  ") != 3 {
		t.Errorf("delivery show:\n%s", out)
	}
	q.queue = nil
	q.set.Delivery = screening.DeliverySettings{}
	out = exec(t, c, "delivery show")
	if !strings.Contains(out, "e-mail  off (set email-to") || !strings.Contains(out, "push    off (set push-url") || !strings.Contains(out, "nothing waits to be delivered") {
		t.Errorf("delivery show, off:\n%s", out)
	}
}

// delivery test: each channel that is on, or the one named; a failure is
// the backend's sentence, and the other channel is still tried.
func TestDelivery_TestAndRetry(t *testing.T) {
	q := newQueueBackend(t)
	c := New(q, nil, nil)
	q.tests[screening.ChannelEmail] = errors.New("the mail server smtp.example.com refused the user name or password (535 5.7.8): check smtp-user and smtp-password (an app password)")
	out := exec(t, c, "delivery test")
	want := "e-mail: sending a test...\npush: sending a test...\nok: push sent to the owner\n" +
		"error: e-mail test failed: the mail server smtp.example.com refused the user name or password (535 5.7.8): check smtp-user and smtp-password (an app password)\n"
	if out != want {
		t.Errorf("delivery test:\n%s\nwant:\n%s", out, want)
	}
	if out := exec(t, c, "del te push"); out != "push: sending a test...\nok: push sent to the owner\n" {
		t.Errorf("delivery test push: %q", out)
	}
	if out := exec(t, c, "delivery test fax"); !strings.Contains(out, `error: delivery test takes email or push, not "fax"`) {
		t.Errorf("delivery test fax: %q", out)
	}
	if len(q.tested) != 3 {
		t.Errorf("tested %v", q.tested)
	}
	if out := exec(t, c, "delivery retry"); !strings.HasPrefix(out, "ok: every waiting or failed delivery is tried now") || q.retries != 1 {
		t.Errorf("delivery retry: %q (%d)", out, q.retries)
	}
	q.set.Delivery = screening.DeliverySettings{}
	if out := exec(t, c, "delivery test"); !strings.HasPrefix(out, "error: delivery is off: set email-to") || len(q.tested) != 3 {
		t.Errorf("delivery test, off: %q", out)
	}
	// a box that does not deliver has no delivery command
	if out := exec(t, New(newMem(), nil, nil), "delivery"); !strings.HasPrefix(out, "error: ") {
		t.Errorf("without delivery: %q", out)
	}
}
