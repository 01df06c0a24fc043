package disk

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// machine builds a made-up Linux machine: sysfs, /dev, mounts and swaps.
type machine struct {
	t    *testing.T
	root string
	host Host
}

func newMachine(t *testing.T) *machine {
	root := t.TempDir()
	m := &machine{t: t, root: root, host: Host{
		Sys: filepath.Join(root, "sys"), Mounts: filepath.Join(root, "mounts"), Swaps: filepath.Join(root, "swaps"),
		IsBlock: func(p string) bool { return strings.HasPrefix(p, filepath.Join(root, "dev")) },
	}}
	m.write("mounts", "proc /proc proc rw 0 0\ntmpfs /run tmpfs rw 0 0\n")
	m.write("swaps", "Filename\tType\tSize\tUsed\tPriority\n")
	return m
}

func (m *machine) write(rel, s string) {
	p := filepath.Join(m.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		m.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		m.t.Fatal(err)
	}
}

func (m *machine) appendTo(rel, s string) {
	b, _ := os.ReadFile(filepath.Join(m.root, rel))
	m.write(rel, string(b)+s)
}

func (m *machine) link(target, rel string) {
	p := filepath.Join(m.root, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.Symlink(target, p); err != nil {
		m.t.Fatal(err)
	}
}

// disk adds a whole disk of size bytes with partitions parts (their names).
func (m *machine) disk(bus, name string, size int64, removable bool, parts ...string) {
	dir := filepath.Join("sys/devices", bus, name)
	m.write(filepath.Join(dir, "size"), strconv.FormatInt(size/SectorSize, 10)+"\n")
	m.write(filepath.Join(dir, "removable"), map[bool]string{true: "1\n", false: "0\n"}[removable])
	m.write(filepath.Join(dir, "device/model"), "Model "+name+"  \n")
	os.MkdirAll(filepath.Join(m.root, dir, "holders"), 0o755)
	m.link(filepath.Join("../../devices", bus, name), filepath.Join("sys/class/block", name))
	m.write(filepath.Join("dev", name), "")
	for i, p := range parts {
		m.write(filepath.Join(dir, p, "partition"), strconv.Itoa(i+1)+"\n")
		m.write(filepath.Join(dir, p, "size"), "2048\n")
		os.MkdirAll(filepath.Join(m.root, dir, p, "holders"), 0o755)
		m.link(filepath.Join("../../devices", bus, name, p), filepath.Join("sys/class/block", p))
		m.write(filepath.Join("dev", p), "")
	}
}

// dm adds a device-mapper device on slave (a partition's name).
func (m *machine) dm(name, slave, slaveDir string) {
	dir := filepath.Join("sys/devices/virtual/block", name)
	m.write(filepath.Join(dir, "size"), "2048\n")
	m.link(filepath.Join("../../../../class/block", slave), filepath.Join(dir, "slaves", slave))
	m.link(filepath.Join("../../devices/virtual/block", name), filepath.Join("sys/class/block", name))
	m.link(filepath.Join("../../../../../virtual/block", name), filepath.Join(slaveDir, "holders", name))
}

func (m *machine) dev(name string) string { return filepath.Join(m.root, "dev", name) }

const gb = int64(1) << 30

// A typical laptop: the system on NVMe under LUKS, a card reader with a
// 16 GB card, a 1 TB USB disk, an empty reader, a small stick.
func laptop(t *testing.T) *machine {
	m := newMachine(t)
	m.disk("pci/nvme", "nvme0n1", 512*gb, false, "nvme0n1p1", "nvme0n1p2")
	m.dm("dm-0", "nvme0n1p2", "sys/devices/pci/nvme/nvme0n1/nvme0n1p2")
	m.disk("usb1", "sdb", 16*gb, true, "sdb1", "sdb2")
	m.disk("usb2", "sdc", 1024*gb, false, "sdc1")
	m.disk("usb3", "sdd", 0, true)
	m.disk("usb4", "sde", gb, true, "sde1")
	m.appendTo("mounts", "/dev/dm-0 / ext4 rw 0 0\n/dev/nvme0n1p1 /boot/efi vfat rw 0 0\n")
	return m
}

func TestInspect_CardIsAccepted(t *testing.T) {
	m := laptop(t)
	m.link(m.dev("sdb"), "dev/disk/by-id/usb-Generic_SD_Reader")
	for _, p := range []string{m.dev("sdb"), filepath.Join(m.root, "dev/disk/by-id/usb-Generic_SD_Reader")} {
		tg, err := m.host.Inspect(p)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Name != "sdb" || tg.Size != 16*gb || !tg.Removable || tg.Model != "Model sdb" || tg.System || len(tg.InUse) != 0 {
			t.Fatalf("target %+v", tg)
		}
		if err := tg.Check(2*gb, false); err != nil {
			t.Fatalf("a free 16 GB card refused: %v", err)
		}
	}
}

func TestInspect_Refusals(t *testing.T) {
	cases := []struct {
		name  string
		setup func(m *machine)
		dev   string
		want  error
		force bool // FORCE=1 does not change the answer
	}{
		{"the system disk", nil, "nvme0n1", ErrSystemDisk, true},
		{"a partition", nil, "sdb1", ErrPartition, true},
		{"a mounted card", func(m *machine) { m.appendTo("mounts", "/dev/sdb1 /media/me/boot vfat rw 0 0\n") }, "sdb", ErrMounted, true},
		{"a card used for swap", func(m *machine) { m.appendTo("swaps", "/dev/sdb2 partition 1024 0 -2\n") }, "sdb", ErrMounted, true},
		{"a card with a mounted LUKS volume", func(m *machine) {
			m.dm("dm-5", "sdb2", "sys/devices/usb1/sdb/sdb2")
			m.appendTo("mounts", "/dev/dm-5 /mnt/secret ext4 rw 0 0\n")
		}, "sdb", ErrMounted, true},
		{"an empty card reader", nil, "sdd", ErrNoMedium, true},
		{"a card smaller than the image", nil, "sde", ErrTooSmall, true},
		{"a 1 TB disk", nil, "sdc", ErrTooLarge, false},
		{"not a device", func(m *machine) { m.write("home/me/notes.txt", "x") }, "../home/me/notes.txt", ErrNotDisk, true},
		{"a missing path", nil, "sdz", ErrNotDisk, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := laptop(t)
			if c.setup != nil {
				c.setup(m)
			}
			tg, err := m.host.Inspect(m.dev(c.dev))
			if err == nil {
				err = tg.Check(2*gb, false)
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			if err == nil || strings.Contains(err.Error(), "disk: disk:") {
				t.Fatalf("message %q", err)
			}
			if tg.Name == "" {
				return
			}
			ferr := tg.Check(2*gb, true)
			if c.force && !errors.Is(ferr, c.want) && !errors.Is(err, ErrNotDisk) && !errors.Is(err, ErrPartition) {
				t.Fatalf("FORCE=1 let it through: %v", ferr)
			}
			if !c.force && ferr != nil {
				t.Fatalf("FORCE=1 should allow it: %v", ferr)
			}
		})
	}
}

// On the real machine: this test's own root disk is the system disk.
func TestInspect_RealSystemDisk(t *testing.T) {
	var root string
	for _, f := range readFields("/proc/self/mounts") {
		if len(f) >= 2 && f[1] == "/" && strings.HasPrefix(f[0], "/dev/") {
			root = f[0]
		}
	}
	if root == "" {
		t.Skip("the root file system is not on a /dev device here (container)")
	}
	h := Linux()
	disks := h.disksUnder(devName(root))
	if len(disks) == 0 {
		t.Fatalf("no disk found under %s", root)
	}
	for d := range disks {
		tg, err := h.Inspect("/dev/" + d)
		if err != nil {
			t.Skipf("cannot inspect /dev/%s: %v", d, err)
		}
		if err := tg.Check(0, true); !errors.Is(err, ErrSystemDisk) {
			t.Fatalf("/dev/%s (holding /) passed the checks: %v", d, err)
		}
	}
}

// The whole of make flash on the made-up laptop: the card is written and
// read back; the system disk and a mounted card are left untouched.
func TestFlash(t *testing.T) {
	m := laptop(t)
	img := gptImage(3<<20, [][2]uint64{{40, 200}}, []string{"boot"})
	image := filepath.Join(m.root, "secretary-rpi4.img")
	if err := os.WriteFile(image, img, 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	if err := Flash(m.host, image, m.dev("sdb"), false, &log); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(m.dev("sdb"))
	if !bytes.Equal(got, img) || !strings.Contains(log.String(), "verified") {
		t.Fatalf("card not written (%d bytes); log:\n%s", len(got), log.String())
	}
	m.appendTo("mounts", "/dev/sdb2 /media/me/perm ext4 rw 0 0\n")
	for _, dev := range []string{"nvme0n1", "sdb"} {
		if err := Flash(m.host, image, m.dev(dev), true, &log); err == nil {
			t.Fatalf("%s written", dev)
		}
	}
	if b, _ := os.ReadFile(m.dev("nvme0n1")); len(b) != 0 {
		t.Fatal("the system disk was written")
	}
	if err := Flash(m.host, filepath.Join(m.root, "mounts"), m.dev("sde"), false, &log); !errors.Is(err, ErrNoGPT) {
		t.Fatalf("a file that is not an image: %v", err)
	}
}
