package disk

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// MaxCardSize is the largest device written without force: SD cards sold
// for a Pi are 8 to 64 GB; a larger device is more likely a USB disk.
const MaxCardSize = 64 << 30

var (
	ErrNotDisk    = errors.New("disk: not a disk")
	ErrPartition  = errors.New("disk: a partition, not a whole disk")
	ErrMounted    = errors.New("disk: in use")
	ErrSystemDisk = errors.New("disk: holds the running system")
	ErrNoMedium   = errors.New("disk: no medium")
	ErrTooSmall   = errors.New("disk: smaller than the image")
	ErrTooLarge   = errors.New("disk: larger than an SD card")
	ErrVerify     = errors.New("disk: read back differs from the image")
)

// Host is where Inspect reads the machine; Linux() is the real one.
type Host struct {
	Sys    string // sysfs root ("/sys")
	Mounts string // mount table ("/proc/self/mounts")
	Swaps  string // active swap ("/proc/swaps")
	// IsBlock reports whether path is a block device; nil = os.Stat.
	IsBlock func(path string) bool
}

// Linux is the running machine.
func Linux() Host {
	return Host{Sys: "/sys", Mounts: "/proc/self/mounts", Swaps: "/proc/swaps"}
}

// Target is a device as Inspect found it.
type Target struct {
	Path      string   // as given, e.g. /dev/sdb
	Name      string   // the kernel's name, e.g. sdb
	Size      int64    // bytes
	Removable bool     // the kernel's removable flag (informational)
	Model     string   // the device's model, when known
	InUse     []string // "/dev/sdb1 mounted on /media/card", "... used for swap"
	System    bool     // holds the running system's root or boot file system
}

func (t Target) String() string {
	s := fmt.Sprintf("%s (%s, %.1f GB", t.Path, t.Name, float64(t.Size)/1e9)
	if t.Model != "" {
		s += ", " + t.Model
	}
	if t.Removable {
		s += ", removable"
	}
	return s + ")"
}

func (h Host) block(name string) string { return filepath.Join(h.Sys, "class", "block", name) }

func (h Host) read(name, attr string) string {
	b, _ := os.ReadFile(filepath.Join(h.block(name), attr))
	return strings.TrimSpace(string(b))
}

func (h Host) isPartition(name string) bool {
	_, err := os.Stat(filepath.Join(h.block(name), "partition"))
	return err == nil
}

// Inspect finds what path is: its size, whether it or anything on it is in
// use, whether it holds the running system.
func (h Host) Inspect(path string) (Target, error) {
	t := Target{Path: path}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return t, fmt.Errorf("%w: %s: %w", ErrNotDisk, path, err)
	}
	isBlock := h.IsBlock
	if isBlock == nil {
		isBlock = func(p string) bool {
			fi, err := os.Stat(p)
			return err == nil && fi.Mode()&os.ModeDevice != 0 && fi.Mode()&os.ModeCharDevice == 0
		}
	}
	t.Name = filepath.Base(real)
	if _, err := os.Stat(h.block(t.Name)); err != nil || !isBlock(real) {
		return t, fmt.Errorf("%w: %s is not a block device (give the card's device, e.g. /dev/sdb or /dev/mmcblk0)", ErrNotDisk, path)
	}
	if h.isPartition(t.Name) {
		return t, fmt.Errorf("%w: %s is a partition; give the whole card (e.g. /dev/sdb, not /dev/sdb1)", ErrPartition, path)
	}
	sectors, err := strconv.ParseInt(h.read(t.Name, "size"), 10, 64)
	if err != nil {
		return t, fmt.Errorf("%w: %s: size unknown", ErrNotDisk, path)
	}
	t.Size = sectors * SectorSize
	t.Removable = h.read(t.Name, "removable") == "1"
	t.Model = strings.TrimSpace(h.read(t.Name, "device/model"))
	mine := h.family(t.Name)
	inUse := func(src, how string) {
		if n := devName(src); n != "" && mine[n] {
			t.InUse = append(t.InUse, src+" "+how)
		}
	}
	for _, m := range readFields(h.Mounts) {
		if len(m) >= 2 {
			inUse(m[0], "mounted on "+m[1])
			if m[1] == "/" || m[1] == "/boot" || m[1] == "/boot/efi" || m[1] == "/usr" {
				for d := range h.disksUnder(devName(m[0])) {
					t.System = t.System || d == t.Name
				}
			}
		}
	}
	for i, s := range readFields(h.Swaps) {
		if i > 0 && len(s) >= 1 {
			inUse(s[0], "used for swap")
		}
	}
	return t, nil
}

// family is a disk, its partitions and, recursively, what is built on them
// (device-mapper holders: LVM, LUKS).
func (h Host) family(name string) map[string]bool {
	out := map[string]bool{}
	var add func(n string)
	add = func(n string) {
		if out[n] {
			return
		}
		out[n] = true
		ents, _ := os.ReadDir(h.block(n))
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), n) && h.isPartition(e.Name()) {
				add(e.Name())
			}
		}
		holders, _ := os.ReadDir(filepath.Join(h.block(n), "holders"))
		for _, e := range holders {
			add(e.Name())
		}
	}
	add(name)
	return out
}

// disksUnder is the whole disks a block device lives on: a partition's
// disk, a device-mapper device's underlying disks.
func (h Host) disksUnder(name string) map[string]bool {
	out := map[string]bool{}
	var walk func(n string, depth int)
	walk = func(n string, depth int) {
		if n == "" || depth > 8 {
			return
		}
		slaves, _ := os.ReadDir(filepath.Join(h.block(n), "slaves"))
		if len(slaves) > 0 {
			for _, s := range slaves {
				walk(s.Name(), depth+1)
			}
			return
		}
		if h.isPartition(n) {
			if real, err := filepath.EvalSymlinks(h.block(n)); err == nil {
				n = filepath.Base(filepath.Dir(real))
			}
		}
		out[n] = true
	}
	walk(name, 0)
	return out
}

// devName is the kernel name of a /dev path in the mount table ("" for
// proc, tmpfs, overlay and the like).
func devName(src string) string {
	if !strings.HasPrefix(src, "/dev/") {
		return ""
	}
	if real, err := filepath.EvalSymlinks(src); err == nil {
		src = real
	}
	return filepath.Base(src)
}

func readFields(file string) [][]string {
	f, err := os.Open(file)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, strings.Fields(sc.Text()))
	}
	return out
}

// Check says whether the image may be written to t. force allows only a
// device larger than MaxCardSize: nothing forces writing over a disk in
// use or the running system.
func (t Target) Check(imageSize int64, force bool) error {
	switch {
	case t.System:
		return fmt.Errorf("%w: %s holds this computer's own system; it is not the SD card", ErrSystemDisk, t)
	case len(t.InUse) > 0:
		sort.Strings(t.InUse)
		return fmt.Errorf("%w: %s: %s; unmount it first (or eject and reinsert the card without opening it)", ErrMounted, t, strings.Join(t.InUse, ", "))
	case t.Size == 0:
		return fmt.Errorf("%w: %s reports no size: is a card in the reader?", ErrNoMedium, t)
	case t.Size < imageSize:
		return fmt.Errorf("%w: %s is smaller than the image (%.1f GB)", ErrTooSmall, t, float64(imageSize)/1e9)
	case t.Size > MaxCardSize && !force:
		return fmt.Errorf("%w: %s is larger than %d GB, more likely a disk than an SD card; if it really is the card, add FORCE=1", ErrTooLarge, t, MaxCardSize>>30)
	}
	return nil
}
