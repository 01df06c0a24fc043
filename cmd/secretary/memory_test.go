package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The memory budget of issue 17 on the smallest board: an import of
// 1,000,000 rows with names and notes peaks at 64 MB resident at most.
const importPeakBudget = 64 << 20

// buildSecretary builds the firmware binary as the box runs it (no race
// detector, CGO_ENABLED=0): memory and speed are measured on it.
func buildSecretary(tb testing.TB) string {
	tb.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(tb.TempDir(), "secretary")
	build := exec.Command(gobin, "build", "-trimpath", "-o", bin, "secretary/cmd/secretary")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		tb.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// writeNamedCSV writes n block-list rows with a name and a note each, as
// complaint lists carry them ("+12015550100,SPAM 17,complaint"), and
// returns the first row's number.
func writeNamedCSV(tb testing.TB, path string, n int) string {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("number,name,note\n")
	r := rand.New(rand.NewPCG(17, 17))
	first := ""
	for i := 0; i < n; i++ {
		num := (200+r.Uint64N(800))*10_000_000 + (200+r.Uint64N(800))*10_000 + r.Uint64N(10000)
		if i == 0 {
			first = strconv.FormatUint(num, 10)
		}
		fmt.Fprintf(w, "+1%d,SPAM %d,complaint\n", num, i%100)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return first
}

var peakLine = regexp.MustCompile(`peak memory: (\d+) kB \(VmHWM\)`)

// importPeak runs "secretary import --stats" and returns its own VmHWM
// (bytes) and how long it took.
func importPeak(tb testing.TB, bin, data, csv string, env ...string) (int64, time.Duration) {
	tb.Helper()
	cmd := exec.Command(bin, "import", "--quiet", "--stats", "--data", data, "--list", "block", csv)
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		tb.Fatalf("import: %v\n%s", err, out)
	}
	m := peakLine.FindSubmatch(out)
	if m == nil {
		tb.Fatalf("import printed no peak memory:\n%s", out)
	}
	kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
	if !strings.Contains(string(out), "skipped 0") {
		tb.Fatalf("import skipped rows:\n%s", out)
	}
	return kb << 10, took
}

// TestImport_MemoryBudget1M imports 1,000,000 named rows into a new
// store, then the same number again over the full list (the index of the
// old list in memory, the old list read and dropped), each in a process of
// its own that reports its peak resident set (VmHWM in /proc/self/status);
// each must stay within importPeakBudget. The second run has a soft Go
// memory limit (GOMEMLIMIT), as the firmware on a board has one. About 10 s.
func TestImport_MemoryBudget1M(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and imports 1,000,000 rows twice")
	}
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is read from /proc/self/status")
	}
	bin := buildSecretary(t)
	dir := t.TempDir()
	csv := filepath.Join(dir, "block.csv")
	writeNamedCSV(t, csv, 1_000_000)
	data := filepath.Join(dir, "data")
	for i, env := range [][]string{nil, {"GOMEMLIMIT=48MiB"}} {
		peak, took := importPeak(t, bin, data, csv, env...)
		t.Logf("import %d (%v): peak %.1f MB, %v", i+1, env, float64(peak)/(1<<20), took.Round(time.Millisecond))
		if peak > importPeakBudget {
			t.Errorf("import %d of 1,000,000 named rows peaked at %.1f MB resident, over the %d MB budget", i+1, float64(peak)/(1<<20), importPeakBudget>>20)
		}
	}
}
