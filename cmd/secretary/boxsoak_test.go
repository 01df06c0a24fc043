package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/firmware/control"
	"secretary/firmware/voicemail"
	"secretary/hal/modem/modemtest"
)

// boxView is what must come back from a backup: every rule in deciding
// order, every list, every message (index and WAV bytes).
type boxView map[string]string

// view reads a box through its console's commands: the running one
// through its socket, a stopped one on its store.
func view(t *testing.T, data string) boxView {
	t.Helper()
	v := boxView{}
	for _, argv := range [][]string{{"rule", "list", "--json"}, {"export", "allow"}, {"export", "block"},
		{"export", "screen"}, {"export", "voicemail"}, {"set"}} {
		var out, errb bytes.Buffer
		if err := boxCommand(context.Background(), &env{stderr: &errb}, data, argv, nil, &out, readStore); err != nil {
			t.Fatalf("%q on %s: %v %s", argv, data, err, errb.String())
		}
		v[strings.Join(argv, " ")] = out.String()
	}
	dir := t.TempDir()
	if code, _, errs := cli("msgs", "export", "--data", data, "-o", dir); code != 0 {
		t.Fatalf("msgs export of %s: exit %d %s", data, code, errs)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		v["msgs/"+e.Name()] = string(b)
	}
	return v
}

func (v boxView) diff(w boxView) string {
	var keys []string
	for k := range v {
		keys = append(keys, k)
	}
	for k := range w {
		if _, ok := v[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		if v[k] != w[k] {
			fmt.Fprintf(&b, "%s: %d bytes vs %d bytes\n", k, len(v[k]), len(w[k]))
			if len(v[k]) < 2000 && len(w[k]) < 2000 {
				fmt.Fprintf(&b, "  %q\n  %q\n", v[k], w[k])
			}
		}
	}
	return b.String()
}

// soakNumber is the n-th number the soak puts on the block list.
func soakNumber(n int) string { return fmt.Sprintf("+1646%07d", 2000000+n) }

var soakEntry = regexp.MustCompile(`(?m)^\+1646(\d{7}),Soak`)

// soakPrefix checks that a block-list export holds the soak's edits 1..k
// and no other (the backup is one moment of the box), and returns k.
func soakPrefix(t *testing.T, export string) int {
	t.Helper()
	var got []int
	for _, m := range soakEntry.FindAllStringSubmatch(export, -1) {
		n, _ := strconv.Atoi(m[1])
		got = append(got, n-2000000)
	}
	sort.Ints(got)
	for i, n := range got {
		if n != i+1 {
			t.Fatalf("the backup holds soak edits %v...: not one moment of the box (edit %d missing)", got[:min(len(got), 10)], i+1)
		}
	}
	return len(got)
}

// Backups taken during a soak of calls and list edits are each one moment
// of the box; restored into a fresh data directory, the last gives back
// every rule, list and message; a backup with one byte changed is
// refused; a restore through the socket puts the running box back.
func TestBoxData_BackupSoakRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	x := startE2E(t, e2eOptions{short: true, rules: []string{"allow +12015550123", "voicemail +13125550188", "screen name:*DENTAL*",
		"block @private", "block +1900*"}})
	data := filepath.Join(x.dir, "data")
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var edits, calls atomic.Int64
	var backups []string
	var mu sync.Mutex
	wg.Add(3)
	go func() { // callers: blocked, allowed, voicemail
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			switch i % 3 {
			case 0:
				<-x.placeCall("9005550000 SPAM").Done()
			case 1:
				c := x.placeCall("2015550123 ALICE")
				time.Sleep(300 * time.Millisecond)
				c.HangUpNow(modemtest.HangUpLoopDrop)
				<-c.Done()
			case 2:
				x.mu.Lock()
				x.say = sim.Speech("hi it is sam from the print shop")
				x.mu.Unlock()
				<-x.placeCall("3125550188 PRINT SHOP").Done()
			}
			calls.Add(1)
			x.waitLogs(int(calls.Load()), 60*time.Second)
		}
	}()
	go func() { // list edits through the socket, numbered
		defer wg.Done()
		for n := 1; ctx.Err() == nil; n++ {
			var errb bytes.Buffer
			st, err := control.Run(context.Background(), data, []string{"block", "add", soakNumber(n), "Soak", strconv.Itoa(n)}, nil, io.Discard, &errb)
			if err != nil || st != 0 {
				t.Errorf("edit %d: %d %v %s", n, st, err, errb.String())
				return
			}
			edits.Store(int64(n))
			if n%10 == 0 { // and a move to another list and back
				control.Run(context.Background(), data, []string{"allow", "add", "+12125550100"}, nil, io.Discard, io.Discard)
				control.Run(context.Background(), data, []string{"allow", "del", "+12125550100"}, nil, io.Discard, io.Discard)
			}
		}
	}()
	go func() { // backups through the socket
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			f := filepath.Join(t.TempDir(), fmt.Sprintf("soak-%d.backup", i))
			if code, _, errs := cli("backup", "--data", data, "-o", f); code != 0 {
				t.Errorf("backup %d: exit %d %s", i, code, errs)
				return
			}
			mu.Lock()
			backups = append(backups, f)
			mu.Unlock()
			time.Sleep(300 * time.Millisecond)
		}
	}()
	for calls.Load() < 6 && !t.Failed() { // two voicemails at least
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	wg.Wait()
	t.Logf("soak: %d calls, %d list edits, %d backups", calls.Load(), edits.Load(), len(backups))
	if len(backups) < 3 {
		t.Fatalf("only %d backups during the soak", len(backups))
	}

	// each backup of the soak is one moment: the edits 1..k, messages with their audio
	mid := backups[len(backups)/2]
	for _, f := range []string{backups[0], mid, backups[len(backups)-1]} {
		fresh := filepath.Join(t.TempDir(), "data")
		if code, _, errs := cli("restore", "--data", fresh, f); code != 0 || !strings.Contains(errs, "ok: restored the backup") {
			t.Fatalf("restore of %s: exit %d %s", filepath.Base(f), code, errs)
		}
		v := view(t, fresh)
		k := soakPrefix(t, v["export block"])
		var idx []voicemail.IndexEntry
		if err := json.Unmarshal([]byte(v["msgs/index.json"]), &idx); err != nil {
			t.Fatalf("index.json: %v", err)
		}
		for _, m := range idx {
			if len(v["msgs/"+m.File]) < 44 {
				t.Errorf("%s: message %s without its audio", filepath.Base(f), m.ID)
			}
		}
		t.Logf("%s: soak edits 1..%d, %d messages", filepath.Base(f), k, len(idx))
	}

	// the box at rest: a backup restored into a fresh directory is the same box
	final := filepath.Join(t.TempDir(), "final.backup")
	if code, _, errs := cli("backup", "--data", data, "-o", final); code != 0 {
		t.Fatalf("final backup: exit %d %s", code, errs)
	}
	want := view(t, data)
	if soakPrefix(t, want["export block"]) != int(edits.Load()) || want["msgs/index.json"] == "[]\n" {
		t.Fatalf("the box does not hold the soak's %d edits and messages", edits.Load())
	}
	fresh := filepath.Join(t.TempDir(), "data")
	if code, _, errs := cli("restore", "--data", fresh, final); code != 0 {
		t.Fatalf("restore: exit %d %s", code, errs)
	}
	if d := want.diff(view(t, fresh)); d != "" {
		t.Errorf("restored into a fresh directory, the box differs:\n%s", d)
	}

	// one byte changed is refused; the directory is not touched
	b, _ := os.ReadFile(final)
	b[len(b)/2] ^= 0x01
	bad := filepath.Join(t.TempDir(), "bad.backup")
	os.WriteFile(bad, b, 0o600)
	other := filepath.Join(t.TempDir(), "data")
	if code, _, errs := cli("restore", "--data", other, bad); code != 1 || !strings.Contains(errs, "error: the backup is damaged") || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("a changed byte: exit %d %s", code, errs)
	}
	if code, _, errs := cli("restore", "--data", data, bad); code != 1 || !strings.Contains(errs, "checksum") {
		t.Errorf("a changed byte through the socket: exit %d %s", code, errs)
	}
	if d := want.diff(view(t, data)); d != "" {
		t.Errorf("a refused restore changed the running box:\n%s", d)
	}

	// restored through the socket: the running box steps aside, takes the
	// mid-soak backup, and screens again
	midView := view(t, func() string {
		d := filepath.Join(t.TempDir(), "data")
		cli("restore", "--data", d, mid)
		return d
	}())
	code, _, errs := cli("restore", "--data", data, mid)
	if code != 0 || !strings.Contains(errs, "maintenance: calls ring straight through") || !strings.Contains(errs, "maintenance over") {
		t.Fatalf("restore through the socket: exit %d %s", code, errs)
	}
	if d := midView.diff(view(t, data)); d != "" {
		t.Errorf("the running box after the restore differs from the backup:\n%s", d)
	}
	n := len(x.logs)
	<-x.placeCall("9005550000 SPAM").Done()
	if r := x.waitLogs(n+1, 30*time.Second)[n]; r.Decision.String() != "block" {
		t.Errorf("after the restore a blocked number got %v", r.Decision)
	}
}
