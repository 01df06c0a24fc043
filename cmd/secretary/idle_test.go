package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var (
	idleFor    = flag.Duration("idle", time.Minute, "BenchmarkIdleFirmware: how long the firmware is left idle")
	idleWarmup = flag.Duration("idle.warmup", 10*time.Second, "BenchmarkIdleFirmware: time given to start-up before measuring")
)

// The idle budget of issue 13, on the simulated board (simhw excluded).
const (
	idleMaxWakeups = 2.0  // wake-ups per second
	idleMaxCPU     = 0.05 // CPU seconds per minute
)

// BenchmarkIdleFirmware measures the firmware left idle: `secretary run
// --board sim` (the binary `make build` makes) on a fresh data directory,
// with its own simhw started first so that the simulated hardware's work is
// not counted. After a warm-up it reads, from /proc, the firmware's CPU time
// (utime+stime of /proc/PID/stat) and its context switches (voluntary and
// involuntary, summed over /proc/PID/task/*/status) at the start and the end
// of -idle (default a minute), and samples the switch count every 20 ms.
//
// It reports:
//   - wakeups/s: distinct wake-ups, runs of 20 ms samples in which the
//     firmware switched at least once. One wake-up (a timer, a byte from the
//     modem) costs the Go runtime a burst of switches: its monitor thread
//     naps 20 µs at a time, for up to 10 ms, until it may take back the
//     processor of a goroutine blocked in a system call (the modem reader's
//     select(2) in go.bug.st/serial). The burst is one wake-up of the box;
//   - switches/s: every context switch, bursts included;
//   - cpu-s/min: CPU seconds per minute.
//
// It fails when wakeups/s or cpu-s/min is over the budget (2 and 0.05).
//
//	go test -run '^$' -bench IdleFirmware -benchtime 1x ./cmd/secretary/ [-idle 1m]
func BenchmarkIdleFirmware(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads /proc: Linux only")
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "secretary")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-trimpath", "-o", bin, "secretary/cmd/secretary")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	sock := filepath.Join(dir, "hw.sock")
	hw := startProc(b, filepath.Join(dir, "simhw.log"), bin, "simhw", "--socket", sock)
	defer stopProc(b, hw)
	waitUntil(b, 10*time.Second, func() bool { _, err := os.Stat(sock); return err == nil })
	fw := startProc(b, filepath.Join(dir, "firmware.log"), bin, "run", "--board", "sim", "--data", filepath.Join(dir, "data"), "--sim-socket", sock)
	defer stopProc(b, fw)
	time.Sleep(*idleWarmup)

	pid := fw.Process.Pid
	s0, c0 := switchesOf(b, pid), cpuTicksOf(b, pid)
	start := time.Now()
	wakeups, last, active := 0, s0, false
	tick := time.NewTicker(20 * time.Millisecond)
	for time.Since(start) < *idleFor {
		<-tick.C
		s := switchesOf(b, pid)
		if s != last && !active {
			wakeups++
		}
		active = s != last
		last = s
	}
	tick.Stop()
	el := time.Since(start).Seconds()
	s1, c1 := switchesOf(b, pid), cpuTicksOf(b, pid)
	cpuMin := float64(c1-c0) / 100 * 60 / el // /proc/PID/stat counts USER_HZ (100) ticks
	b.ReportMetric(float64(wakeups)/el, "wakeups/s")
	b.ReportMetric(float64(s1-s0)/el, "switches/s")
	b.ReportMetric(cpuMin, "cpu-s/min")
	b.Logf("idle %.0f s: %d wake-ups, %d context switches, %d CPU ticks", el, wakeups, s1-s0, c1-c0)
	if w := float64(wakeups) / el; w > idleMaxWakeups {
		b.Errorf("idle firmware wakes %.2f times a second; budget %v", w, idleMaxWakeups)
	}
	if cpuMin > idleMaxCPU {
		b.Errorf("idle firmware uses %.3f CPU seconds a minute; budget %v", cpuMin, idleMaxCPU)
	}
}

func startProc(b *testing.B, logPath, bin string, args ...string) *exec.Cmd {
	b.Helper()
	logf, err := os.Create(logPath)
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	logf.Close()
	return cmd
}

// stopProc ends a process this benchmark started: SIGTERM, then SIGKILL
// after 10 s.
func stopProc(b *testing.B, cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.Errorf("%s did not stop on SIGTERM", cmd.Args[1])
		_ = cmd.Process.Kill()
		<-done
	}
}

func waitUntil(b *testing.B, d time.Duration, ok func() bool) {
	b.Helper()
	for end := time.Now().Add(d); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			b.Fatal("simhw did not start")
		}
	}
}

// switchesOf sums voluntary and involuntary context switches over the
// process's threads.
func switchesOf(b *testing.B, pid int) int64 {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil || len(tasks) == 0 {
		b.Fatalf("firmware (pid %d) is gone", pid)
	}
	var n int64
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue // a thread that just ended
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			k, v, ok := strings.Cut(string(line), ":")
			if ok && (k == "voluntary_ctxt_switches" || k == "nonvoluntary_ctxt_switches") {
				c, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += c
			}
		}
	}
	return n
}

// cpuTicksOf is utime+stime from /proc/PID/stat (fields 14 and 15).
func cpuTicksOf(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatalf("firmware (pid %d) is gone: %v", pid, err)
	}
	// the command name (field 2) may hold spaces: count from its ')'
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}
