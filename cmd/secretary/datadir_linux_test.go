package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"secretary/board/sim"
	"secretary/screening/store"
)

// roBindEnv, in the command's child process, names a directory to make a
// read-only file system before the command runs (in the child's own mount
// namespace: nothing outlives it).
const roBindEnv = "SECRETARY_TEST_RO_BIND"

// childSetup prepares the command's child process: roBindEnv.
func childSetup() {
	dir := os.Getenv(roBindEnv)
	if dir == "" {
		return
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		fmt.Printf("SKIP: cannot bind-mount in a mount namespace here: %v\n", err)
		os.Exit(77)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		fmt.Printf("SKIP: cannot remount read-only here: %v\n", err)
		os.Exit(77)
	}
}

// worldTempDir is a temporary directory everyone may enter (t.TempDir's
// are private).
func worldTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// worldExe is a copy of this test binary that everyone may run.
func worldExe(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(worldTempDir(t), "secretary.test")
	src, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(exe, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return exe
}

// chmodTree sets the mode of every directory and file under dir.
func chmodTree(t *testing.T, dir string, dirMode, fileMode os.FileMode) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, dirMode)
		}
		return os.Chmod(p, fileMode)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A data directory the box cannot write (a read-only file system; one it
// does not own) does not keep it from starting: it screens with the lists
// it can read (a blocked number is blocked) and says it cannot save
// changes: on stderr, at the top of status, in the prompt's note. One it
// cannot read at all: every call rings through, and it says why. The
// firmware runs as the unprivileged user "nobody" where the owner
// matters (root may write anything), and in a mount namespace of its own
// for the read-only file system.
func TestDataDir_CannotBeWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: to mount a read-only file system and to run the firmware as another user")
	}
	fixture := damageFixture(t)
	nobody := &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	for _, tc := range []struct {
		name              string
		dirMode, fileMode os.FileMode
		attr              *syscall.SysProcAttr
		roBind            bool
		problem, does     string
		blocked           bool // the blocked number is blocked (else it rings through)
	}{
		{"read-only file system", 0o750, 0o600, &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}, true,
			"Changes to the lists cannot be saved: the file system is read-only", "Calls are screened with the lists as they are; nothing is saved", true},
		{"wrong owner", 0o755, 0o644, nobody, false,
			"Changes to the lists cannot be saved: the box may not write to its data directory", "Calls are screened with the lists as they are; nothing is saved", true},
		{"cannot be read", 0o700, 0o600, nobody, false,
			"The box cannot read its data in ", "every call rings through to the phone", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := filepath.Join(worldTempDir(t), "data")
			if err := os.Rename(copyTree(t, fixture), data); err != nil {
				t.Fatal(err)
			}
			chmodTree(t, data, tc.dirMode, tc.fileMode)
			sum := sumFile(t, store.Path(data))
			spec := boxSpec{data: data, exe: worldExe(t), attr: tc.attr, world: tc.attr.Credential != nil}
			if tc.roBind {
				spec.env = []string{roBindEnv + "=" + data}
			}
			b := startBoxAs(t, spec)
			b.waitState("the fault LED", 5*time.Second, func(s sim.State) bool { return s.LED == "fault" })
			if tc.blocked {
				b.blocked("9005550000 SPAM")
			} else {
				b.ringsThrough("9005550000 SPAM")
			}
			st := b.console("status", " since start; last: ")
			t.Logf("status:\n%s", st)
			if !strings.Contains(st, "DEGRADED MODE: ") || !strings.Contains(st, tc.problem) || !strings.Contains(st, tc.does) {
				t.Errorf("status does not say %q and %q:\n%s", tc.problem, tc.does, st)
			}
			// one line says what is wrong; the only other may say that the
			// control socket, which lives in the data directory too, is missing
			errs := strings.TrimSpace(b.errb.String())
			lines := strings.Split(errs, "\n")
			if !strings.HasPrefix(lines[0], "secretary run: DEGRADED MODE: ") || !strings.Contains(lines[0], tc.problem) {
				t.Errorf("stderr %q, want a line saying %q", errs, tc.problem)
			}
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, "secretary run: no control socket (") {
					t.Errorf("stderr says more than the one problem: %q", l)
				}
			}
			if sumFile(t, store.Path(data)) != sum {
				t.Error("the database changed")
			}
		})
	}
}
