package control

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serve starts a server on a new data directory.
func serve(t *testing.T, dir string, h Handler) *Server {
	t.Helper()
	s, err := Listen(dir, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// echo writes argv on stdout, its input upper-cased on stdout, a line on
// stderr, and exits with the status named by argv[0] ("3").
func echo(ctx context.Context, argv []string, in io.Reader, out, errw io.Writer) int {
	fmt.Fprintf(out, "argv %q\n", argv)
	b, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintf(errw, "input: %v\n", err)
		return 1
	}
	out.Write(bytes.ToUpper(b))
	fmt.Fprintln(errw, "done")
	var st int
	fmt.Sscan(argv[0], &st)
	return st
}

func TestRun_RoundTrip(t *testing.T) {
	dir := t.TempDir()
	serve(t, dir, echo)
	big := strings.Repeat("abc\n", 300000) // 1.2 MB each way, several frames
	var out, errb bytes.Buffer
	st, err := Run(context.Background(), dir, []string{"3", "two words", "ünï"}, strings.NewReader(big), &out, &errb)
	if err != nil || st != 3 {
		t.Fatalf("Run = %d, %v", st, err)
	}
	if want := fmt.Sprintf("argv %q\n", []string{"3", "two words", "ünï"}) + strings.ToUpper(big); out.String() != want {
		t.Errorf("stdout: %d bytes, want %d", out.Len(), len(want))
	}
	if errb.String() != "done\n" {
		t.Errorf("stderr %q", errb.String())
	}
	// no input at all
	out.Reset()
	if st, err := Run(context.Background(), dir, []string{"0"}, nil, &out, io.Discard); err != nil || st != 0 || out.String() != "argv [\"0\"]\n" {
		t.Errorf("without input: %d %v %q", st, err, out.String())
	}
}

func TestListen_Permissions(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(Dir(dir), 0o755) // an old directory too open
	serve(t, dir, echo)
	for p, want := range map[string]os.FileMode{Dir(dir): 0o700, Path(dir): 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
}

func TestRun_NotRunning(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run(context.Background(), dir, []string{"x"}, nil, io.Discard, io.Discard); !errors.Is(err, ErrNotRunning) {
		t.Errorf("no socket: %v", err)
	}
	// a socket left by a firmware killed: nobody answers
	os.MkdirAll(Dir(dir), 0o700)
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: Path(dir), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := Run(context.Background(), dir, []string{"x"}, nil, io.Discard, io.Discard); !errors.Is(err, ErrNotRunning) {
		t.Errorf("stale socket: %v", err)
	}
	// the next firmware takes its place
	serve(t, dir, echo)
	if st, err := Run(context.Background(), dir, []string{"0"}, nil, io.Discard, io.Discard); err != nil || st != 0 {
		t.Errorf("after a stale socket: %d %v", st, err)
	}
	// and a second one is refused while it answers
	if _, err := Listen(dir, echo, nil); !errors.Is(err, ErrInUse) {
		t.Errorf("second Listen: %v", err)
	}
}

// A data directory whose socket path is too long for a socket address.
func TestListen_LongPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 60), strings.Repeat("e", 60))
	if len(Path(dir)) <= 108 {
		t.Fatalf("path only %d bytes", len(Path(dir)))
	}
	serve(t, dir, echo)
	if st, err := Run(context.Background(), dir, []string{"4"}, nil, io.Discard, io.Discard); err != nil || st != 4 {
		t.Errorf("long path: %d %v", st, err)
	}
	if _, err := os.Stat(Path(dir)); err != nil {
		t.Errorf("the socket is not at its path: %v", err)
	}
}

// A client that goes away ends its command.
func TestServe_ClientGoneCancels(t *testing.T) {
	dir := t.TempDir()
	ended := make(chan error, 1)
	serve(t, dir, func(ctx context.Context, argv []string, in io.Reader, out, _ io.Writer) int {
		fmt.Fprintln(out, "started")
		<-ctx.Done()
		ended <- ctx.Err()
		return 1
	})
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	go func() {
		br := bufio.NewReader(r)
		br.ReadString('\n')
		cancel() // Ctrl-C on the client
		io.Copy(io.Discard, br)
	}()
	if _, err := Run(ctx, dir, []string{"x"}, nil, w, io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v", err)
	}
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the command went on after its client left")
	}
}

func TestServe_BadRequest(t *testing.T) {
	dir := t.TempDir()
	serve(t, dir, echo)
	for _, req := range []string{"GET / HTTP/1.0\n", "SECRETARY-CONTROL 2 [\"x\"]\n", "SECRETARY-CONTROL 1 []\n", "SECRETARY-CONTROL 1 {\"a\":1}\n"} {
		c, err := dialUnix(Path(dir))
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte(req))
		br := bufio.NewReader(c)
		var stderr bytes.Buffer
		status := -1
		for {
			typ, p, err := readFrame(br, nil)
			if err != nil {
				break
			}
			switch typ {
			case frameStderr:
				stderr.Write(p)
			case frameExit:
				status = int(p[0])
			}
		}
		c.Close()
		if status != 2 || !strings.Contains(stderr.String(), "bad request") {
			t.Errorf("%q: status %d, stderr %q", req, status, stderr.String())
		}
	}
}

func TestServe_Busy(t *testing.T) {
	dir := t.TempDir()
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(MaxConns)
	serve(t, dir, func(ctx context.Context, argv []string, in io.Reader, out, _ io.Writer) int {
		if argv[0] == "hold" {
			started.Done()
			<-release
		}
		return 0
	})
	var wg sync.WaitGroup
	for range MaxConns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Run(context.Background(), dir, []string{"hold"}, nil, io.Discard, io.Discard)
		}()
	}
	started.Wait()
	var errb bytes.Buffer
	if st, err := Run(context.Background(), dir, []string{"more"}, nil, io.Discard, &errb); err != nil || st != 1 || !strings.Contains(errb.String(), "busy") {
		t.Errorf("one too many: %d %v %q", st, err, errb.String())
	}
	close(release)
	wg.Wait()
	if st, err := Run(context.Background(), dir, []string{"more"}, nil, io.Discard, io.Discard); err != nil || st != 0 {
		t.Errorf("after: %d %v", st, err)
	}
}

// Another user is refused: by the directory's mode, and, with that opened
// up, by the peer credentials. (Needs root to run a process as nobody.)
func TestServe_OtherUserRefused(t *testing.T) {
	if os.Getenv("CONTROL_TEST_CLIENT") != "" {
		var errb bytes.Buffer
		st, err := Run(context.Background(), os.Getenv("CONTROL_TEST_CLIENT"), []string{"0"}, nil, io.Discard, &errb)
		fmt.Printf("status %d err %v stderr %q\n", st, err, errb.String())
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a process as another user (uid 65534)")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	os.Chmod(filepath.Dir(dir), 0o755)
	serve(t, dir, echo)
	exe := filepath.Join(dir, "client.test") // the test binary, where nobody may run it
	if b, err := os.ReadFile(os.Args[0]); err != nil || os.WriteFile(exe, b, 0o755) != nil {
		t.Fatalf("copying the test binary: %v", err)
	}
	client := func() string {
		cmd := exec.Command(exe, "-test.run=^TestServe_OtherUserRefused$")
		cmd.Env = append(os.Environ(), "CONTROL_TEST_CLIENT="+dir)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("client as nobody: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := client(); !strings.Contains(out, "permission denied") {
		t.Errorf("through the 0700 directory: %s", out)
	}
	os.Chmod(Dir(dir), 0o755)
	os.Chmod(Path(dir), 0o666)
	if out := client(); !strings.Contains(out, "status 1") || !strings.Contains(out, "user 65534 may not use the socket of user 0") {
		t.Errorf("with the modes opened: %s", out)
	}
}
