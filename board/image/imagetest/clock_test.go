package imagetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// at1970 starts the emulated machine's clock (its RTC) at 1970, as a
// Raspberry Pi without a battery clock starts.
var at1970 = []string{"-rtc", "base=1970-01-01T00:00:00"}

// putPerm writes a file into the image's data partition (/perm), as an
// earlier run of a program on the box would have left it.
func (m *machine) putPerm(name, content string) {
	m.t.Helper()
	if _, err := exec.LookPath("debugfs"); err != nil {
		m.t.Skip("debugfs not installed (Debian package e2fsprogs; make deps installs it)")
	}
	src := filepath.Join(m.dir, "perm-"+filepath.Base(name))
	if err := os.WriteFile(src, []byte(content), 0o600); err != nil {
		m.t.Fatal(err)
	}
	var script strings.Builder
	dir := ""
	for _, d := range strings.Split(filepath.Dir(name), "/") {
		dir += "/" + d
		script.WriteString("mkdir " + dir + "\n") // an existing one is only a message
	}
	script.WriteString("rm /" + name + "\nwrite " + src + " /" + name + "\n")
	cmd := exec.Command("debugfs", "-w", "-f", "-", m.img+"?offset="+strconv.FormatInt(m.parts[3].Start, 10))
	cmd.Stdin = strings.NewReader(script.String())
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Allocated inode") {
		m.t.Fatalf("debugfs: %v\n%s", err, out)
	}
}

// waitTime asks for the time until its answer holds want.
func (v *vm) waitTime(limit time.Duration, want string) string {
	v.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		out := v.do("time", 30*time.Second)
		if strings.Contains(out, want) {
			return out
		}
		if time.Now().After(deadline) {
			v.t.Fatalf("time did not show %q within %v:\n%s", want, limit, out)
		}
		time.Sleep(2 * time.Second)
	}
}

// The box without a network on a clock that starts at 1970: the first
// boot, with no time saved, works (status, lists; the self-test fails the
// clock alone, saying what to type) and says the time is the system
// clock's; the owner's time set is saved at once; after a
// power cut the box, at 1970 again, steps forward to the saved time. The
// time gokrazy's NTP client saved at its last clean shutdown, older than
// the box's, which that client sets when it starts, does not win.
func TestImage_ClockWithoutNetwork(t *testing.T) {
	m := newMachine(t)

	v := m.boot("clock1", at1970...)
	v.want("time", 30*time.Second, "1970-01-01 ", "zone the system's (UTC)", "source: the system clock (no time saved yet)",
		"the clock was never set: type time set YYYY-MM-DD HH:MM")
	v.want("status", 30*time.Second, "clock   1970-01-01 ", "(the system clock (no time saved yet))")
	// the self-test says the one thing wrong, and what to type
	v.want("selftest", 2*time.Minute, "storage         PASS", "clock           FAIL    1970-01-01 ",
		"clock failed: the clock was never set (no clock battery, no network): type time set YYYY-MM-DD HH:MM",
		"selftest: 1 of 15 checks FAILED")
	v.want("allow add +12125550143 Survivor", 30*time.Second, "ok: allow +12125550143")
	v.want("time set 2027-03-01 10:00", 30*time.Second, "ok: clock set to 2027-03-01 10:00 UTC, zone the system's (UTC); source: set by the owner at 2027-03-01 10:00")
	v.powerCut()

	m.putPerm("home/ntp/ntp-time-at-last-shutdown", "2027-01-15T08:00:00Z")
	v = m.boot("clock2", at1970...)
	out := v.waitTime(time.Minute, "source: the time saved before the last stop (2027-03-01 10:00)")
	if !strings.HasPrefix(strings.TrimSpace(out), "2027-03-01 10:0") {
		t.Errorf("time after the power cut:\n%s", out)
	}
	// the NTP client's older time, set when it starts, is undone by the
	// keeper's first look (10 s after its start), if it came after it
	time.Sleep(15 * time.Second)
	out = v.waitTime(time.Minute, "source: the time saved before the last stop (2027-03-01 10:00)")
	if !strings.HasPrefix(strings.TrimSpace(out), "2027-03-01 10:0") {
		t.Errorf("time 15 s later:\n%s", out)
	}
	v.want("status", 30*time.Second, "clock   2027-03-01 10:0", "(the time saved before the last stop (2027-03-01 10:00))")
	v.want("allow list", 30*time.Second, "+12125550143")
	v.want("selftest", 2*time.Minute, "clock           PASS    2027-03-01 10:0", "selftest: 15 checks, none failed")
}
