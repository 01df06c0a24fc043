package store_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"secretary/screening"
	"secretary/screening/store"
)

// A data directory that cannot be written: the firmware's degraded open
// falls back to read-only, so the box screens with the lists it has and
// says changes cannot be saved. Each case runs in a child process: as the
// unprivileged user "nobody" (root ignores file permissions), or in a
// mount namespace of its own where the directory is bind-mounted read-only
// (nothing outlives the child).

const roChildEnv = "SECRETARY_STORE_RO_CHILD" // "erofs|owner DIR" in the child

func TestReadOnly_DataDirectory(t *testing.T) {
	if v := os.Getenv(roChildEnv); v != "" {
		readOnlyChild(v)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: to mount a read-only file system and to run the store as another user")
	}
	for _, tc := range []struct {
		name, how string
		fileMode  os.FileMode
		want      map[string]string
	}{
		{"read-only file system", "erofs", 0o600, map[string]string{
			"health": "read-only", "reason": "the file system is read-only", "lookup": "allow Mom", "write": "ErrReadOnly", "strict": "ErrReadOnly"}},
		{"wrong owner, file readable", "owner", 0o644, map[string]string{
			"health": "read-only", "reason": "may not write", "lookup": "allow Mom", "write": "ErrReadOnly", "strict": "ErrReadOnly"}},
		{"wrong owner, file unreadable", "owner", 0o600, map[string]string{
			"health": "unavailable", "reason": "cannot be read", "lookup": "error", "write": "error", "strict": "ErrReadOnly"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := worldDir(t)
			s, err := store.OpenDir(dir, noSnapshots)
			must(t, err)
			if _, err := s.AddNumber(screening.ActionPass, "+12125550100", "Mom", "", t0); err != nil {
				t.Fatal(err)
			}
			must(t, s.Close())
			must(t, os.Chmod(store.Path(dir), tc.fileMode))
			sum := fileSum(t, store.Path(dir))
			got := runReadOnlyChild(t, tc.how, dir)
			for k, v := range tc.want {
				if !strings.Contains(got[k], v) {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
			if strings.Contains(got["sentence"], "\n") || strings.HasPrefix(got["sentence"], "store:") || got["sentence"] == "" {
				t.Errorf("sentence %q", got["sentence"])
			}
			if fileSum(t, store.Path(dir)) != sum {
				t.Error("the file changed")
			}
		})
	}
}

// worldDir is a temporary directory everyone may enter (t.TempDir is 0700).
func worldDir(t *testing.T) string {
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		must(t, os.Chmod(d, 0o755))
	}
	return dir
}

func runReadOnlyChild(t *testing.T, how, dir string) map[string]string {
	t.Helper()
	bin := filepath.Join(worldDir(t), "store.test")
	src, err := os.Open(os.Args[0])
	must(t, err)
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	must(t, err)
	_, err = io.Copy(dst, src)
	src.Close()
	must(t, dst.Close())
	must(t, err)
	cmd := exec.Command(bin, "-test.run=^TestReadOnly_DataDirectory$", "-test.count=1")
	cmd.Env = append(os.Environ(), roChildEnv+"="+how+" "+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	if how == "erofs" {
		cmd.SysProcAttr.Unshareflags = syscall.CLONE_NEWNS
	} else {
		cmd.SysProcAttr.Credential = &syscall.Credential{Uid: 65534, Gid: 65534}
	}
	out, err := cmd.CombinedOutput()
	got := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "RESULT "), "="); ok && strings.HasPrefix(sc.Text(), "RESULT ") {
			got[k] = v
		}
	}
	if s, ok := got["skip"]; ok {
		t.Skip(s)
	}
	if err != nil || len(got) == 0 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	return got
}

func readOnlyChild(v string) {
	how, dir, _ := strings.Cut(v, " ")
	say := func(k, f string, a ...any) { fmt.Printf("RESULT %s=%s\n", k, fmt.Sprintf(f, a...)) }
	if how == "erofs" {
		if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
			say("skip", "cannot bind-mount in a mount namespace here: %v", err)
			return
		}
		if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			say("skip", "cannot remount read-only here: %v", err)
			return
		}
	}
	if _, err := store.OpenDir(dir, noSnapshots); errors.Is(err, store.ErrReadOnly) {
		say("strict", "ErrReadOnly")
	} else {
		say("strict", "%v", err)
	}
	s, err := store.OpenDir(dir, noSnapshots, store.WithDegraded())
	if err != nil {
		say("open", "%v", err)
		return
	}
	defer s.Close()
	c, herr := s.Health()
	say("health", "%v", c)
	var re *store.ReadOnlyError
	switch {
	case errors.As(herr, &re):
		say("reason", "%s", re.Reason)
	case herr != nil:
		say("reason", "%v", herr)
	}
	if herr != nil {
		say("sentence", "%s", store.Sentence(herr))
	}
	if r, ok, err := s.LookupNumber("+12125550100"); err != nil || !ok {
		say("lookup", "error %v %v", ok, err)
	} else {
		say("lookup", "%s %s", screening.ActionWord(r.Action), r.Name)
	}
	_, err = s.AddNumber(screening.ActionBlock, "+12125550101", "", "", t0)
	switch {
	case errors.Is(err, store.ErrReadOnly):
		say("write", "ErrReadOnly")
	case err != nil:
		say("write", "error %v", err)
	default:
		say("write", "saved")
	}
	if err := s.Reset(); err == nil {
		say("reset", "done")
	}
}
