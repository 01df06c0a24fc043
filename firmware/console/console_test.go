package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/schedule"
)

func exec(t *testing.T, c *Console, line string) string {
	t.Helper()
	var b bytes.Buffer
	c.Exec(context.Background(), line, &b)
	return b.String()
}

// execTerm runs a line with a Term answering from answers.
func execTerm(t *testing.T, c *Console, line string, answers ...string) (string, *scriptTerm) {
	t.Helper()
	st := &scriptTerm{answers: answers}
	var b bytes.Buffer
	c.ExecTerm(context.Background(), line, &b, st)
	return b.String(), st
}

// oneLine checks a change's answer: exactly one line starting with prefix.
func oneLine(t *testing.T, what, out, prefix string) {
	t.Helper()
	if !strings.HasPrefix(out, prefix) || strings.Count(out, "\n") != 1 {
		t.Errorf("%s answered %q, want one line starting %q", what, out, prefix)
	}
}

// The console answers any line, in one or more lines, without panicking,
// and an escape character never reaches the terminal.
func FuzzExec(f *testing.F) {
	for _, s := range []string{"log -n 5 --json", `allow add "+1 555" 'Bob'`, `x\ y # z`, "\"", "a\\", "set ring-gap", "help set",
		"msgs play 1", "bl li", "block add +1900* --treatment sit --for 2h", "rule explain 900 555 0000 SPAM", "schedule add n mon-fri 22:00-07:00",
		"mode dnd --until 07:00", "stats --days 3 --json", "al add @private --sched n", "msgs del all --yes", "status --json", "rule list"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := New(newMem(), nil, func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) })
		var b bytes.Buffer
		c.Exec(context.Background(), s, &b)
		if strings.ContainsRune(b.String(), 0x1b) {
			t.Fatalf("an escape character reached the terminal: %q", b.String())
		}
	})
}

// The parser: commands, sub-commands and long options by any unique prefix
// in any case; ambiguity names the candidates; values after = or as the
// next word; "--" ends the options.
func TestResolve(t *testing.T) {
	c := New(newMem(), nil, nil)
	for _, tc := range []struct {
		line, path string
		args       []string
		opts       map[string]string
		err        string
	}{
		{line: "bl li", path: "block list"},
		{line: "BLOCK LIST --JSON", path: "block list", opts: map[string]string{"--json": ""}},
		{line: "al add 555 Bob --no=why --f 2h", path: "allow add", args: []string{"555", "Bob"}, opts: map[string]string{"--note": "why", "--for": "2h"}},
		{line: "log -n 5", path: "log", opts: map[string]string{"-n": "5"}},
		{line: "msgs", path: "msgs list"},
		{line: "sch", path: "schedule list"},
		{line: "allow add -- --odd", path: "allow add", args: []string{"--odd"}},
		{line: "allow add +1 -5", path: "allow add", args: []string{"+1", "-5"}},
		{line: "s", err: `"s" could be status, screen, schedule, stats, store, set or selftest`},
		{line: "allow", err: "allow what? usage: allow add PATTERN"},
		{line: "allow zap", err: `allow has no "zap" (use add, del, list or find)`},
		{line: "frob", err: `unknown command "frob" (help lists them)`},
		{line: "log --jsn", err: "unknown option --jsn (log takes -n, --since or --json)"},
		{line: "log -n", err: "-n needs a value (N)"},
		{line: "status --json=yes", err: "--json takes no value"},
		{line: "allow add 5 --n x", err: "--n could be --name or --note"},
		{line: "log --json --json", err: "--json is given twice"},
	} {
		words := strings.Fields(tc.line)
		_, req, err := resolve(c.cmds, words)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want %q", tc.line, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.line, err)
			continue
		}
		if got := req.Name(); got != tc.path || !reflect.DeepEqual(req.Args, tc.args) || (tc.opts != nil && !reflect.DeepEqual(req.opts, tc.opts)) {
			t.Errorf("%q = %s %q %v, want %s %q %v", tc.line, got, req.Args, req.opts, tc.path, tc.args, tc.opts)
		}
	}
}

// The parser never panics and what it accepts names a command of the table.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"bl li", "allow add -- x", "log -n 5 --json", "? allow", "m", "sch add a b c", "--", "-", "al ad --n=x"} {
		f.Add(s)
	}
	c := New(newMem(), nil, nil)
	f.Fuzz(func(t *testing.T, s string) {
		words := strings.Fields(s)
		cmd, req, err := resolve(c.cmds, words)
		if err != nil {
			return
		}
		if cmd == nil || cmd.Run == nil || len(req.Path) == 0 {
			t.Fatalf("%q resolved to %+v %+v", s, cmd, req)
		}
		for _, a := range req.Args {
			if isOption(a) && !slices.Contains(words, "--") { // "--" ends the options
				t.Fatalf("%q: option %q left among the words", s, a)
			}
		}
	})
}

// Each list: add with patterns, classes and names, list, find, del; an
// entry on another list moves and says so; del refuses an entry of
// another list and keeps it.
func TestLists_AddDelListFind(t *testing.T) {
	m := newMem()
	c := New(m, nil, nil)
	for _, l := range lists {
		for _, tc := range []struct{ line, want string }{
			{l.name + " add 212-555-0143 HUDSON DENTAL", "ok: " + screening.ActionWord(l.action) + " +12125550143 (HUDSON DENTAL)"},
			{l.name + " add +1900* --note robots", "ok: " + screening.ActionWord(l.action) + " +1900*"},
			{l.name + " add @Private", "ok: " + screening.ActionWord(l.action) + " @private"},
			{l.name + " add name:*SPAM*", "ok: " + screening.ActionWord(l.action) + " name:*spam*"},
		} {
			out := exec(t, c, tc.line)
			oneLine(t, tc.line, out, tc.want)
			if l.name != "allow" && !strings.Contains(out, "moved from the") {
				t.Errorf("%s: %q does not say the entry moved", tc.line, out)
			}
		}
		out := exec(t, c, l.name+" list")
		for _, e := range []string{"+12125550143", "+1900*", "@private", "name:*spam*", "HUDSON DENTAL", "robots", "1 number, 3 other entries"} {
			if !strings.Contains(out, e) {
				t.Errorf("%s list lacks %s:\n%s", l.name, e, out)
			}
		}
		if out := exec(t, c, l.name+" find hudson"); !strings.Contains(out, "+12125550143") || strings.Contains(out, "+1900*") {
			t.Errorf("%s find hudson:\n%s", l.name, out)
		}
		if out := exec(t, c, l.name+" find 555-01"); !strings.Contains(out, "+12125550143") || strings.Contains(out, "@private") {
			t.Errorf("%s find 555-01:\n%s", l.name, out)
		}
	}
	// everything is on the voicemail list now; allow del of it is refused and it is kept
	out := exec(t, c, "allow del (212) 555-0143")
	oneLine(t, "allow del", out, "error: +12125550143 is on the voicemail list, not the allow list; it was kept")
	if _, ok := m.rules["+12125550143"]; !ok {
		t.Fatal("the voicemail entry was removed by allow del")
	}
	oneLine(t, "voicemail del", exec(t, c, "voicemail del 2125550143"), "ok: removed voicemail +12125550143 (HUDSON DENTAL) from the voicemail list")
	oneLine(t, "voicemail del again", exec(t, c, "voicemail del 2125550143"), "error: +12125550143 is not on the voicemail list, nor on any other")
	oneLine(t, "del a class", exec(t, c, "vo del @PRIVATE"), "ok: removed voicemail @private")
	if out := exec(t, c, "voicemail list --json"); !json.Valid([]byte(out)) || strings.Count(out, `"match"`) != 2 {
		t.Errorf("voicemail list --json:\n%s", out)
	}
}

// Numbers in any written form: quoted with spaces, unquoted when only the
// words together are a number, refused with a hint when ambiguous.
func TestLists_WrittenNumbers(t *testing.T) {
	m := newMem()
	c := New(m, nil, nil)
	if err := m.SetSettings([2]string{"area-code", "212"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ line, want string }{
		{`allow add "+44 20 7946 0958" London`, "ok: allow +442079460958 (London)"},
		{`allow add +44 20 7946 0958 London office`, "ok: allow +442079460958 (London office)"},
		{`allow add 212 555 0199 Bob`, "ok: allow +12125550199 (Bob)"},
		{`allow add 1.212.555.0198`, "ok: allow +12125550198"},
		{`block add 2345678 234`, `error: is "2345678 234" one number or a number and a name? quote a number with spaces`},
		{`block add 5550143 212`, "ok: block +12125550143 (212)"},
		{`block add hello`, "error: "},
		{`allow add 2125550111 Al --treatment sit`, "error: --treatment is only for block rules"},
		{`allow add 2125550111 Al --for 2h --until 2030-01-01`, "error: give one of --for and --until"},
		{`allow add 2125550111 Al --schedule office`, `error: there is no schedule "office"`},
		{`block add 9005550000 --treatment sit --for 2h`, "ok: block +19005550000, until "},
	} {
		oneLine(t, tc.line, exec(t, c, tc.line), tc.want)
	}
	if r := m.rules["+19005550000"]; r.Treatment != screening.TreatmentSIT || r.Expires.IsZero() {
		t.Errorf("block with options stored %+v", r)
	}
}

func TestLog_JSONAndText(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	m := newMem()
	m.log = []screening.LogRecord{
		{Time: t0.Add(time.Minute), Number: "", Name: "EVIL\x1b[2J", Presentation: screening.PresentationPrivate,
			Decision: screening.ActionScreen, Outcome: screening.OutcomeVoicemail, Duration: 42500 * time.Millisecond, Message: "m1",
			Reason: "no rule matched for a withheld number; the default is screen"},
		{Time: t0, Number: "+12015550123", Name: "ALICE", Presentation: screening.PresentationAvailable,
			Decision: screening.ActionPass, Rule: "allow +12015550123", Outcome: screening.OutcomePassed, Duration: 12 * time.Second},
	}
	c := New(m, nil, func() time.Time { return t0.Add(time.Hour) })
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
	txt := exec(t, c, "log -n 1")
	if strings.Contains(txt, "\x1b") || !strings.Contains(txt, "2026-11-23 09:01:00") || !strings.Contains(txt, "screen -> voicemail") ||
		!strings.Contains(txt, "no rule matched for a withheld number") || strings.Contains(txt, "ALICE") {
		t.Errorf("log -n 1 = %q", txt)
	}
	if txt := exec(t, c, "log --since 2026-11-23T09:00:30"); strings.Contains(txt, "ALICE") || !strings.Contains(txt, "EVIL") {
		t.Errorf("log --since = %q", txt)
	}
}

func TestConsole_ExtensionAndTerminal(t *testing.T) {
	var got []string
	c := New(newMem(), []Command{{Name: "sim", Usage: "sim COMMAND", Summary: "the world", Raw: true, Run: func(_ context.Context, r *Request, w io.Writer) error {
		got = r.Args
		_, err := io.WriteString(w, "ringing\n")
		return err
	}}}, nil)
	in := strings.NewReader("sim call 2015550123 \"DOE JOHN\" --now\rhelp\rquit\r")
	var out bytes.Buffer
	if err := c.Run(context.Background(), struct {
		io.Reader
		io.Writer
	}{in, &out}, Serial); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []string{"call", "2015550123", "DOE JOHN", "--now"}) {
		t.Errorf("extension got %q", got)
	}
	if !strings.Contains(out.String(), "ringing") || !strings.Contains(out.String(), "the world") {
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
	f := newMem()
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
	if out := exec(t, c, "SET RING 4s"); !strings.Contains(out, "ok: ring-gap = 4s") {
		t.Errorf("set by a prefix in capitals: %q", out)
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
// help COMMAND (or any alias or prefix) gives its forms and options.
func TestHelp_FromTheCommandTable(t *testing.T) {
	c := New(newMem(), []Command{{Name: "sim", Usage: "sim COMMAND", Summary: "the world", Raw: true,
		Help: "example: sim state", Run: func(context.Context, *Request, io.Writer) error { return nil }}}, nil)
	all := exec(t, c, "help")
	for _, cmd := range c.Commands() {
		if cmd.Usage == "" || cmd.Summary == "" || !strings.Contains(cmd.Help, "example") || (cmd.Run == nil) == (len(cmd.Subs) == 0) {
			t.Errorf("command %s is incomplete: %+v", cmd.Name, cmd)
		}
		if !strings.Contains(all, "  "+cmd.Name+" ") || !strings.Contains(all, cmd.Summary) {
			t.Errorf("help does not list %s", cmd.Name)
		}
		for _, name := range append([]string{cmd.Name, strings.ToUpper(cmd.Name)}, cmd.Aliases...) {
			out := exec(t, c, "help "+name)
			if !strings.HasPrefix(out, "usage:\n") || !strings.Contains(out, "example") {
				t.Errorf("help %s = %q", name, out)
			}
			for _, s := range cmd.Subs {
				if !strings.Contains(out, s.Usage) || s.Run == nil {
					t.Errorf("help %s does not give %q", name, s.Usage)
				}
				for _, o := range s.Options {
					if !strings.Contains(out, o.Name) || !strings.Contains(out, o.Help) {
						t.Errorf("help %s does not explain %s", name, o.Name)
					}
				}
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
		{"normal", "", "screen", "mode    normal; unknown callers: screen;"},
		{"dnd", "", "screen", "mode    dnd; unknown callers: voicemail (calling again within 5m breaks through);"},
		{"dnd", "schedule nights", "screen", "mode    dnd (schedule nights); unknown callers: voicemail"},
		{"dnd", "", "block", "mode    dnd; unknown callers: block;"},
		{"vacation", "", "allow", "mode    vacation; unknown callers: voicemail;"},
		{"passthrough", "", "block", "mode    passthrough; unknown callers: ring through;"},
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
