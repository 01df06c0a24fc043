package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkFirmware1M measures the firmware as a box runs it, with a
// block list of 1,000,000 numbers that carry a name and a note each
// (go test ./cmd/secretary -run '^$' -bench Firmware1M -benchtime 1x):
//
//   - the import of the list by "secretary import" (its own VmHWM, time,
//     the database file's size);
//
//   - "secretary decide" of a listed number: open the store, load the
//     index, decide, exit (median of 5);
//
//   - "secretary run --board sim" with the console on a pipe: the time from
//     exec to the console's first answer (the store opened and its index
//     loaded, the simulated board and the modem up), the resident memory
//     then and after two calls from listed numbers (VmRSS and VmHWM from
//     /proc/PID/status), and each call's time from "sim call" to the
//     console's "blocked" notice (the simulated line rings and sends caller
//     ID first, about 2.5 s; the first call shows what start-up leaves to
//     do, the second is the steady state);
//
//   - the same start-up with an empty store, for comparison.
func BenchmarkFirmware1M(b *testing.B) {
	if testing.Short() {
		b.Skip("imports 1,000,000 rows and runs the firmware")
	}
	bin := buildSecretary(b)
	dir, err := os.MkdirTemp("", "sec-fw-") // short: unix socket paths are limited
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	csv := filepath.Join(dir, "block.csv")
	first := writeNamedCSV(b, csv, 1_000_000)
	data := filepath.Join(dir, "data")
	peak, took := importPeak(b, bin, data, csv)
	fi, err := os.Stat(filepath.Join(data, "secretary.db"))
	if err != nil {
		b.Fatal(err)
	}
	os.Remove(csv)

	var decide []time.Duration
	for range 5 {
		start := time.Now()
		out, err := exec.Command(bin, "decide", "--data", data, first).CombinedOutput()
		decide = append(decide, time.Since(start))
		if err != nil || !strings.Contains(string(out), `"decision":"block"`) {
			b.Fatalf("decide %s: %v %s", first, err, out)
		}
	}
	slices.Sort(decide)

	b.ResetTimer()
	var m, empty fwFigures
	for range b.N {
		empty = runFirmware1M(b, bin, dir, filepath.Join(dir, "empty"), "")
		m = runFirmware1M(b, bin, dir, data, first)
	}
	b.StopTimer()
	b.ReportMetric(float64(empty.ready.Microseconds())/1000, "ready-empty-ms")
	b.ReportMetric(float64(empty.rssReady)/(1<<20), "rss-empty-MB")
	b.ReportMetric(took.Seconds(), "import-s")
	b.ReportMetric(float64(peak)/(1<<20), "import-hwm-MB")
	b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
	b.ReportMetric(float64(decide[2].Microseconds())/1000, "decide-cmd-ms")
	b.ReportMetric(float64(m.ready.Microseconds())/1000, "ready-ms")
	b.ReportMetric(float64(m.call1.Microseconds())/1000, "call1-ms")
	b.ReportMetric(float64(m.call2.Microseconds())/1000, "call2-ms")
	b.ReportMetric(float64(m.rssReady)/(1<<20), "rss-ready-MB")
	b.ReportMetric(float64(m.rss)/(1<<20), "rss-MB")
	b.ReportMetric(float64(m.hwm)/(1<<20), "hwm-MB")
	b.ReportMetric(0, "ns/op")
}

type fwFigures struct {
	ready, call1, call2 time.Duration
	rssReady, rss, hwm  int64
}

// runFirmware1M starts simhw and the firmware, places two calls from
// number (none if "") and measures.
func runFirmware1M(b *testing.B, bin, dir, data, number string) fwFigures {
	socket := filepath.Join(dir, "hw.sock")
	hw := exec.Command(bin, "simhw", "--socket", socket, "--idle-exit", "0")
	if err := hw.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { hw.Process.Kill(); hw.Wait() }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(socket); err == nil {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("simhw did not come up")
		}
	}

	fw := exec.Command(bin, "run", "--board", "sim", "--sim-socket", socket, "--data", data, "--console", "-")
	in, err := fw.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := fw.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	lines := make(chan string, 64)
	start := time.Now()
	if err := fw.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { in.Close(); fw.Process.Kill(); fw.Wait() }()
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	wait := func(what string, ok func(string) bool) {
		b.Helper()
		timeout := time.After(60 * time.Second)
		for {
			select {
			case l, open := <-lines:
				if !open {
					b.Fatalf("the firmware ended waiting for %s", what)
				}
				if ok(l) {
					return
				}
			case <-timeout:
				b.Fatalf("no %s within 60 s", what)
			}
		}
	}
	var f fwFigures
	io.WriteString(in, "status\n")
	wait("status answer", func(l string) bool { return strings.TrimSpace(l) != "" })
	f.ready = time.Since(start)
	f.rssReady, _ = procStatus(fw.Process.Pid)
	if number == "" {
		return f
	}
	for i, d := range []*time.Duration{&f.call1, &f.call2} {
		t := time.Now()
		io.WriteString(in, "sim call "+number+" SPAM\n")
		wait("blocked notice", func(l string) bool { return strings.Contains(l, "call from") && strings.Contains(l, ": blocked") })
		*d = time.Since(t)
		wait("call logged", func(l string) bool { return strings.Contains(l, "logged:") })
		if i == 0 {
			time.Sleep(500 * time.Millisecond) // the line back to idle
		}
	}
	f.rss, f.hwm = procStatus(fw.Process.Pid)
	io.WriteString(in, "quit\n")
	return f
}

// procStatus reads VmRSS and VmHWM of a process, in bytes.
func procStatus(pid int) (rss, hwm int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = v << 10
		case "VmHWM:":
			hwm = v << 10
		}
	}
	return rss, hwm
}
