package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// The image's firmware on a board without a line (QEMU's virt machine),
// started as the image starts it: the console on a serial line shows the
// installer file's problem when it opens, status says the line is absent,
// selftest says what the machine lacks and still runs the rest, and the
// store works.
func TestRun_VirtBoardWithoutLine(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer master.Close()
	defer tty.Close()
	if _, err := term.MakeRaw(int(tty.Fd())); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	settings := filepath.Join(dir, "secretary.txt")
	os.WriteFile(settings, []byte("country = 1\narea-code = 212\ntimezone = Mars/Olympus\n"), 0o644)
	r := &ptyReader{}
	go r.pump(master, 0)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	out := &syncBuffer{}
	go func() {
		done <- runMain(ctx, &env{stdin: strings.NewReader(""), stdout: out, stderr: out}, []string{"run",
			"--board", "virt", "--console", tty.Name(), "--data", filepath.Join(dir, "data"), "--settings", settings, "--no-watchdog"})
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("run exited %d:\n%s", code, out.String())
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
	}()

	mark := r.waitFor(t, 0, "secretary: 1 problem in the installer settings", 20*time.Second)
	mark = r.waitFor(t, mark, `timezone "Mars/Olympus": unknown time zone`, 5*time.Second)
	mark = r.waitFor(t, mark, "secretary> ", 10*time.Second)
	for _, s := range []struct{ send, want string }{
		{"status\r", "board virt"},
		{"", "relay none; modem absent (this board has no modem)"},
		{"", "time zone of the system (UTC); installer settings " + settings + ": 1 problem"},
		{"allow add 212-555-0143 Dentist\r", "ok: allow +12125550143"},
		{"selftest\r", "modem answers   skip    a virtual machine has no modem"},
		{"", "relay           skip    a virtual machine has no relay"},
		{"", "watchdog        FAIL"}, // --no-watchdog: nothing would restart a hung box
		{"", "storage         PASS"},
		{"", "settings file   FAIL"},
		{"", "store           PASS"},
		{"", "error: selftest: 2 of 15 checks FAILED"},
		{"", "secretary> "},
		// the call loop is back after the self-test and the store still answers
		{"allow del 2125550143\r", "ok: removed allow +12125550143"},
		{"status\r", "line    idle"},
	} {
		if s.send != "" {
			if _, err := master.Write([]byte(s.send)); err != nil {
				t.Fatal(err)
			}
		}
		mark = r.waitFor(t, mark, s.want, 30*time.Second)
	}
	if !strings.Contains(out.String(), "Mars/Olympus") {
		t.Errorf("the problem is not in the program's log (stderr):\n%s", out.String())
	}
}
