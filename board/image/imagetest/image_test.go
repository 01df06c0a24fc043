package imagetest

import (
	"bytes"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/board/image/disk"
)

// bootLimit bounds each boot to a ready console (about 6 s on an idle
// machine; QEMU emulates the CPU, so a busy one takes longer).
const bootLimit = 3 * time.Minute

type machine struct {
	t     *testing.T
	repo  string // the repository's root
	dir   string
	img   string // the work copy of the image
	parts []disk.Partition
}

func newMachine(t *testing.T) *machine {
	src := os.Getenv("SECRETARY_IMAGE")
	if src == "" {
		t.Skip("SECRETARY_IMAGE is not set: make image-test builds the virt image and runs this test")
	}
	for _, tool := range []string{"qemu-system-aarch64", "mcopy"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian packages qemu-system-arm and mtools; make deps installs them)", tool)
		}
	}
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	m := &machine{t: t, repo: repo, dir: t.TempDir()}
	m.img = filepath.Join(m.dir, "secretary-virt.img")
	m.run("cp", "--sparse=always", src, m.img)
	f, err := os.Open(m.img)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if m.parts, err = disk.Partitions(f); err != nil || len(m.parts) != 4 {
		t.Fatalf("image partitions %v: %v", m.parts, err)
	}
	return m
}

func (m *machine) run(name string, args ...string) string {
	m.t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		m.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// fat is the mtools name of the image's boot partition.
func (m *machine) fat() string { return m.img + "@@" + strconv.FormatInt(m.parts[0].Start, 10) }

// putFile writes a file into the boot partition, as an installer's
// computer would.
func (m *machine) putFile(name, content string) {
	p := filepath.Join(m.dir, "put-"+name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		m.t.Fatal(err)
	}
	m.run("mcopy", "-o", "-i", m.fat(), p, "::/"+name)
}

// vm is one boot of the image.
type vm struct {
	t      *testing.T
	cmd    *exec.Cmd
	conn   net.Conn
	start  time.Time
	ready  time.Duration // QEMU start to a console prompt
	exited chan struct{}

	mu  sync.Mutex
	out bytes.Buffer
}

// boot starts QEMU the way PLATFORM.md and the README boot the image by
// hand: vmlinuz and cmdline.txt copied out of the boot partition, no
// network; extra adds devices. It returns once the console answers.
func (m *machine) boot(name string, extra ...string) *vm {
	m.t.Helper()
	kernel, cmdline := filepath.Join(m.dir, "vmlinuz"), filepath.Join(m.dir, "cmdline.txt")
	m.run("mcopy", "-o", "-n", "-i", m.fat(), "::/vmlinuz", "::/cmdline.txt", m.dir)
	cl, err := os.ReadFile(cmdline)
	if err != nil {
		m.t.Fatal(err)
	}
	sock := filepath.Join(m.dir, name+".sock")
	args := append([]string{"-M", "virt,highmem=off", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024",
		"-kernel", kernel, "-append", strings.TrimSpace(string(cl)),
		"-drive", "file=" + m.img + ",format=raw,if=virtio", "-nic", "none",
		"-chardev", "socket,id=con,path=" + sock + ",server=on,wait=off", "-serial", "chardev:con",
		"-display", "none", "-monitor", "none"}, extra...)
	v := &vm{t: m.t, cmd: exec.Command("qemu-system-aarch64", args...), exited: make(chan struct{})}
	logf, err := os.Create(filepath.Join(m.dir, name+".qemu.log"))
	if err != nil {
		m.t.Fatal(err)
	}
	v.cmd.Stdout, v.cmd.Stderr = logf, logf
	v.start = time.Now()
	if err := v.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	go func() { v.cmd.Wait(); logf.Close(); close(v.exited) }()
	m.t.Cleanup(v.powerCut)
	for i := 0; ; i++ {
		if v.conn, err = net.Dial("unix", sock); err == nil {
			break
		}
		if i > 500 {
			m.t.Fatalf("QEMU's serial socket did not appear: %v (see %s.qemu.log)", err, name)
		}
		time.Sleep(10 * time.Millisecond)
	}
	go v.pump()
	// the console prints its prompt when it starts; a carriage return
	// brings another in case it came before we listened
	deadline := time.Now().Add(bootLimit)
	for !v.seen(0, "secretary> ") {
		if time.Now().After(deadline) {
			m.t.Fatalf("%s: no console within %v; serial output:\n%s", name, bootLimit, v.text())
		}
		select {
		case <-v.exited:
			m.t.Fatalf("%s: QEMU exited; serial output:\n%s", name, v.text())
		case <-time.After(500 * time.Millisecond):
		}
		if time.Since(v.start) > 10*time.Second {
			v.conn.Write([]byte("\r"))
		}
	}
	v.ready = time.Since(v.start)
	m.t.Logf("%s: console ready %.1f s after QEMU started", name, v.ready.Seconds())
	return v
}

func (v *vm) pump() {
	b := make([]byte, 4096)
	for {
		n, err := v.conn.Read(b)
		v.mu.Lock()
		v.out.Write(b[:n])
		v.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (v *vm) text() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.out.String()
}

func (v *vm) seen(mark int, want string) bool { return strings.Contains(v.text()[mark:], want) }

// do types a command and returns its answer (up to the next prompt).
func (v *vm) do(cmd string, limit time.Duration) string {
	v.t.Helper()
	mark := len(v.text())
	if _, err := v.conn.Write([]byte(cmd + "\r")); err != nil {
		v.t.Fatal(err)
	}
	deadline := time.Now().Add(limit)
	for {
		out := v.text()[mark:]
		if i := strings.Index(out, cmd); i >= 0 {
			if j := strings.Index(out[i:], "secretary> "); j >= 0 {
				return out[i+len(cmd) : i+j]
			}
		}
		if time.Now().After(deadline) {
			v.t.Fatalf("%q: no answer within %v; output:\n%s", cmd, limit, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// want fails unless the answer holds each of wants.
func (v *vm) want(cmd string, limit time.Duration, wants ...string) string {
	v.t.Helper()
	out := v.do(cmd, limit)
	for _, w := range wants {
		if !strings.Contains(out, w) {
			v.t.Errorf("%s: answer lacks %q:\n%s", cmd, w, out)
		}
	}
	return out
}

// powerCut kills QEMU: the machine loses power with no warning.
func (v *vm) powerCut() {
	if v.conn != nil {
		v.conn.Close()
	}
	_ = v.cmd.Process.Kill()
	<-v.exited
}

var versionRE = regexp.MustCompile(`secretary (\S+) on board `)

func TestImage_BootsAndKeepsData(t *testing.T) {
	m := newMachine(t)
	const number = "+12125550143"

	// 1. the image as built, booted with the stock command
	v := m.boot("boot1")
	st := v.want("status", 30*time.Second, "board virt (watchdog)", "modem absent (this board has no modem)",
		"installer settings /mnt/boot/secretary.txt: no problems")
	match := versionRE.FindStringSubmatch(st)
	if match == nil {
		t.Fatalf("status names no firmware version:\n%s", st)
	}
	oldVersion := match[1]
	v.want("selftest", 2*time.Minute,
		"modem answers   skip    a virtual machine has no modem",
		"relay           skip    a virtual machine has no relay",
		"watchdog        PASS    fed: process watchdog",
		"storage         PASS    /perm/secretary writable",
		"settings file   PASS    /mnt/boot/secretary.txt read",
		"selftest: 15 checks, none failed")
	v.want("allow add "+number+" Survivor", 30*time.Second, "ok: allow "+number)
	v.powerCut() // right after the console's ok: it must be on disk

	// 2. the installer edits secretary.txt on a computer; the box reboots
	// with a hardware watchdog, which gokrazy's init holds
	m.putFile("secretary.txt", "country = 44\ntimezone = Europe/London\nmodem = ttyACM0\n")
	v = m.boot("boot2", "-device", "i6300esb")
	if !v.seen(0, `secretary: 1 problem in the installer settings`) || !v.seen(0, `modem "ttyACM0"`) {
		t.Errorf("the console did not show the settings problem when it opened:\n%s", v.text())
	}
	v.want("status", 30*time.Second, "time zone Europe/London", "installer settings /mnt/boot/secretary.txt: 1 problem, 2 values applied")
	v.want("get country", 30*time.Second, "country = 44 (default 1)")
	v.want("get timezone", 30*time.Second, "timezone = Europe/London (default -)")
	v.want("allow del "+number, 30*time.Second, "removed allow "+number)
	v.want("allow add "+number+" Survivor", 30*time.Second, "ok: allow "+number)
	v.want("selftest", 2*time.Minute, "watchdog        PASS    fed: process watchdog", "held by the system")
	v.powerCut()

	// 3. an update: a new root file system written to the other root
	// partition and the boot command line pointed at it, as gokrazy's
	// updater does; /perm is not touched
	newVersion := oldVersion + "-update"
	root := filepath.Join(m.dir, "root.squashfs")
	build := exec.Command(filepath.Join(m.repo, "board/image/build.sh"), "root", "virt", root)
	build.Env = append(os.Environ(), "VERSION="+newVersion)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the new root: %v\n%s", err, out)
	}
	m.writePartition(3, root)
	cl := m.readFile("cmdline.txt")
	if !strings.Contains(cl, "PARTNROFF=1") {
		t.Fatalf("cmdline.txt does not boot root A: %q", cl)
	}
	m.putFile("cmdline.txt", strings.Replace(cl, "PARTNROFF=1", "PARTNROFF=2", 1))
	v = m.boot("boot3", "-device", "i6300esb")
	v.want("status", 30*time.Second, "secretary "+newVersion+" on board ")
	v.want("get country", 30*time.Second, "country = 44 (default 1)")
	v.want("allow del "+number, 30*time.Second, "removed allow "+number)
	t.Logf("firmware %s -> %s; the entry survived two power cuts and the update", oldVersion, newVersion)
}

func (m *machine) readFile(name string) string {
	m.t.Helper()
	p := filepath.Join(m.dir, "get-"+name)
	m.run("mcopy", "-o", "-n", "-i", m.fat(), "::/"+name, p)
	b, err := os.ReadFile(p)
	if err != nil {
		m.t.Fatal(err)
	}
	return string(b)
}

// writePartition copies a file into partition n of the work image.
func (m *machine) writePartition(n int, file string) {
	m.t.Helper()
	p := m.parts[n-1]
	src, err := os.Open(file)
	if err != nil {
		m.t.Fatal(err)
	}
	defer src.Close()
	fi, _ := src.Stat()
	if fi.Size() > p.Size {
		m.t.Fatalf("%s (%d bytes) does not fit partition %d (%d bytes)", file, fi.Size(), n, p.Size)
	}
	dst, err := os.OpenFile(m.img, os.O_WRONLY, 0)
	if err != nil {
		m.t.Fatal(err)
	}
	defer dst.Close()
	if _, err := io.Copy(io.NewOffsetWriter(dst, p.Start), src); err != nil {
		m.t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		m.t.Fatal(err)
	}
}
