package main

// Tests that run "secretary" as a process of its own: this test binary as
// the command (TestMain, SECRETARY_TEST_MAIN=1), so a panic anywhere, in
// any goroutine, ends that process and shows in its exit status and output.

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"secretary/board/sim"
)

// runProc runs "secretary ARGS" to its end and returns its exit code and
// output.
func runProc(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "SECRETARY_TEST_MAIN=1")
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("secretary %s: %v", strings.Join(args, " "), err)
	}
	return code, out.String(), errb.String()
}

// crashed reports output that shows a Go panic or a fatal runtime error.
func crashed(out string) bool {
	for _, s := range []string{"panic:", "goroutine ", "fatal error:", "SIGBUS", "SIGSEGV"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

// boxProc is "secretary run --board sim" in a process of its own, on a
// simulated board served by this test process, with its console on a pipe.
type boxProc struct {
	t     *testing.T
	cmd   *exec.Cmd
	stdin interface {
		Write([]byte) (int, error)
		Close() error
	}
	out, errb *syncBuffer
	world     *sim.Board
	exited    chan struct{}
	exitErr   error
}

// startBox starts the board and the firmware on data (extra run flags
// after) and waits until the firmware holds the board. When t ends the
// firmware gets SIGTERM and must exit 0.
func startBox(t *testing.T, data string, extra ...string) *boxProc {
	t.Helper()
	return startBoxAs(t, boxSpec{data: data, args: extra})
}

// boxSpec is how startBoxAs starts the firmware.
type boxSpec struct {
	data string
	args []string // more run flags
	exe  string   // the command (default this test binary)
	env  []string // more environment
	attr *syscall.SysProcAttr
	// world: the board's socket and modem may be used by anyone (for a
	// firmware that runs as another user)
	world bool
}

func startBoxAs(t *testing.T, spec boxSpec) *boxProc {
	t.Helper()
	data := spec.data
	sockDir, err := os.MkdirTemp("", "sec-box-") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(sockDir, "hw.sock")
	ctx, cancel := context.WithCancel(context.Background())
	simDone := make(chan error, 1)
	go func() { simDone <- sim.Serve(ctx, sim.ServerConfig{Socket: socket, IdleExit: -1}) }()
	for i := 0; ; i++ {
		if c, err := net.Dial("unix", socket); err == nil {
			c.Close()
			break
		}
		if i > 300 {
			t.Fatal("simhw did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	b := &boxProc{t: t, out: &syncBuffer{}, errb: &syncBuffer{}, world: sim.New(sim.Config{Socket: socket}), exited: make(chan struct{})}
	if spec.world {
		shareBoard(t, b, sockDir, socket)
	}
	args := append([]string{"run", "--board", "sim", "--sim-socket", socket, "--data", data, "--console", "-"}, spec.args...)
	exe := spec.exe
	if exe == "" {
		exe = os.Args[0]
	}
	b.cmd = exec.Command(exe, args...)
	b.cmd.Env = append(append(os.Environ(), "SECRETARY_TEST_MAIN=1"), spec.env...)
	b.cmd.SysProcAttr = spec.attr
	b.cmd.Stdout, b.cmd.Stderr = b.out, b.errb
	if b.stdin, err = b.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.exitErr = b.cmd.Wait(); close(b.exited) }()
	t.Cleanup(func() {
		_ = b.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-b.exited:
			if b.exitErr != nil && !t.Skipped() {
				t.Errorf("secretary run after SIGTERM: %v", b.exitErr)
			}
		case <-time.After(15 * time.Second):
			_ = b.cmd.Process.Kill()
			<-b.exited
			t.Error("secretary run did not stop on SIGTERM")
		}
		b.stdin.Close()
		cancel()
		<-simDone
		os.RemoveAll(sockDir)
		if out := b.out.String() + b.errb.String(); crashed(out) {
			t.Errorf("secretary run crashed:\n%s", out)
		}
		if t.Failed() {
			t.Logf("console:\n%s\nstderr:\n%s", b.out.String(), b.errb.String())
		}
	})
	b.waitState("the firmware holds the board", 30*time.Second, func(s sim.State) bool {
		return s.Firmware && s.ModemReady && s.Relay == "isolated"
	})
	return b
}

func (b *boxProc) state() sim.State {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := b.world.State(ctx)
	if err != nil {
		b.t.Fatalf("sim state: %v", err)
	}
	return s
}

func (b *boxProc) waitState(what string, limit time.Duration, ok func(sim.State) bool) sim.State {
	b.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		select {
		case <-b.exited:
			if i := strings.Index(b.out.String(), "SKIP: "); i >= 0 { // childSetup could not
				b.t.Skip(b.out.String()[i:])
			}
			b.t.Fatalf("waiting for %s: secretary run ended: %v\n%s%s", what, b.exitErr, b.errb.String(), b.out.String())
		default:
		}
		s := b.state()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("timed out waiting for %s; state:\n%s", what, s.Text())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *boxProc) sim(cmd string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := b.world.World(ctx, "sim "+cmd)
	if err != nil {
		b.t.Fatalf("sim %s: %v", cmd, err)
	}
	return out
}

// console types a command line and returns the console's output from
// then until it holds want.
func (b *boxProc) console(line, want string) string {
	b.t.Helper()
	from := b.out.Len()
	if _, err := b.stdin.Write([]byte(line + "\n")); err != nil {
		b.t.Fatal(err)
	}
	return b.waitOut(from, want, 10*time.Second)
}

// waitOut waits until the console's output after from holds want.
func (b *boxProc) waitOut(from int, want string, limit time.Duration) string {
	b.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		if s := b.out.String()[from:]; strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("console: no %q within %v; got:\n%s", want, limit, b.out.String()[from:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ringsThrough places a call from the world and checks it reaches the
// handset: the line rings it through the relay (or the box rings it with
// the caller ID, pass-ring auto), and picking up connects
// the caller; then the handset is put down.
func (b *boxProc) ringsThrough(who string) {
	b.t.Helper()
	start := time.Now()
	b.sim("reset")
	rings := b.state().LineRings
	b.sim("call " + who)
	// through the relay, or, where the box sends the caller ID to the
	// handset (pass-ring auto), rung by the box with the call unanswered
	b.waitState("the call rings the handset", 20*time.Second, func(s sim.State) bool {
		return s.Relay == "pass-through" && s.LineRings > rings || s.Ringing && s.Call == "ringing"
	})
	rang := time.Since(start)
	b.sim("pickup")
	b.waitState("the handset has the caller", 10*time.Second, func(s sim.State) bool {
		return s.Call == "connected to the handset" && s.OwnerOnLine
	})
	b.sim("hangup")
	b.t.Logf("call from %s rang the handset after %v", who, rang.Round(time.Millisecond))
}

// waitIdle waits until the box is idle again after a call (the handset
// isolated).
func (b *boxProc) waitIdle() {
	b.t.Helper()
	b.waitState("idle again", 20*time.Second, func(s sim.State) bool { return s.Relay == "isolated" && !s.OffHook })
}

// blocked places a call from a blocked number and checks the box took it
// off the line (the modem answered and hung up) without ringing the
// handset, and is idle again.
func (b *boxProc) blocked(who string) {
	b.t.Helper()
	b.sim("reset")
	from, offHooks := b.out.Len(), b.state().ModemOffHooks
	b.sim("call " + who)
	b.waitOut(from, "* call from "+who+": blocked", 20*time.Second)
	s := b.waitState("the modem takes the blocked call and hangs up", 20*time.Second, func(s sim.State) bool {
		return s.ModemOffHooks > offHooks && !s.ModemOffHook
	})
	if s.LineRings != 0 || s.RingBursts != 0 || s.Relay != "isolated" {
		b.t.Errorf("the handset rang for a blocked caller:\n%s", s.Text())
	}
	b.waitState("the call is over", 10*time.Second, func(s sim.State) bool { return s.Call == "" || strings.HasPrefix(s.Call, "ended") })
}

// shareBoard lets any user use the board: its socket and the modem's pty.
func shareBoard(t *testing.T, b *boxProc, sockDir, socket string) {
	t.Helper()
	for _, p := range []struct {
		path string
		mode os.FileMode
	}{{sockDir, 0o755}, {socket, 0o777}} {
		if err := os.Chmod(p.path, p.mode); err != nil {
			t.Fatal(err)
		}
	}
	modem, err := filepath.EvalSymlinks(b.state().Modem)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(modem, 0o666); err != nil {
		t.Fatal(err)
	}
}
