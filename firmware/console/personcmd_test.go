package console

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/number"
)

// peopleMem is memBackend with a switchboard, as firmware/owner keeps it.
type peopleMem struct {
	*memBackend
	pmu      sync.Mutex
	people   []screening.Person
	voices   map[string][]byte
	recorded []string // RecordVoice calls
}

func newPeopleMem() *peopleMem { return &peopleMem{memBackend: newMem(), voices: map[string][]byte{}} }

func (m *peopleMem) People() ([]screening.Person, error) {
	m.pmu.Lock()
	defer m.pmu.Unlock()
	return append([]screening.Person(nil), m.people...), nil
}
func (m *peopleMem) PutPerson(p screening.Person) (screening.Person, error) {
	m.pmu.Lock()
	defer m.pmu.Unlock()
	if p.Mobile != "" {
		e, err := number.Normalize(p.Mobile, number.DefaultConfig())
		if err != nil {
			return p, err
		}
		p.Mobile = e
	}
	p, err := screening.AddPerson(p, m.people)
	if err != nil {
		return p, err
	}
	for i, o := range m.people {
		if o.ID() == p.ID() {
			m.people[i] = p
			return p, nil
		}
	}
	m.people = append(m.people, p)
	return p, nil
}
func (m *peopleMem) DeletePerson(name string) (bool, error) {
	m.pmu.Lock()
	defer m.pmu.Unlock()
	for i, o := range m.people {
		if o.ID() == screening.PersonID(name) {
			m.people = append(m.people[:i], m.people[i+1:]...)
			delete(m.voices, o.ID())
			return true, nil
		}
	}
	return false, nil
}
func (m *peopleMem) HasVoice(id string) bool {
	m.pmu.Lock()
	defer m.pmu.Unlock()
	return m.voices[id] != nil
}
func (m *peopleMem) SetVoice(id string, wav []byte) error {
	m.pmu.Lock()
	defer m.pmu.Unlock()
	if wav == nil {
		delete(m.voices, id)
	} else {
		m.voices[id] = wav
	}
	return nil
}
func (m *peopleMem) RecordVoice(id string) error {
	m.pmu.Lock()
	defer m.pmu.Unlock()
	m.recorded = append(m.recorded, id)
	return nil
}

func newPeopleConsole() (*Console, *peopleMem) {
	m := newPeopleMem()
	return New(m, nil, func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }), m
}

func TestPerson_AddListDel(t *testing.T) {
	c, m := newPeopleConsole()
	if out := exec(t, c, "person list"); !strings.HasPrefix(out, "nobody on the switchboard") {
		t.Errorf("empty list: %q", out)
	}
	oneLine(t, "person add", exec(t, c, "person add Anna --mobile 212-555-0199 --email anna@example.com"),
		"ok: added Anna: key 1, ring long, mobile +12125550199 (forwarding needs set transfer on), e-mail anna@example.com; the menu says \"extension 1\"")
	oneLine(t, "person add", exec(t, c, "person add Ben --ring short-long-short"), "ok: added Ben: key 2, ring short-long-short")
	oneLine(t, "person add (change)", exec(t, c, "pers add anna --mobile none"), "ok: changed anna: key 1, ring long, e-mail anna@example.com")
	out := exec(t, c, "person list")
	for _, want := range []string{"KEY", "1    anna", "2    Ben   short-long-short", "0    (message)", "no key: the general mailbox; forwarding to mobiles: off"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("person list lacks %q:\n%s", want, out)
		}
	}
	if err := m.SetSettings([2]string{"menu-default", "ben"}, [2]string{"transfer", "on"}); err != nil {
		t.Fatal(err)
	}
	var list []PersonJSON
	if err := json.Unmarshal([]byte(exec(t, c, "person list --json")), &list); err != nil {
		t.Fatal(err)
	}
	want := []PersonJSON{{Key: 1, Name: "anna", Ring: "long", Email: "anna@example.com"}, {Key: 2, Name: "Ben", Ring: "short-long-short", Default: true}}
	if len(list) != 2 || list[0] != want[0] || list[1] != want[1] {
		t.Errorf("person list --json = %+v, want %+v", list, want)
	}
	var one PersonJSON
	if err := json.Unmarshal([]byte(exec(t, c, "person add Cy --key 5 --json")), &one); err != nil || one.Key != 5 || one.Ring != "short-short" {
		t.Errorf("person add --json = %+v, %v", one, err)
	}
	for line, want := range map[string]string{
		"person add 2h":                 "error: \"2h\" is not a name for the menu",
		"person add Di --ring triple":   "error: --ring \"triple\"",
		"person add Di --key 5":         "error: key 5 is Cy's",
		"person add Di --email nobody":  "error: e-mail address",
		"person add Di --mobile 12":     "error: ",
		"person del zed":                "error: zed is not on the switchboard",
		"person voice zed":              "error: zed is not on the switchboard",
		"allow add 2125550143 --for zz": "error: zz is not on the switchboard: person add zz first",
		"block add 2125550143 --for cy": "error: --for PERSON is for allow, screen and voicemail rules",
		"set menu-default zz":           "error: zz is not on the switchboard: person add zz first",
	} {
		if out := exec(t, c, line); !strings.HasPrefix(out, want) {
			t.Errorf("%s: %q, want %q...", line, out, want)
		}
	}
	oneLine(t, "person del", exec(t, c, "person del cy"), "ok: removed cy")
	if p, _ := m.People(); len(p) != 2 {
		t.Errorf("after del: %+v", p)
	}
}

func TestPerson_RuleFor(t *testing.T) {
	c, m := newPeopleConsole()
	exec(t, c, "person add Anna")
	oneLine(t, "allow add --for", exec(t, c, "allow add 212-555-0143 HUDSON --for anna"), "ok: allow +12125550143 (HUDSON), for anna")
	oneLine(t, "screen add --person --for", exec(t, c, "screen add +1900* --person anna --for 2h"), "ok: screen +1900*, until 2026-11-23 11:00, for anna")
	m.mu.Lock()
	r := m.rules["+12125550143"]
	m.mu.Unlock()
	if r.Person != "anna" || r.Action != screening.ActionPass {
		t.Errorf("rule %+v", r)
	}
	if out := exec(t, c, "help person"); !strings.Contains(out, "person add NAME [--ring CADENCE]") || !strings.Contains(out, "person list [--json]") ||
		!strings.Contains(out, "--mobile NUMBER") {
		t.Errorf("help person:\n%s", out)
	}
	if out := exec(t, c, "help allow add"); !strings.Contains(out, "--for NAME: the calls are for that person") || !strings.Contains(out, "--person PERSON") {
		t.Errorf("help allow add:\n%s", out)
	}
}

func TestPerson_Voice(t *testing.T) {
	c, m := newPeopleConsole()
	exec(t, c, "person add Anna")
	if out := exec(t, c, "person voice anna"); !strings.HasPrefix(out, "ringing the handset") || len(m.recorded) != 1 || m.recorded[0] != "anna" {
		t.Errorf("record from the handset: %q, %v", out, m.recorded)
	}
	wav := []byte("RIFF....WAVEfmt some audio")
	path := filepath.Join(t.TempDir(), "anna.wav")
	if err := os.WriteFile(path, wav, 0o644); err != nil {
		t.Fatal(err)
	}
	oneLine(t, "voice FILE", exec(t, c, "person voice anna "+path), "ok: Anna's name is recorded")
	if string(m.voices["anna"]) != string(wav) {
		t.Errorf("voice kept %q", m.voices["anna"])
	}
	if out := exec(t, c, "person list"); !strings.Contains(out, "recorded") {
		t.Errorf("list after the recording:\n%s", out)
	}
	oneLine(t, "voice --delete", exec(t, c, "person voice anna --delete"), "ok: forgot Anna's recorded name")
	b64 := base64.StdEncoding.EncodeToString(wav)
	out, _ := execTerm(t, c, "person voice anna --paste", b64[:10], b64[10:], "")
	oneLine(t, "voice --paste", out, "ok: Anna's name is recorded")
	if string(m.voices["anna"]) != string(wav) {
		t.Errorf("pasted voice %q", m.voices["anna"])
	}
	if out := exec(t, c, "person voice anna --paste"); !strings.Contains(out, "--paste needs a terminal") {
		t.Errorf("paste without a terminal: %q", out)
	}
	if out := exec(t, c, "person voice anna /nonexistent.wav"); !strings.HasPrefix(out, "error: cannot read /nonexistent.wav: no such file") {
		t.Errorf("missing file: %q", out)
	}
}

// A backend without a switchboard says so.
func TestPerson_NoSwitchboard(t *testing.T) {
	c := New(newMem(), nil, nil)
	if out := exec(t, c, "person list"); !strings.HasPrefix(out, "error: this box has no switchboard") {
		t.Errorf("%q", out)
	}
}

// log and msgs say whom a call and a message were for; --json too.
func TestPerson_LogAndMsgsFor(t *testing.T) {
	c, m := newPeopleConsole()
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	m.mu.Lock()
	m.log = []screening.LogRecord{
		{Time: at, Number: "+12125550143", Decision: screening.ActionScreen, Person: "anna", Message: "m1"},
		{Time: at.Add(-time.Hour), Number: "+12125550144", Decision: screening.ActionPass},
	}
	m.msgs = []screening.Message{{ID: "m1", Time: at, Number: "+12125550143", Person: "anna"}}
	m.mu.Unlock()
	out := exec(t, c, "log")
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], "  for anna  message m1") || !strings.Contains(lines[2], "+12125550144") ||
		strings.Contains(lines[2], " for ") {
		t.Errorf("log:\n%s", out)
	}
	var recs []LogJSON
	if err := json.Unmarshal([]byte(exec(t, c, "log --json")), &recs); err != nil || len(recs) != 2 || recs[0].For != "anna" || recs[1].For != "" {
		t.Errorf("log --json = %+v, %v", recs, err)
	}
	out = exec(t, c, "msgs")
	if f := strings.Fields(strings.Split(out, "\n")[1]); len(f) < 6 || f[5] != "anna" || !strings.Contains(out, "FOR") {
		t.Errorf("msgs:\n%s", out)
	}
	var msgs []MessageJSON
	if err := json.Unmarshal([]byte(exec(t, c, "msgs --json")), &msgs); err != nil || len(msgs) != 1 || msgs[0].For != "anna" {
		t.Errorf("msgs --json = %+v, %v", msgs, err)
	}
}
