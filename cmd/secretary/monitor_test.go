package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/hal/modem/modemtest"
)

// monBuffer is a goroutine-safe bytes.Buffer.
type monBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *monBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *monBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// jsonEvents parses the --json output lines.
func jsonEvents(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", sc.Text(), err)
		}
		evs = append(evs, m)
	}
	return evs
}

func waitFor(t *testing.T, out *monBuffer, cond func([]map[string]any) bool, d time.Duration) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if evs := jsonEvents(t, out.String()); cond(evs) {
			return evs
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("condition not met; output:\n%s", out.String())
	return nil
}

func count(evs []map[string]any, kind string) int {
	n := 0
	for _, e := range evs {
		if e["event"] == kind {
			n++
		}
	}
	return n
}

func TestMonitor_JSONAcrossReplug(t *testing.T) {
	emu := modemtest.New(modemtest.Config{Profile: modemtest.ProfileUSR5637, Link: filepath.Join(t.TempDir(), "ttyModem")})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	var stdout, stderr monBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- runMain(ctx, &env{stdout: &stdout, stderr: &stderr}, []string{"monitor", "--modem", emu.Path(), "--json"})
	}()
	defer cancel()
	waitFor(t, &stdout, func(e []map[string]any) bool { return count(e, "up") == 1 }, 10*time.Second)

	ring := []time.Duration{100 * time.Millisecond, 300 * time.Millisecond}
	call1, err := emu.PlaceCall(modemtest.CallSpec{Cadence: ring, MaxRings: 2, CIDDelay: 50 * time.Millisecond,
		CID: &modemtest.CID{Date: "1203", Time: "1452", Number: "07700 900123", Name: "ACME\x07 LTD"}})
	if err != nil {
		t.Fatal(err)
	}
	evs := waitFor(t, &stdout, func(e []map[string]any) bool { return count(e, "ring") == 2 }, 5*time.Second)
	var cid map[string]any
	for _, e := range evs {
		if e["event"] == "cid" {
			cid = e
		}
	}
	want := map[string]any{"event": "cid", "number": "07700900123", "name": "ACME LTD", "date": "1203", "time": "1452", "presentation": "available"}
	for k, v := range want {
		if cid[k] != v {
			t.Errorf("cid %s = %v, want %v (event %v)", k, cid[k], v, cid)
		}
	}
	if evs[1]["event"] != "ring" || evs[1]["ring"] != float64(1) {
		t.Errorf("first event after up: %v", evs[1])
	}

	// Unplug and replug: the monitor keeps running and reports both.
	if err := emu.Unplug(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, &stdout, func(e []map[string]any) bool { return count(e, "down") == 1 }, 5*time.Second)
	if err := emu.Replug(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, &stdout, func(e []map[string]any) bool { return count(e, "up") == 2 }, 10*time.Second)
	<-call1.Done()
	if _, err := emu.PlaceCall(modemtest.CallSpec{Cadence: ring, MaxRings: 2, CIDDelay: 50 * time.Millisecond,
		CID: &modemtest.CID{NumberAbsent: "P", Date: "1204", Time: "0900"}}); err != nil {
		t.Fatal(err)
	}
	evs = waitFor(t, &stdout, func(e []map[string]any) bool { return count(e, "cid") == 2 }, 5*time.Second)
	last := evs[len(evs)-1]
	for _, e := range evs {
		if e["event"] == "cid" {
			last = e
		}
	}
	if last["presentation"] != "private" || last["number"] != "" {
		t.Errorf("private call: %v", last)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d; stderr %s", code, stderr.String())
	}
}

func TestMonitor_Usage(t *testing.T) {
	var out, errb monBuffer
	if code := runMain(context.Background(), &env{stdout: &out, stderr: &errb}, []string{"monitor"}); code != 2 {
		t.Errorf("exit %d without --modem, want 2", code)
	}
	if !strings.Contains(errb.String(), "--modem") {
		t.Errorf("usage not printed: %q", errb.String())
	}
}

func TestMonitor_TextOutput(t *testing.T) {
	emu := modemtest.New(modemtest.Config{Link: filepath.Join(t.TempDir(), "ttyModem")})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	var stdout, stderr monBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- runMain(ctx, &env{stdout: &stdout, stderr: &stderr}, []string{"monitor", "--modem", emu.Path()})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), "modem up") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	emu.Inject([]byte("\r\nRING\r\n\r\nDATE = 0504\r\nTIME = 2149\r\nNMBR = 4075551212\r\nNAME = Chmielewski Joh\r\n"))
	for !strings.Contains(stdout.String(), "cid") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	out := stdout.String()
	for _, want := range []string{"modem up: 56000", "ring 1", `cid number="4075551212" name="Chmielewski Joh" date=0504 time=2149 presentation=available`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
