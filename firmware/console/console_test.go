package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/schedule"
)

type fakeBackend struct {
	added   []string
	deleted []string
	log     []screening.LogRecord
	msgs    []screening.Message
	set     screening.Settings
}

func (f *fakeBackend) Status() Status { return Status{Board: "fake", Settings: f.set} }
func (f *fakeBackend) AddNumber(a screening.Action, raw, name, note string, _ time.Time) (screening.Rule, error) {
	f.added = append(f.added, a.String()+" "+raw+" "+name)
	return screening.Rule{}, nil
}
func (f *fakeBackend) DeleteRule(text string) (bool, error) {
	f.deleted = append(f.deleted, text)
	return text != "5550000", nil
}
func (f *fakeBackend) Log(n int) ([]screening.LogRecord, error) {
	if n < len(f.log) {
		return f.log[:n], nil
	}
	return f.log, nil
}
func (f *fakeBackend) Messages() ([]screening.Message, error) { return f.msgs, nil }
func (f *fakeBackend) PlayMessage(id string) error {
	if id != "m1" {
		return errors.New("voicemail: no such message")
	}
	f.added = append(f.added, "play "+id)
	return nil
}

func (f *fakeBackend) Settings() (screening.Settings, error) { return f.set, nil }
func (f *fakeBackend) SetSetting(key, value string) error {
	if value == "" {
		return f.set.Reset(key)
	}
	return f.set.Set(key, value)
}

func exec(t *testing.T, c *Console, line string) string {
	t.Helper()
	var b bytes.Buffer
	c.Exec(context.Background(), line, &b)
	return b.String()
}

// The console answers any line, in one or more lines, without panicking.
func FuzzExec(f *testing.F) {
	for _, s := range []string{"log -n 5 --json", `allow add "+1 555" 'Bob'`, `x\ y # z`, "\"", "a\\", "set ring-gap", "help set", "msgs play m1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := New(&fakeBackend{set: screening.DefaultSettings()}, nil, nil)
		var b bytes.Buffer
		c.Exec(context.Background(), s, &b)
		if strings.ContainsRune(b.String(), 0x1b) {
			t.Fatalf("an escape character reached the terminal: %q", b.String())
		}
	})
}

func TestConsole_Lists(t *testing.T) {
	f := &fakeBackend{}
	c := New(f, nil, nil)
	if out := exec(t, c, "allow add +12015550123 Alice \"Smith\""); !strings.HasPrefix(out, "ok") {
		t.Errorf("allow add: %q", out)
	}
	exec(t, c, "block add 9005550000")
	added := f.added
	if want := []string{"pass +12015550123 Alice Smith", "block 9005550000 "}; !reflect.DeepEqual(added, want) {
		t.Errorf("added %q, want %q", added, want)
	}
	if out := exec(t, c, "msgs play m1"); !strings.HasPrefix(out, "ringing") {
		t.Errorf("msgs play: %q", out)
	}
	if out := exec(t, c, "msgs play m9"); out != "error: no such message\n" {
		t.Errorf("msgs play of an unknown id: %q", out)
	}
	f.added = nil
	if out := exec(t, c, "block del 5550000"); !strings.HasPrefix(out, "error: ") {
		t.Errorf("del of an absent number: %q", out)
	}
	for _, bad := range []string{"allow", "allow add", "allow add hello", "block zap 555", "frobnicate", "log -n x", "log -n", "msgs", "status x", `allow add "`} {
		if out := exec(t, c, bad); !strings.HasPrefix(out, "error: ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q answered %q, want one error line", bad, out)
		}
	}
}

func TestConsole_LogJSON(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	f := &fakeBackend{log: []screening.LogRecord{
		{Time: t0.Add(time.Minute), Number: "", Name: "EVIL\x1b[2J", Presentation: screening.PresentationPrivate,
			Decision: screening.ActionScreen, Outcome: screening.OutcomeVoicemail, Duration: 42500 * time.Millisecond, Message: "m1"},
		{Time: t0, Number: "+12015550123", Name: "ALICE", Presentation: screening.PresentationAvailable,
			Decision: screening.ActionPass, Rule: "allow +12015550123", Outcome: screening.OutcomePassed, Duration: 12 * time.Second},
	}}
	c := New(f, nil, nil)
	out := exec(t, c, "log --json -n 5")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(got) != 2 || got[0]["name"] != "EVIL" || got[0]["duration_s"] != 42.5 || got[0]["message"] != "m1" ||
		got[1]["number"] != "+12015550123" || got[1]["decision"] != "pass" || got[1]["outcome"] != "passed" ||
		got[1]["time"] != "2026-11-23T09:00:00Z" || got[0]["presentation"] != "private" || got[1]["rule"] != "allow +12015550123" {
		t.Errorf("log --json = %s", out)
	}
	for _, k := range []string{"time", "number", "name", "presentation", "decision", "rule", "outcome", "duration_s", "message"} {
		if _, ok := got[1][k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
	if txt := exec(t, c, "log -n 1"); strings.Contains(txt, "\x1b") || !strings.Contains(txt, "voicemail") || strings.Contains(txt, "ALICE") {
		t.Errorf("log -n 1 = %q", txt)
	}
}

func TestConsole_ExtensionAndTerminal(t *testing.T) {
	var got []string
	c := New(&fakeBackend{}, []Command{{Name: "sim", Usage: "sim COMMAND", Summary: "the world", Run: func(_ context.Context, args []string, w io.Writer) error {
		got = args
		_, err := io.WriteString(w, "ringing\n")
		return err
	}}}, nil)
	in := strings.NewReader("sim call 2015550123 \"DOE JOHN\"\rhelp\rquit\r")
	var out bytes.Buffer
	if err := c.Run(context.Background(), struct {
		io.Reader
		io.Writer
	}{in, &out}, Serial); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"call", "2015550123", "DOE JOHN"}) {
		t.Errorf("extension got %q", got)
	}
	if !strings.Contains(out.String(), "ringing") || !strings.Contains(out.String(), "sim COMMAND") {
		t.Errorf("terminal output %q", out.String())
	}
}

// Notices reach the attached session, without control characters, and
// stop when it detaches.
func TestNotify_AttachedSessionOnly(t *testing.T) {
	c := New(nil, nil, nil)
	c.Notify("dropped: nobody is attached")
	var b bytes.Buffer
	s := c.attach(&b)
	c.Notify("call from 2125550143 EVIL\x1b[2J\x07NAME")
	s.close()
	c.Notify("after detach")
	if got, want := b.String(), "* call from 2125550143 EVILNAME\n"; got != want {
		t.Fatalf("notices = %q, want %q", got, want)
	}
}

// set shows the settings, changes a valid one, puts one back to its
// default, and refuses a bad one with the allowed values, changing nothing.
func TestSet_ShowChangeRefuse(t *testing.T) {
	f := &fakeBackend{set: screening.DefaultSettings()}
	c := New(f, nil, nil)
	out := exec(t, c, "set")
	for _, k := range screening.SettingKeys() {
		if !strings.Contains(out, "  "+k+" ") {
			t.Errorf("set does not list %s:\n%s", k, out)
		}
	}
	if !strings.Contains(out, "DEFAULT") || !strings.Contains(out, "8s") {
		t.Errorf("set:\n%s", out)
	}
	if out := exec(t, c, "set challenge on"); !strings.Contains(out, "ok: challenge = on") || !f.set.Firmware.Challenge {
		t.Errorf("set challenge on: %q, challenge %v", out, f.set.Firmware.Challenge)
	}
	if out := exec(t, c, "set fw.ring-gap 3s"); !strings.Contains(out, "ok: ring-gap = 3s") || f.set.Firmware.RingGap != 3*time.Second {
		t.Errorf("set fw.ring-gap 3s (the older name): %q", out)
	}
	if out := exec(t, c, "set mode sleepy"); !strings.HasPrefix(out, "error: ") || !strings.Contains(out, "vacation") || f.set.Mode.String() != "normal" {
		t.Errorf("set mode sleepy: %q, mode %s", out, f.set.Mode)
	}
	exec(t, c, "set mode dnd")
	if out := exec(t, c, "set mode"); !strings.Contains(out, "ok: mode = normal, its default") || f.set.Mode.String() != "normal" {
		t.Errorf("set mode (reset): %q", out)
	}
	if out := exec(t, c, "set colour red"); !strings.HasPrefix(out, "error: ") || !strings.Contains(out, "ring-gap") {
		t.Errorf("set colour red: %q, want the keys that exist", out)
	}
}

// Help and dispatch read the one command table: every command has a
// usage, a summary and help with an example, help lists them all, and
// help COMMAND reaches each; help set is the settings table.
func TestHelp_FromTheCommandTable(t *testing.T) {
	c := New(&fakeBackend{set: screening.DefaultSettings()}, []Command{{Name: "sim", Usage: "sim COMMAND", Summary: "the world",
		Help: "example: sim state", Run: func(context.Context, []string, io.Writer) error { return nil }}}, nil)
	all := exec(t, c, "help")
	for _, cmd := range c.Commands() {
		if cmd.Usage == "" || cmd.Summary == "" || !strings.Contains(cmd.Help, "example: ") || cmd.Run == nil {
			t.Errorf("command %s is incomplete: %+v", cmd.Name, cmd)
		}
		if !strings.Contains(all, cmd.Usage) {
			t.Errorf("help does not list %q", cmd.Usage)
		}
		for _, name := range append([]string{cmd.Name}, cmd.Aliases...) {
			if out := exec(t, c, "help "+name); !strings.HasPrefix(out, "usage: "+cmd.Usage+"\n") || !strings.Contains(out, "example: ") {
				t.Errorf("help %s = %q", name, out)
			}
		}
	}
	hs := exec(t, c, "help set")
	for _, k := range screening.SettingTable() {
		if !strings.Contains(hs, k.Key) || !strings.Contains(hs, k.Form) {
			t.Errorf("help set does not show %s (%s)", k.Key, k.Form)
		}
	}
	if out := exec(t, c, "help frobnicate"); !strings.HasPrefix(out, "error: no command") {
		t.Errorf("help frobnicate = %q", out)
	}
	if out := exec(t, c, "get ring-gap"); !strings.HasPrefix(out, "ring-gap = 8s (default 8s)\n") {
		t.Errorf("get ring-gap = %q", out)
	}
	if out := exec(t, c, "get colour"); !strings.HasPrefix(out, "error: unknown setting \"colour\"; the settings are: country") {
		t.Errorf("get colour = %q", out)
	}
	if err := c.Exec(context.Background(), "quit", io.Discard); !errors.Is(err, ErrExit) {
		t.Errorf("quit: %v", err)
	}
}

// Status says what happens to unknown callers in the mode in force: in
// do-not-disturb they go to voicemail, not to screening.
func TestStatus_UnknownCallersFollowTheMode(t *testing.T) {
	for _, c := range []struct {
		mode, why, def, want string
	}{
		{"normal", "", "screen", "mode normal, unknown callers: screen,"},
		{"dnd", "", "screen", "mode dnd, unknown callers: voicemail (calling again within 5m breaks through),"},
		{"dnd", "schedule nights", "screen", "mode dnd (schedule nights), unknown callers: voicemail"},
		{"dnd", "", "block", "mode dnd, unknown callers: block,"},
		{"vacation", "", "allow", "mode vacation, unknown callers: voicemail,"},
		{"passthrough", "", "block", "mode passthrough, unknown callers: ring through,"},
	} {
		set := screening.DefaultSettings()
		if err := set.Set("default", c.def); err != nil {
			t.Fatal(err)
		}
		m, _ := schedule.ParseMode(c.mode)
		if got := (Status{Board: "sim", Settings: set, Mode: m, ModeWhy: c.why}).Text(); !strings.Contains(got, c.want) {
			t.Errorf("mode %s, default %s:\n%s\nwant %q", c.mode, c.def, got, c.want)
		}
	}
}

func TestSentence_NoPackagePrefixes(t *testing.T) {
	set := screening.DefaultSettings()
	err := set.Set("mode", "party")
	if got := sentence(errors.Join(err, errors.New("store: disk\nfull"))); got != `mode="party": want normal, dnd, vacation or passthrough; disk; full` {
		t.Errorf("sentence = %q", got)
	}
}
