package console

import (
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
