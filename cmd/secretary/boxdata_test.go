package main

// The "Must show" for lists, messages and backups: the command
// line reaching the running box through its control socket.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
)

// cli runs "secretary ARGS" in this process (as the binary would).
func cli(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runMain(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// cliTimed is cli with how long it took.
func cliTimed(args ...string) (code int, stdout, stderr string, took time.Duration) {
	start := time.Now()
	code, stdout, stderr = cli(args...)
	return code, stdout, stderr, time.Since(start)
}

// traceAt is when the first trace line equal to line came after since.
func (x *e2e) traceAt(line string, since time.Time) time.Time {
	x.mu.Lock()
	defer x.mu.Unlock()
	for i, l := range x.trace {
		if l == line && x.traceT[i].After(since) {
			return x.traceT[i]
		}
	}
	return time.Time{}
}

// stopBox stops the firmware (its result is kept for the test's cleanup).
func (x *e2e) stopBox() {
	x.t.Helper()
	x.cancel()
	select {
	case err := <-x.done:
		x.done <- err
	case <-time.After(15 * time.Second):
		x.t.Fatal("the box did not stop")
	}
}

// blockList writes a CSV block list of n numbers +1900555NNNN.
func blockList(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Phone,Name\n")
	for i := range n {
		fmt.Fprintf(&b, "+1900555%04d,Robocaller %d\n", i, i)
	}
	return writeTestFile(t, "block.csv", b.String())
}

// The bounds a screened call is held to while the command line works on
// the box (the same as with nobody at the console, see
// TestRun_StalledConsoleKeepsCalls): answered within 1 s of its caller
// ID, connected within 1 s of the owner's key.
const (
	boxAnswerBound  = time.Second
	boxConnectBound = time.Second
)

// Through the control socket of the running box: an imported block list
// blocks the next call at once; export, decide, log --json and backup
// answer while a screened call is in progress, and the call keeps its
// timing.
func TestBoxData_MustShow(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	x := startE2E(t, e2eOptions{short: true})
	data := filepath.Join(x.dir, "data")

	// 1. import a block list through the socket; the box blocks the next
	//    call from it without a restart
	code, _, errs := cli("import", "--data", data, "--list", "block", blockList(t, 2000))
	if code != 0 || !strings.Contains(errs, "ok: imported 2000, skipped 0: 2000 numbers to the block list") {
		t.Fatalf("import through the socket: exit %d\n%s", code, errs)
	}
	c := x.placeCall("9005551234 WIN A CRUISE")
	logs := x.waitLogs(1, 30*time.Second)
	if r := logs[0]; r.Decision != screening.ActionBlock || r.Number != "+19005551234" || !strings.Contains(r.Reason, "Robocaller 1234") {
		t.Errorf("the call from an imported number: %+v", r)
	}
	<-c.Done()

	// 2. a screened call alone, then one while the command line keeps the
	//    box busy all along
	answer0, connect0 := x.screenedCall(2)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	took := map[string][]time.Duration{}
	fails := []string{}
	backupFile := filepath.Join(t.TempDir(), "during-call.backup")
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			for _, args := range [][]string{
				{"export", "--data", data, "--list", "block"},
				{"decide", "--data", data, "9005550042"},
				{"log", "--data", data, "--json"},
				{"backup", "--data", data, "-o", backupFile},
			} {
				code, out, errs, d := cliTimed(args...)
				mu.Lock()
				took[args[0]] = append(took[args[0]], d)
				if code != 0 || (args[0] == "export" && strings.Count(out, "\n") != 2001) ||
					(args[0] == "decide" && !strings.Contains(out, `"decision":"block"`)) ||
					(args[0] == "log" && !strings.Contains(out, `"number": "+19005551234"`)) ||
					(args[0] == "backup" && !strings.Contains(errs, "ok: backup of")) {
					fails = append(fails, fmt.Sprintf("%s: exit %d, %d bytes out, stderr %q", args[0], code, len(out), errs))
				}
				mu.Unlock()
				time.Sleep(10 * time.Millisecond) // busy, not a CPU hog on a shared machine
			}
		}
	}()
	answer, connect := x.screenedCall(3)
	close(stop)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	t.Logf("during the screened call: answered %v after its caller ID (bound %v; with nothing on the socket %v), "+
		"connected %v after the owner's key (bound %v; with nothing on the socket %v; both include the 0.1 s connecting prompt)",
		answer.Round(time.Millisecond), boxAnswerBound, answer0.Round(time.Millisecond),
		connect.Round(time.Millisecond), boxConnectBound, connect0.Round(time.Millisecond))
	for cmd, ds := range took {
		t.Logf("%s answered %d times during the call, slowest in %v", cmd, len(ds), slowest(ds).Round(time.Millisecond))
		if len(ds) == 0 {
			t.Errorf("%s never answered during the call", cmd)
		}
	}
	if answer > boxAnswerBound || connect > boxConnectBound || connect > connect0+boxAnswerBound/2 {
		t.Errorf("the call was delayed: answered after %v, connected after %v (alone: %v, %v)", answer, connect, answer0, connect0)
	}
	for _, f := range fails {
		t.Error(f)
	}
	if len(took["backup"]) == 0 {
		t.Fatal("no backup finished during the call")
	}
}

// screenedCall places the n-th call of the test, from an unknown caller,
// and has the owner accept it; it returns how long after its caller ID
// the box answered and how long after the owner's key it connected.
func (x *e2e) screenedCall(n int) (answer, connect time.Duration) {
	x.t.Helper()
	x.worldCmd("reset") // the handset's counters start again
	start := time.Now()
	x.mu.Lock()
	x.say = sim.Speech("hello this is doctor hudson from the dental office about tomorrow")
	x.mu.Unlock()
	c := x.placeCall("2125550143 HUDSON DENTAL")
	x.waitState("the screened ring", 40*time.Second, func(s sim.State) bool { return s.Ringing })
	x.worldCmd("pickup")
	x.waitState("the announcement", 30*time.Second, func(s sim.State) bool { return s.HandsetHeard > 300 })
	keyAt := time.Now()
	x.worldCmd("key 1")
	logs := x.waitLogs(n, 30*time.Second)
	if r := logs[n-1]; r.Decision != screening.ActionScreen || r.Outcome != screening.OutcomeAccepted {
		x.t.Errorf("the screened call: %+v", r)
	}
	cids := records(x.emu, modemtest.RecCID, start)
	answered, connected := x.traceAt("action answer", start), x.traceAt("action relay pass-through", keyAt)
	if len(cids) == 0 || answered.IsZero() || connected.IsZero() {
		x.t.Fatalf("caller ID %v, answer at %v, connected at %v\n%s", cids, answered, connected, x.sprintTrace())
	}
	c.HangUpNow(modemtest.HangUpLoopDrop)
	x.worldCmd("hangup")
	x.waitState("idle again", 20*time.Second, func(s sim.State) bool { return s.Relay == "isolated" })
	<-c.Done()
	return answered.Sub(cids[0].At), connected.Sub(keyAt)
}

func slowest(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// timing removes what differs between two runs of a command: durations
// ("41ms") and the time a backup was taken.
var timing = regexp.MustCompile(`\d+(\.\d+)?(µs|ms|s)\b|taken \d{4}-\d\d-\d\d \d\d:\d\d:\d\d`)

// The command line gives the same output and exit status through the
// running box's socket as on the stopped box's store.
func TestBoxData_SameBothWays(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the firmware")
	}
	x := startE2E(t, e2eOptions{short: true, rules: []string{"allow +12015550123", "voicemail @private", "block +1900*", "block +19005550000"}, logs: 30})
	data := filepath.Join(x.dir, "data")
	good := writeTestFile(t, "good.csv", "Name;Mobile Phone;Notes\nAnn;212 555 0199;friend\nBob;not a number;\n")
	bad := writeTestFile(t, "nophone.csv", "Name,E-mail\nAnn,a@b\n")
	damaged := writeTestFile(t, "damaged.backup", "SECRETARY BACKUP 1\n+manifest manifest.json\n2\n{}0\nEND sha256 00\n")
	runs := [][]string{
		{"export", "--data", data, "--list", "allow"},
		{"export", "--data", data, "--list", "block", "--format", "vcard"},
		{"decide", "--data", data, "--name", "SPAM", "9005550100"},
		{"decide", "--data", data, "P"},
		{"log", "--data", data, "-n", "3", "--json"},
		{"log", "--data", data, "-n", "nine"},
		{"msgs", "list", "--data", data, "--json"},
		{"import", "--data", data, "--list", "screen", "--dry-run", good},
		{"import", "--data", data, "--list", "allow", bad},
		{"import", "--data", data, "--list", "grey", good},
		{"restore", "--data", data, damaged},
		{"export", "--data", data, "--list", "allow", "--format", "xml"},
	}
	type result struct {
		code     int
		out, err string
	}
	if fi, err := os.Stat(filepath.Join(data, "control", "socket")); err != nil || fi.Mode()&os.ModeSocket == 0 {
		t.Fatalf("the running box has no control socket: %v", err)
	}
	running := make([]result, len(runs))
	for i, args := range runs {
		code, out, errs := cli(args...)
		running[i] = result{code, timing.ReplaceAllString(out, "T"), timing.ReplaceAllString(errs, "T")}
	}
	x.stopBox()
	if _, err := os.Stat(filepath.Join(data, "control", "socket")); !os.IsNotExist(err) {
		t.Errorf("the stopped box left its socket: %v", err)
	}
	for i, args := range runs {
		code, out, errs := cli(args...)
		here := result{code, timing.ReplaceAllString(out, "T"), timing.ReplaceAllString(errs, "T")}
		if here != running[i] {
			t.Errorf("%q differs:\nthrough the socket: exit %d\n%s%s\non the store: exit %d\n%s%s", args[:2],
				running[i].code, running[i].out, running[i].err, here.code, here.out, here.err)
		}
	}
	// each run said something, and the failures failed
	for i, r := range running {
		if r.out == "" && r.err == "" {
			t.Errorf("%q: no output at all: %+v", runs[i][:2], r)
		}
	}
	for i, want := range map[int]int{5: 2, 8: 1, 9: 2, 10: 1, 11: 2} {
		if running[i].code != want {
			t.Errorf("%q: exit %d, want %d (%s)", runs[i], running[i].code, want, running[i].err)
		}
	}
}

// In maintenance (a restore through the socket) the call loop steps
// aside: a call then rings straight through to the phone, the modem never
// answers; afterwards the box screens again.
func TestBoxData_MaintenancePassesCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	x := startE2E(t, e2eOptions{short: true, rules: []string{"block +19005550000"}})
	x.mu.Lock()
	bx := x.box
	x.mu.Unlock()
	var said []string
	start := time.Now()
	err := bx.maintenance(context.Background(), func(s string) { said = append(said, s) }, func() error {
		c := x.placeCall("9005550000 SPAM")
		x.waitState("the phone ringing with the line", 20*time.Second, func(s sim.State) bool { return s.Relay == "pass-through" })
		c.HangUpNow(modemtest.HangUpLoopDrop)
		<-c.Done()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if off := records(x.emu, modemtest.RecOffHook, start); len(off) != 0 {
		t.Errorf("the modem answered during maintenance: %v", off)
	}
	if len(said) != 2 || !strings.Contains(said[0], "calls ring straight through") || !strings.Contains(said[1], "maintenance over") {
		t.Errorf("told the owner %q", said)
	}
	x.waitState("isolated again", 20*time.Second, func(s sim.State) bool { return s.Relay == "isolated" })
	x.blockedWithin(2*time.Second, "9005550000 SPAM")
}

// A restore asked for during a call waits for the call to end: the caller
// keeps the line, the owner is told, and maintenance begins after the
// hang-up.
func TestBoxData_MaintenanceWaitsForCall(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	x := startE2E(t, e2eOptions{short: true, rules: []string{"allow +12015550123", "block +19005550000"}})
	x.mu.Lock()
	bx := x.box
	x.mu.Unlock()
	c := x.placeCall("2015550123 ALICE")
	// the box rings the phone with the caller ID (pass-ring), or the line does
	x.waitState("the allowed call ringing the phone", 20*time.Second, func(s sim.State) bool { return s.Ringing || s.Relay == "pass-through" })
	for deadline := time.Now().Add(10 * time.Second); !bx.app.Status().Busy(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the box never said it was busy with the call")
		}
	}
	var mu sync.Mutex
	var said []string
	ran := make(chan time.Time, 1)
	done := make(chan error, 1)
	go func() {
		done <- bx.maintenance(context.Background(), func(s string) { mu.Lock(); said = append(said, s); mu.Unlock() },
			func() error { ran <- time.Now(); return nil })
	}()
	time.Sleep(time.Second)
	select {
	case <-ran:
		t.Fatal("maintenance began during the call")
	default:
	}
	hungUp := time.Now()
	c.HangUpNow(modemtest.HangUpLoopDrop)
	<-c.Done()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("maintenance did not begin after the call")
	}
	at := <-ran
	mu.Lock()
	defer mu.Unlock()
	if len(said) != 3 || !strings.Contains(said[0], "waiting for the call in progress to end") || !strings.Contains(said[1], "calls ring straight through") {
		t.Errorf("told the owner %q", said)
	}
	t.Logf("maintenance began %v after the caller hung up", at.Sub(hungUp).Round(time.Millisecond))
	x.blockedWithin(2*time.Second, "9005550000 SPAM")
}
