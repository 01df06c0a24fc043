package killtest

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"secretary/board"
	"secretary/board/sim"
	"secretary/board/sim/simtest"
	"secretary/hal"
)

func TestMain(m *testing.M) {
	simtest.MainHook(30 * time.Second)
	if len(os.Args) > 2 && os.Args[1] == "standin" {
		fs := flag.NewFlagSet("standin", flag.ExitOnError)
		socket := fs.String("socket", "", "")
		fs.Parse(os.Args[2:])
		if err := standIn(*socket); err != nil {
			fmt.Fprintln(os.Stderr, "killtest: standin:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// standIn is a minimal firmware: relay isolated while idle, every call
// answered after caller ID (or its absence), 1.5 s played, up to 3 s
// recorded, hung up; watchdog fed; everything released on SIGTERM.
func standIn(socket string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	b := sim.New(sim.Config{Socket: socket, CIDSamples: board.HandsetCID, NewDTMF: board.HandsetDTMF})
	d, err := b.Open(ctx)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.Line == nil {
		return fmt.Errorf("no line")
	}
	if err := d.Relay.Set(hal.RelayIsolated); err != nil {
		return err
	}
	_ = d.Indicator.Set(hal.LEDPattern{Mode: hal.LEDOn})
	feed := time.NewTicker(time.Second)
	defer feed.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-feed.C:
			_ = d.Watchdog.Feed()
		case e, ok := <-d.Line.Events():
			if !ok {
				return fmt.Errorf("line closed")
			}
			if e.Kind == hal.LineCallerID || e.Kind == hal.LineNoCallerID {
				screen(ctx, d)
			}
		}
	}
}

// screen answers, asks, records, then rings the owner's handset with the
// screening cadence for 3 s while the caller holds, and hangs up.
func screen(ctx context.Context, d *hal.Devices) {
	l := d.Line
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	defer l.HangUp(context.Background())
	if err := l.Answer(cctx); err != nil {
		return
	}
	if err := l.Play(cctx, sim.Speech("please say your name after the tone")); err != nil {
		return
	}
	n := 0
	_ = l.Record(cctx, func(pcm []int16) bool { n += len(pcm); return n < 2*8000 })
	rctx, rcancel := context.WithTimeout(cctx, 3*time.Second)
	defer rcancel()
	_ = d.Handset.Ring(rctx, hal.RingDR2, &hal.CallerID{Name: "SCREENED", Number: "2125550143"})
}

// startHardware starts simhw (this test binary, with simhwArgs) on a
// socket in a new directory, stopped and removed when t ends (the
// directory kept, with the firmware's log, if t failed).
func startHardware(t *testing.T, name string, simhwArgs ...string) (b *sim.Board, socket, dir string) {
	t.Helper()
	dir, err := os.MkdirTemp("", name)
	if err != nil {
		t.Fatal(err)
	}
	socket = filepath.Join(dir, "hw.sock")
	b = sim.New(sim.Config{Socket: socket, Exe: os.Args[0], ExeArgs: append([]string{"simhw"}, simhwArgs...)})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		qctx, qcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer qcancel()
		_ = b.Quit(qctx)
		time.Sleep(100 * time.Millisecond)
		if !t.Failed() {
			os.RemoveAll(dir)
		} else {
			t.Logf("logs kept in %s", dir)
		}
	})
	return b, socket, dir
}

// builtFirmware is the secretary binary built once for this test run, in
// buildDir (removed when the tests end: every test of the package uses it).
var builtFirmware, buildDir string

// firmwareSpec is the command line that starts the firmware: KILLTEST_FIRMWARE,
// "standin", or by default the real one, built from ../../../cmd/secretary.
func firmwareSpec(t *testing.T) string {
	t.Helper()
	if spec := os.Getenv("KILLTEST_FIRMWARE"); spec != "" {
		return spec
	}
	if builtFirmware == "" {
		gobin, err := exec.LookPath("go")
		if err != nil {
			gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		dir, err := os.MkdirTemp("", "killtest-fw")
		if err != nil {
			t.Fatal(err)
		}
		buildDir = dir
		out := filepath.Join(dir, "secretary")
		b := exec.Command(gobin, "build", "-o", out, "secretary/cmd/secretary")
		b.Env = append(os.Environ(), "CGO_ENABLED=0")
		if msg, err := b.CombinedOutput(); err != nil {
			t.Fatalf("building the firmware: %v\n%s", err, msg)
		}
		builtFirmware = out
	}
	return builtFirmware + " run --board sim --sim-socket {socket} --data {data}"
}

type firmware struct {
	cmd *exec.Cmd
}

// startFirmware starts the stand-in or KILLTEST_FIRMWARE.
func startFirmware(t *testing.T, socket, data string) *firmware {
	t.Helper()
	var cmd *exec.Cmd
	if spec := firmwareSpec(t); spec != "standin" {
		spec = strings.ReplaceAll(strings.ReplaceAll(spec, "{socket}", socket), "{data}", data)
		f := strings.Fields(spec)
		cmd = exec.Command(f[0], f[1:]...)
		cmd.Stdin = nil
		// the real firmware's hang hook (SIGUSR1 blocks its call loop);
		// the kill test never sends that signal
		cmd.Env = append(os.Environ(), "SECRETARY_TEST_HANG=1")
	} else {
		cmd = exec.Command(os.Args[0], "standin", "--socket", socket)
	}
	logf, err := os.OpenFile(filepath.Join(data, "firmware.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err == nil {
		cmd.Stdout, cmd.Stderr = logf, logf
		t.Cleanup(func() { logf.Close() })
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return &firmware{cmd: cmd}
}

func state(t *testing.T, b *sim.Board) sim.State {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := b.State(ctx)
	if err != nil {
		t.Fatalf("state: %v", err)
	}
	return s
}

func waitState(t *testing.T, b *sim.Board, d time.Duration, what string, cond func(sim.State) bool) (sim.State, time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		s := state(t, b)
		if cond(s) {
			return s, time.Since(start)
		}
		if time.Since(start) > d {
			t.Fatalf("%s: not within %v; state:\n%s", what, d, s.Text())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func world(t *testing.T, b *sim.Board, cmd string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return b.World(ctx, cmd)
}

func ready(s sim.State) bool {
	return s.Firmware && s.Relay == hal.RelayIsolated.String() && s.ModemReady && !s.ModemOffHook
}

func failSafe(s sim.State) bool {
	return !s.Firmware && s.Relay == hal.RelayPassThrough.String() && !s.ModemOffHook && !s.Ringing
}

func callOver(s sim.State) bool { return s.Call == "" || strings.HasPrefix(s.Call, "ended") }

func TestKill_RandomMomentsDuringCalls(t *testing.T) {
	n := 6
	if v, err := strconv.Atoi(os.Getenv("KILLTEST_N")); err == nil && v > 0 {
		n = v
	}
	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("KILLTEST_SEED"), 10, 64); err == nil {
		seed = v
	}
	rng := rand.New(rand.NewPCG(seed, 5))
	maxDelay := 12 * time.Second
	if v, err := time.ParseDuration(os.Getenv("KILLTEST_MAXDELAY")); err == nil && v > time.Second {
		maxDelay = v
	}
	b, socket, dir := startHardware(t, "killtest")
	who := firmwareSpec(t)
	if who == "standin" {
		who = "stand-in firmware (this test binary)"
	}
	t.Logf("firmware: %s; %d kills at random moments 0.3-%v into a call; seed %d", who, n, maxDelay, seed)

	var lat []time.Duration
	phases := map[string]int{}
	screened := 0
	for i := 0; i < n; i++ {
		fw := startFirmware(t, socket, dir)
		st, _ := waitState(t, b, 30*time.Second, fmt.Sprintf("kill %d: firmware ready", i), ready)
		offHooks := st.ModemOffHooks
		// The caller gives a name, so a screening firmware gets as far as
		// ringing the owner's handset within the kill window.
		if _, err := world(t, b, "sim say John from the bank"); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		if _, err := world(t, b, "sim call 2125550143 KILL TEST"); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		delay := 300*time.Millisecond + time.Duration(rng.Int64N(int64(maxDelay-300*time.Millisecond)))
		time.Sleep(delay)
		before := state(t, b)
		phase := before.Call
		if before.ModemOffHook {
			phase += ", modem off-hook"
		}
		if before.Ringing {
			phase += ", handset ringing"
		}
		if before.ModemOffHooks > offHooks {
			screened++ // this restarted firmware answered the call
		}
		phases[phase]++
		t.Logf("kill %d at %v: %s", i, delay.Round(time.Millisecond), phase)
		if err := fw.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = fw.cmd.Wait()
		after, d := waitState(t, b, 3*time.Second, fmt.Sprintf("kill %d at %v (%s): fail-safe", i, delay, phase), failSafe)
		lat = append(lat, d)
		if after.Relay != hal.RelayPassThrough.String() {
			t.Fatalf("kill %d: relay %s", i, after.Relay)
		}
		_, _ = world(t, b, "sim caller-hangup")
		waitState(t, b, 5*time.Second, "call over", callOver)
	}

	// The restarted firmware screens the next call.
	fw := startFirmware(t, socket, dir)
	st, _ := waitState(t, b, 30*time.Second, "final firmware ready", ready)
	if _, err := world(t, b, "sim call 2125550143 AFTER KILLS"); err != nil {
		t.Fatal(err)
	}
	waitState(t, b, 15*time.Second, "restarted firmware answers (screens) the call", func(s sim.State) bool {
		return s.ModemOffHooks > st.ModemOffHooks
	})
	_, _ = world(t, b, "sim caller-hangup")
	waitState(t, b, 20*time.Second, "the caller hangs up, the firmware hangs up and is idle again", func(s sim.State) bool {
		return !s.ModemOffHook && s.Relay == hal.RelayIsolated.String() && s.Firmware
	})
	_ = fw.cmd.Process.Signal(syscall.SIGTERM)
	_ = fw.cmd.Wait()
	waitState(t, b, 3*time.Second, "fail-safe after SIGTERM", failSafe)

	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	keys := make([]string, 0, len(phases))
	for k := range phases {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var ph []string
	for _, k := range keys {
		ph = append(ph, fmt.Sprintf("%q x%d", k, phases[k]))
	}
	t.Logf("%d SIGKILLs: relay pass-through and line on-hook every time; time from kill to fail-safe observed: median %v, max %v, mean %v",
		n, lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), (sum / time.Duration(len(lat))).Round(time.Millisecond))
	t.Logf("moments killed: %s", strings.Join(ph, ", "))
	t.Logf("calls answered by a restarted firmware before its kill: %d of %d; final call after all kills screened: yes", screened, n)
}
