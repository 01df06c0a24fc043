package console

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"secretary/screening"
)

// What a caller left besides the recording (the call-back number, urgent,
// the name and reason's length) shows in msgs list, its --json, and the
// log's text and --json.
func TestMsgs_CallBackAndUrgent(t *testing.T) {
	m := newMem()
	m.msgs = []screening.Message{
		{ID: "m2", Time: monday9, Number: "+13125550188", Name: "PRINT SHOP", Duration: 10 * time.Second,
			CallBack: "+12125550143", Urgent: true, NameGiven: 3 * time.Second},
		{ID: "m1", Time: monday9.Add(-time.Hour), Number: "+12015550123", Duration: 4 * time.Second, Heard: true},
	}
	m.log = []screening.LogRecord{{Time: monday9, Number: "+13125550188", Name: "PRINT SHOP", Decision: screening.ActionVoicemail,
		Outcome: screening.OutcomeVoicemail, Duration: 17 * time.Second, Message: "m2", CallBack: "+12125550143", Urgent: true}}
	c := New(m, nil, func() time.Time { return monday9 })

	out := exec(t, c, "msgs")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || strings.Join(strings.Fields(lines[0]), " ") != "N TIME FROM NAME FOR LENGTH NEW URGENT CALL BACK ID" {
		t.Fatalf("msgs list:\n%s", out)
	}
	if got := strings.Join(strings.Fields(lines[1]), " "); got != "1 2026-11-23 09:00 +13125550188 PRINT SHOP - 10s yes yes +12125550143 m2" {
		t.Errorf("urgent message with a call-back number: %q", got)
	}
	// heard, not urgent: NEW and URGENT blank, no call-back number
	if got := strings.Join(strings.Fields(lines[2]), " "); got != "2 2026-11-23 08:00 +12015550123 - - 4s - m1" ||
		strings.LastIndex(lines[2], "-") != strings.Index(lines[0], "CALL BACK") {
		t.Errorf("plain heard message: %q", got)
	}

	var js []map[string]any
	if err := json.Unmarshal([]byte(exec(t, c, "msgs list --json")), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != 2 || js[0]["callback"] != "+12125550143" || js[0]["urgent"] != true || js[0]["name_given_s"] != 3.0 {
		t.Errorf("msgs list --json, urgent message: %v", js)
	}
	if _, ok := js[1]["callback"]; ok || js[1]["urgent"] != nil {
		t.Errorf("msgs list --json, plain message: %v", js[1])
	}

	if out := exec(t, c, "log -n 1"); !strings.Contains(out, "message m2 urgent, call back +12125550143") {
		t.Errorf("log:\n%s", out)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(exec(t, c, "log --json -n 1")), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0]["callback"] != "+12125550143" || recs[0]["urgent"] != true {
		t.Errorf("log --json: %v", recs)
	}
}
