package main

// Scenario tests: testdata/scenarios/NAME.txt scripts a call (or a few)
// against the whole box (see e2e_scenario_test.go); NAME.golden holds the
// expected action log: the call machine's actions as the firmware executed
// them (timers and cancellations left out, being timing detail) and the
// call-log records. By default only a smoke set runs; all of them:
//
//	go test ./cmd/secretary -run TestScenarios -parallel 8 -scenarios
//
// Regenerate the golden files with -update (which runs all).
//
// Script syntax, one step per line ('#' comments):
//
//	setting KEY VALUE      before start: a store setting (any key of the settings table)
//	rule LINE              before start: a rule ("block +1900* --treatment sit")
//	prompts shipped        before start: use the shipped prompts (default: 0.1 s ones)
//	message NUMBER [urgent] [heard] [callback NUMBER] [ago DURATION]
//	                       before start: a message in the mailbox (about 4.5 s of speech)
//	show msgs|lamp|heard   the golden file also holds msgs list --json, the
//	                       phone's on-hook data as the DSP receiver decodes it,
//	                       or whether the lifted handset heard each message
//	                       seeded before the start in full
//	rings N                the next call gives up after N rings (default 6)
//	giveup DURATION        ... that long after the start of its last ring (default: a whole cycle)
//	say TEXT [/ TEXT...]   what the next caller says (" / ": 2 s of silence)
//	call NUMBER [NAME] | call private | call unavailable | call none
//	press DIGITS           the caller's keys
//	call-waiting [NUMBER [NAME]]   a second caller calls the box's answered line (alert, caller ID)
//	caller-hangup [busy|dialtone|loopdrop]
//	pickup | hangup | key DIGITS     the owner's handset (sim world)
//	button short|long|double         the box's button (sim world)
//	reset                  the sim world forgets what the handset heard (its display too)
//	unplug | replug        the modem vanishes / comes back
//	sleep DURATION
//	wait ring | wait relay isolated|pass-through | wait modem off-hook|on-hook
//	wait heard MS | wait log N | wait call-done | wait lamp on|off
//	wait action PREFIX     the machine's next action starting with PREFIX
//	wait call connected    the world's caller is connected to the handset (noted in the golden file)
//	display                the handset's caller-ID display as decoded from its audio (noted)
//	expect reason N TEXT   the Nth call-log record (1: the first written) has TEXT in its reason
//	expect console TEXT    the console printed TEXT (a notice) within 10 s
//	console CMD => TEXT    the owner types CMD on the console; its answer has TEXT within 10 s
//
// Notes ("display", "wait call") follow the action log in the golden file
// under "--- world".

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/firmware/console"
	"secretary/hal/modem/modemtest"
)

var (
	update    = flag.Bool("update", false, "rewrite the scenario golden files")
	scenarios = flag.Bool("scenarios", false, "run every scenario (about 40 s with -parallel 8), not only the smoke set")
)

// smoke is the set run by default: quick, and between them they cross the
// relay, the modem (answer, tone, hang-up) and the call log; with them the
// call path as callers and owners meet it (the handset's display for an
// allowed and a screened call, answering in the simulator, calls back to
// back within a ring gap, the challenge remembered and expiring, call
// waiting), which mostly wait on real-time rings, and the two message
// scenarios that take and play messages and light and clear the lamp
// (about 55 s in all, side by side).
var smoke = map[string]bool{"block-sit": true, "outgoing": true, "hangup-on-hold": true,
	"handset-cid": true, "screened-display": true, "pass-ring-answered": true, "back-to-back": true,
	"challenge-remembered": true, "call-waiting": true, "message-taken": true, "message-heard": true}

type scenario struct {
	setup e2eOptions
	steps []string
	show  map[string]bool // "msgs", "lamp", "heard"
}

func parseScenario(t *testing.T, path string) scenario {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := scenario{setup: e2eOptions{short: true, seed: 42, settings: map[string]string{}}, show: map[string]bool{}}
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		switch word {
		case "setting":
			k, v, _ := strings.Cut(rest, " ")
			sc.setup.settings[k] = v
		case "rule":
			sc.setup.rules = append(sc.setup.rules, rest)
		case "prompts":
			sc.setup.short = rest != "shipped"
		case "message":
			sc.setup.messages = append(sc.setup.messages, parseSeedMessage(t, rest))
		case "show":
			sc.show[rest] = true
		default:
			sc.steps = append(sc.steps, line)
		}
	}
	return sc
}

var durationField = regexp.MustCompile(` duration=[0-9.a-zµ]+`)

// goldenTrace keeps the actions that say what the box did.
func goldenTrace(trace []string) []string {
	var out []string
	for _, l := range trace {
		if !strings.HasPrefix(l, "action ") {
			continue
		}
		a := strings.TrimPrefix(l, "action ")
		if strings.HasPrefix(a, "timer ") || strings.HasPrefix(a, "cancel-") || a == "stop-record" {
			continue
		}
		a = durationField.ReplaceAllString(a, "")
		a = regexp.MustCompile(`message="[^"]+"`).ReplaceAllString(a, `message="<id>"`)
		a = whenClips.ReplaceAllString(a, "<when>")
		a = messageIDs.ReplaceAllString(a, "$1 <id>")
		out = append(out, a)
	}
	return out
}

func (x *e2e) step(line string) {
	x.t.Helper()
	word, rest, _ := strings.Cut(line, " ")
	switch word {
	case "rings":
		n, _ := strconv.Atoi(rest)
		x.mu.Lock()
		x.rings = n
		x.mu.Unlock()
	case "say":
		var pcm []int16
		for i, part := range strings.Split(rest, " / ") {
			if i > 0 {
				pcm = append(pcm, make([]int16, 2*8000)...)
			}
			pcm = append(pcm, sim.Speech(part)...)
		}
		x.mu.Lock()
		x.say = pcm
		x.mu.Unlock()
	case "call":
		x.placeCall(rest)
	case "giveup":
		d, err := time.ParseDuration(rest)
		if err != nil {
			x.t.Fatal(err)
		}
		x.mu.Lock()
		x.giveUp = d
		x.mu.Unlock()
	case "press":
		x.activeCall().Press(rest)
	case "call-waiting":
		var cid *modemtest.CID
		if f := strings.Fields(rest); len(f) > 0 {
			now := time.Now()
			cid = &modemtest.CID{Date: now.Format("0102"), Time: now.Format("1504"), Number: f[0], Name: strings.Join(f[1:], " ")}
		}
		if !x.activeCall().CallWaiting(cid) {
			x.t.Fatal("call waiting: the box does not hold the line")
		}
	case "display":
		s := x.waitState("the handset's caller-ID display", 30*time.Second, func(s sim.State) bool { return s.CIDNumber != "" })
		x.note(fmt.Sprintf("display: number %q, name %q", s.CIDNumber, s.CIDName))
	case "expect":
		x.expect(rest)
	case "console":
		cmd, text, ok := strings.Cut(rest, " => ")
		if !ok {
			x.t.Fatalf("console %q: want console CMD => TEXT", rest)
		}
		x.console(cmd, func(s string) bool { return strings.Contains(s, text) })
	case "caller-hangup":
		h := modemtest.HangUpBusy
		switch rest {
		case "dialtone":
			h = modemtest.HangUpDialTone
		case "loopdrop":
			h = modemtest.HangUpLoopDrop
		}
		x.activeCall().HangUpNow(h)
	case "pickup", "hangup", "key", "reset", "button":
		x.worldCmd(line)
	case "unplug":
		if err := x.emu.Unplug(); err != nil {
			x.t.Fatal(err)
		}
	case "replug":
		if err := x.emu.Replug(); err != nil {
			x.t.Fatal(err)
		}
	case "sleep":
		d, err := time.ParseDuration(rest)
		if err != nil {
			x.t.Fatal(err)
		}
		time.Sleep(d)
	case "wait":
		what, arg, _ := strings.Cut(rest, " ")
		switch what {
		case "ring":
			x.waitState("the handset ringing", 60*time.Second, func(s sim.State) bool { return s.Ringing })
		case "relay":
			x.waitState("relay "+arg, 60*time.Second, func(s sim.State) bool { return s.Relay == arg })
		case "modem": // the line's modem, i.e. the emulator given with --modem
			deadline := time.Now().Add(60 * time.Second)
			for x.emu.OffHook() != (arg == "off-hook") {
				if time.Now().After(deadline) {
					x.t.Fatalf("timed out waiting for the modem to go %s", arg)
				}
				time.Sleep(20 * time.Millisecond)
			}
		case "heard":
			ms, _ := strconv.Atoi(arg)
			x.waitState("handset audio", 60*time.Second, func(s sim.State) bool { return s.HandsetHeard >= ms })
		case "log":
			n, _ := strconv.Atoi(arg)
			x.waitLogs(n, 90*time.Second)
		case "call":
			c := x.activeCall()
			want := map[string]string{"connected": "connected to the handset"}[arg]
			deadline := time.Now().Add(30 * time.Second)
			for c.State() != want {
				if time.Now().After(deadline) {
					x.t.Fatalf("the caller is %q, want %q", c.State(), want)
				}
				time.Sleep(20 * time.Millisecond)
			}
			x.note("caller: " + want)
		case "lamp":
			x.waitState("the message lamp "+arg, 60*time.Second, func(s sim.State) bool { return s.Lamp == arg })
		case "action":
			x.waitAction(arg, 90*time.Second)
		case "call-done":
			select {
			case <-x.activeCall().Done():
			case <-time.After(90 * time.Second):
				x.t.Fatal("the call did not end")
			}
		default:
			x.t.Fatalf("unknown wait %q", rest)
		}
	default:
		x.t.Fatalf("unknown scenario step %q", line)
	}
}

// note keeps a line for the golden file's "--- world" part.
func (x *e2e) note(s string) {
	x.mu.Lock()
	x.notes = append(x.notes, s)
	x.mu.Unlock()
}

func (x *e2e) notesCopy() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]string(nil), x.notes...)
}

// expect checks "reason N TEXT": the Nth record written has TEXT in its
// reason (reasons hold times, so they are not in the golden files); or
// "console TEXT": the console printed it.
func (x *e2e) expect(arg string) {
	x.t.Helper()
	if text, ok := strings.CutPrefix(arg, "console "); ok {
		for deadline := time.Now().Add(10 * time.Second); !strings.Contains(x.out.String(), text); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				x.t.Fatalf("the console never printed %q", text)
			}
		}
		return
	}
	f := strings.SplitN(arg, " ", 3)
	if len(f) != 3 || f[0] != "reason" {
		x.t.Fatalf("expect %q: want expect reason N TEXT or expect console TEXT", arg)
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 1 {
		x.t.Fatalf("expect %q: bad record number", arg)
	}
	logs := x.waitLogs(n, 90*time.Second)
	if r := logs[n-1].Reason; !strings.Contains(r, f[2]) {
		x.t.Errorf("record %d reason %q, want it to say %q", n, r, f[2])
	}
}

func TestScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	files, err := filepath.Glob("../../testdata/scenarios/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	sem := make(chan struct{}, 6) // the machine is small: a few boxes at a time
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		if !*scenarios && !*update && !smoke[name] {
			continue
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sem <- struct{}{}
			defer func() { <-sem }()
			sc := parseScenario(t, f)
			x := startE2E(t, sc.setup)
			for _, st := range sc.steps {
				x.step(st)
			}
			// every scenario ends with the box idle: handset on the box, line on-hook
			x.waitState("the box idle again", 60*time.Second, func(s sim.State) bool { return s.Relay == "isolated" && !s.Ringing })
			for deadline := time.Now().Add(30 * time.Second); x.emu.OffHook(); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the modem stayed off-hook")
				}
			}
			time.Sleep(300 * time.Millisecond)
			var b strings.Builder
			for _, a := range goldenTrace(x.traceLines()) {
				fmt.Fprintln(&b, a)
			}
			if notes := x.notesCopy(); len(notes) > 0 {
				b.WriteString("--- world\n")
				for _, n := range notes {
					fmt.Fprintln(&b, n)
				}
			}
			b.WriteString("--- log --json (time, duration_s and message ids left out)\n")
			recs := x.logJSON()
			for i := len(recs) - 1; i >= 0; i-- {
				r := recs[i]
				r.Time, r.DurationS, r.Reason = "", 0, ""
				if r.Message != "" {
					r.Message = "<id>"
				}
				j, _ := json.Marshal(struct {
					console.LogJSON
				}{r})
				fmt.Fprintf(&b, "%s\n", j)
			}
			if sc.show["msgs"] {
				x.goldenMessages(&b)
			}
			if sc.show["lamp"] {
				x.goldenOnHook(&b)
			}
			if sc.show["heard"] {
				x.goldenHeard(&b, sc.setup.messages)
			}
			got := b.String()
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("action log differs from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}
