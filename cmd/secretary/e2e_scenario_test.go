package main

// The end-to-end harness: the firmware (runFirmware, as "secretary run")
// on the simulated board (board/sim served in-process) with the real modem
// driver on a pty, the line driven by a modem emulator passed with --modem,
// the handset by the sim board's world commands, the console on a pipe.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/firmware/console"
	"secretary/firmware/prompts"
	"secretary/firmware/timekeep"
	"secretary/hal/audio"
	"secretary/hal/modem/modemtest"
	"secretary/screening"
	"secretary/screening/store"
)

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// e2e is one running box with its world.
type e2e struct {
	t      *testing.T
	dir    string
	emu    *modemtest.Emulator
	world  *sim.Board
	stdin  io.WriteCloser
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error

	mu     sync.Mutex
	trace  []string
	traceT []time.Time
	logs   []screening.LogRecord
	call   *modemtest.Call
	acted  int // wait action: the trace line after the last action waited for
	say    []int16
	rings  int           // the next call's MaxRings (0: 6)
	giveUp time.Duration // the next call's GiveUpAfter (0: a whole ring cycle)
	notes  []string      // what "display" and "wait call" saw, for the golden file
	box    *box
}

type e2eOptions struct {
	settings map[string]string // store settings before start
	// rawSettings are written into the store unchecked, as another
	// firmware version could have left them
	rawSettings map[string]string
	rules       []string            // rule lines before start
	messages    []screening.Message // messages in the mailbox before start (Heard kept)
	logs        int                 // call-log records written before start
	short       bool                // tiny prompts (fast scenarios); false = the shipped prompts
	seed        uint64
	console     string    // serial device for the console; "" = the pipe (x.stdin, x.out)
	unplugged   bool      // the modem is missing when the box starts (x.emu.Replug brings it)
	saved       time.Time // the time saved before this start (zero: none)
	data        string    // data directory of a box that ran before (a restart); "" = a new one
	// deliveryBackoff is the delivery loop's first wait after a failure
	// (doubling to 4 times it); 0 = the box's
	deliveryBackoff time.Duration
}

// writeShortPrompts writes 0.1 s prompts (0.04 s digits) over the defaults.
func writeShortPrompts(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range prompts.Names() {
		d := 800
		if strings.HasPrefix(n, "digit-") {
			d = 320
		}
		pcm := make([]int16, d)
		for i := range pcm {
			pcm[i] = int16(3000 * ((i/4)%2*2 - 1))
		}
		var b bytes.Buffer
		if err := audio.WriteWAV(&b, audio.ULaw, 8000, pcm); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n+".wav"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func startE2E(t *testing.T, opt e2eOptions) *e2e {
	t.Helper()
	dir, err := os.MkdirTemp("", "sec-e2e-") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	data := cmp.Or(opt.data, filepath.Join(dir, "data"))
	if opt.short {
		writeShortPrompts(t, filepath.Join(data, "prompts"))
	}
	if len(opt.rawSettings) > 0 {
		putRawSettings(t, data, opt.rawSettings)
	}
	if opt.logs > 0 {
		fillLog(t, data, opt.logs)
	}
	if !opt.saved.IsZero() {
		os.MkdirAll(data, 0o750)
		if err := os.WriteFile(filepath.Join(data, timekeep.SavedName), []byte(opt.saved.Format(time.RFC3339Nano)+"\n"), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if len(opt.settings) > 0 || len(opt.rules) > 0 {
		st, err := store.OpenDir(data)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range opt.settings {
			if err := st.SetSetting(k, v); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range opt.rules {
			if _, err := st.AddRule(r, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
	}
	if len(opt.messages) > 0 {
		seedMessages(t, data, opt.messages)
	}
	ctx, cancel := context.WithCancel(context.Background())
	x := &e2e{t: t, dir: dir, cancel: cancel, done: make(chan error, 1), out: &syncBuffer{}}

	// the line: a modem emulator on its own pty, given with --modem
	x.emu = modemtest.New(modemtest.Config{Profile: modemtest.ProfileZoom3095, Link: filepath.Join(dir, "ttyModem")})
	if err := x.emu.Start(); err != nil {
		t.Fatal(err)
	}
	if opt.unplugged {
		if err := x.emu.Unplug(); err != nil {
			t.Fatal(err)
		}
	}

	// the simulated board's hardware, in this process; the handset lifted
	// on the line takes this emulator's line too
	socket := filepath.Join(dir, "hw.sock")
	simDone := make(chan error, 1)
	go func() {
		simDone <- sim.Serve(ctx, sim.ServerConfig{Socket: socket, IdleExit: -1, ExtensionLine: x.emu.SetExtensionOffHook})
	}()
	for i := 0; ; i++ {
		if c, err := net.Dial("unix", socket); err == nil {
			c.Close()
			break
		}
		if i > 200 {
			t.Fatal("simhw did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	x.world = sim.New(sim.Config{Socket: socket})

	pr, pw := io.Pipe()
	x.stdin = pw
	o := runOptions{board: "sim", modem: x.emu.Path(), console: cmp.Or(opt.console, "-"), data: data, socket: socket, seed: opt.seed,
		verbose:      os.Getenv("E2E_VERBOSE") != "", // the firmware's log with the console output
		deliveryBase: opt.deliveryBackoff, deliveryMax: 4 * opt.deliveryBackoff,
		traceTo: func(l string) {
			x.mu.Lock()
			x.trace = append(x.trace, l)
			x.traceT = append(x.traceT, time.Now())
			x.mu.Unlock()
		},
		onLog: func(r screening.LogRecord) {
			x.mu.Lock()
			x.logs = append(x.logs, r)
			x.mu.Unlock()
		},
		onBox: func(b *box) {
			x.mu.Lock()
			x.box = b
			x.mu.Unlock()
		}}
	go func() {
		x.done <- runFirmware(ctx, &env{stdin: pr, stdout: x.out, stderr: x.out}, o)
	}()
	t.Cleanup(func() {
		pw.Close()
		cancel()
		select {
		case err := <-x.done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
		<-simDone
		x.emu.Close()
		if t.Failed() {
			t.Logf("console output:\n%s", x.out.String())
			t.Logf("machine trace:\n%s", strings.Join(x.traceLines(), "\n"))
		}
	})
	if opt.unplugged {
		x.waitState("firmware up", 30*time.Second, func(s sim.State) bool { return s.Firmware })
		return x
	}
	x.waitState("firmware up, relay isolated", 30*time.Second, func(s sim.State) bool { return s.Firmware && s.Relay == "isolated" })
	return x
}

func (x *e2e) traceLines() []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]string(nil), x.trace...)
}

func (x *e2e) state() sim.State {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := x.world.State(ctx)
	if err != nil {
		x.t.Fatalf("sim state: %v", err)
	}
	return s
}

func (x *e2e) waitState(what string, limit time.Duration, ok func(sim.State) bool) sim.State {
	x.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		s := x.state()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("timed out waiting for %s; state:\n%s", what, s.Text())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (x *e2e) worldCmd(cmd string) string {
	x.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := x.world.World(ctx, "sim "+cmd)
	if err != nil {
		x.t.Fatalf("sim %s: %v", cmd, err)
	}
	return out
}

// console runs a console command and returns its answer.
func (x *e2e) console(cmd string, complete func(string) bool) string {
	x.t.Helper()
	start := x.out.Len()
	if _, err := io.WriteString(x.stdin, cmd+"\n"); err != nil {
		x.t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s := x.out.String()[start:]
		if complete(s) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	x.t.Fatalf("console %q: no complete answer; got %q", cmd, x.out.String()[start:])
	return ""
}

// logJSON is "log --json" on the console.
func (x *e2e) logJSON() []console.LogJSON {
	x.t.Helper()
	var recs []console.LogJSON
	x.console("log --json -n 100", func(s string) bool {
		return json.Unmarshal([]byte(strings.TrimSpace(s)), &recs) == nil
	})
	return recs
}

func (x *e2e) waitLogs(n int, limit time.Duration) []screening.LogRecord {
	x.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		x.mu.Lock()
		logs := append([]screening.LogRecord(nil), x.logs...)
		x.mu.Unlock()
		if len(logs) >= n {
			return logs
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("timed out waiting for call-log record %d", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// placeCall rings the box from the emulator: "NUMBER [NAME]", "private",
// "unavailable" or "none".
func (x *e2e) placeCall(args string) *modemtest.Call {
	x.t.Helper()
	return x.placeCallTo(args, nil)
}

// placeCallTo is placeCall for a call whose transfer meets third (nil:
// whatever the box dials does not answer).
func (x *e2e) placeCallTo(args string, third *modemtest.Third) *modemtest.Call {
	x.t.Helper()
	f := strings.Fields(args)
	now := time.Now()
	cid := &modemtest.CID{Date: now.Format("0102"), Time: now.Format("1504")}
	switch f[0] {
	case "private":
		cid.NumberAbsent, cid.NameAbsent = "P", "P"
	case "unavailable":
		cid.NumberAbsent, cid.NameAbsent = "O", "O"
	case "none":
		cid = nil
	default:
		cid.Number = f[0]
		cid.Name = strings.Join(f[1:], " ")
		if cid.Name == "" {
			cid.NameAbsent = "O"
		}
	}
	x.mu.Lock()
	say := x.say
	x.say = nil
	rings, giveUp := x.rings, x.giveUp
	x.rings, x.giveUp = 0, 0
	x.mu.Unlock()
	if rings == 0 {
		rings = 6
	}
	if say == nil {
		say = sim.Speech("hello this is a caller about the invoice")
	}
	c, err := x.emu.PlaceCall(modemtest.CallSpec{CID: cid, MaxRings: rings, Audio: say, GiveUpAfter: giveUp, Third: third})
	if err != nil {
		x.t.Fatalf("place call: %v", err)
	}
	x.mu.Lock()
	x.call = c
	x.mu.Unlock()
	return c
}

func (x *e2e) activeCall() *modemtest.Call {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.call == nil {
		x.t.Fatal("no call placed")
	}
	return x.call
}

func (x *e2e) sprintTrace() string { return strings.Join(x.traceLines(), "\n") }
