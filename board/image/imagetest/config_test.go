package imagetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"secretary/board/rpi"
)

// instance is the part of gokrazy's config.json the checks read.
type instance struct {
	Hostname string
	Update   struct {
		NoPassword   bool
		HTTPPassword string
		HTTPPort     string
	}
	Packages      []string
	PackageConfig map[string]struct {
		CommandLineFlags []string
		Environment      []string
		GoBuildTags      []string
		ExtraFilePaths   map[string]string
	}
	SerialConsole        string
	GokrazyPackages      *[]string
	KernelPackage        *string
	FirmwarePackage      *string
	EEPROMPackage        *string
	BootloaderExtraLines []string
	MountDevices         []struct{ Source, Type, Target, Options string }
}

const instances = "../gokrazy"

var boards = []string{"rpi3", "rpi4", "rpi5", "zero2w", "virt"}

func readInstance(t *testing.T, board string) instance {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(instances, board, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c instance
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("%s: %v", board, err)
	}
	return c
}

// Each board's image starts the firmware with that board's flags, its
// console on the board's UART, the data on /perm, the settings file from
// the boot partition.
func TestInstances_FirmwareFlags(t *testing.T) {
	uart := map[string]string{"rpi3": "/dev/ttyS0", "rpi4": "/dev/ttyS0", "zero2w": "/dev/ttyS0", "rpi5": "/dev/ttyAMA0", "virt": "/dev/ttyAMA0"}
	if !slices.Equal(rpi.Models(), []string{"rpi3", "rpi4", "rpi5", "zero2w"}) {
		t.Fatalf("board/rpi has models %v: add or remove their instances", rpi.Models())
	}
	for _, b := range boards {
		c := readInstance(t, b)
		if !slices.Equal(c.Packages, []string{"secretary/cmd/secretary"}) {
			t.Errorf("%s: packages %v, want the firmware alone", b, c.Packages)
		}
		pc := c.PackageConfig["secretary/cmd/secretary"]
		want := []string{"run", "--board=" + b, "--console=" + uart[b], "--data=/perm/secretary", "--settings=/mnt/boot/secretary.txt"}
		if !slices.Equal(pc.CommandLineFlags, want) {
			t.Errorf("%s: firmware flags %q, want %q", b, pc.CommandLineFlags, want)
		}
		if !slices.Contains(pc.Environment, "TZ=UTC") {
			t.Errorf("%s: environment %q: without TZ=UTC the default time zone is the build machine's", b, pc.Environment)
		}
		if !slices.Contains(pc.GoBuildTags, "timetzdata") {
			t.Errorf("%s: no timetzdata build tag: the timezone setting would find no zones on the box", b)
		}
		// the kernel's console stays off the UART the owner's console uses
		if c.SerialConsole != "disabled" {
			t.Errorf("%s: SerialConsole %q, want disabled", b, c.SerialConsole)
		}
		kernel := "github.com/gokrazy/kernel.rpi"
		if b == "virt" {
			kernel = "github.com/gokrazy/kernel.arm64"
		}
		if c.KernelPackage == nil || *c.KernelPackage != kernel {
			t.Errorf("%s: kernel %v, want %s", b, c.KernelPackage, kernel)
		}
		// the EEPROM is left alone: an update on first boot is a risk
		// the installer did not ask for (and Pi 5 needs another image)
		if c.EEPROMPackage == nil || *c.EEPROMPackage != "" {
			t.Errorf("%s: EEPROM package %v, want none", b, c.EEPROMPackage)
		}
		if (b == "rpi5") != slices.Contains(c.BootloaderExtraLines, "dtparam=uart0=on") {
			t.Errorf("%s: config.txt lines %v (the Pi 5 needs UART0 on GPIO 14/15 switched on)", b, c.BootloaderExtraLines)
		}
	}
}

// No network service listens: no password means gokrazy's web interface
// listens only on a local unix socket; the system packages are the DHCP
// and NTP clients and the entropy saver, none of which accepts a
// connection; no breakglass (SSH) or heartbeat.
func TestInstances_NoNetworkListener(t *testing.T) {
	allowed := []string{"github.com/gokrazy/gokrazy/cmd/dhcp", "github.com/gokrazy/gokrazy/cmd/ntp", "github.com/gokrazy/gokrazy/cmd/randomd"}
	for _, b := range boards {
		c := readInstance(t, b)
		if !c.Update.NoPassword || c.Update.HTTPPassword != "" || c.Update.HTTPPort != "" {
			t.Errorf("%s: update settings %+v: want NoPassword and nothing else", b, c.Update)
		}
		if c.GokrazyPackages == nil {
			t.Errorf("%s: GokrazyPackages unset: gokrazy's default adds heartbeat", b)
			continue
		}
		for _, p := range *c.GokrazyPackages {
			if !slices.Contains(allowed, p) {
				t.Errorf("%s: system package %s", b, p)
			}
		}
	}
}

// The settings file's partition is found by the PARTUUID gok gives the
// boot partition: derived from the hostname, so the two must agree.
func TestInstances_BootPartitionMount(t *testing.T) {
	for _, b := range boards {
		c := readInstance(t, b)
		h := fnv.New32a()
		h.Write([]byte(c.Hostname))
		want := fmt.Sprintf("PARTUUID=60c24cc1-f3f9-427a-8199-%08x0001", h.Sum32())
		if len(c.MountDevices) != 1 {
			t.Fatalf("%s: mounts %+v", b, c.MountDevices)
		}
		m := c.MountDevices[0]
		if m.Source != want || m.Type != "vfat" || m.Target != "/mnt/boot" || m.Options != "ro" {
			t.Errorf("%s: boot partition mount %+v, want %s vfat on /mnt/boot, ro", b, m, want)
		}
	}
}

// The builddirs pin every module (so a build asks the proxy for no
// version lists), the Pi boards share one set, and the firmware is this
// checkout through a relative path: no file names a machine's path.
func TestInstances_Builddirs(t *testing.T) {
	abs := regexp.MustCompile(`(^|[\s="])/(home|root|tmp|work|Users|var)/`)
	for _, b := range boards {
		dir := filepath.Join(instances, b, "builddir")
		gm, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"github.com/gokrazy/gokrazy v", "github.com/gokrazy/kernel."} {
			if !strings.Contains(string(gm), m) {
				t.Errorf("%s: builddir/go.mod does not pin %s", b, m)
			}
		}
		fm, err := os.ReadFile(filepath.Join(dir, "secretary", "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(fm), "replace secretary => ../../../../../..\n") {
			t.Errorf("%s: the firmware's builddir does not point at this checkout:\n%s", b, fm)
		}
		root, _ := filepath.Abs(filepath.Join(dir, "secretary", "../../../../../.."))
		if mod, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !strings.HasPrefix(string(mod), "module secretary\n") {
			t.Errorf("%s: the relative replace leads to %s, not the secretary module", b, root)
		}
		filepath.WalkDir(filepath.Join(instances, b), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, "secretary/go.sum") { // go.sum: generated, ignored by git
				return err
			}
			if b, _ := os.ReadFile(p); abs.Match(b) {
				t.Errorf("%s names an absolute path of a machine", p)
			}
			return nil
		})
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		ref, _ := os.ReadFile(filepath.Join(instances, "rpi4", "builddir", f))
		for _, b := range []string{"rpi3", "rpi5", "zero2w"} {
			if got, _ := os.ReadFile(filepath.Join(instances, b, "builddir", f)); !bytes.Equal(got, ref) {
				t.Errorf("%s/builddir/%s differs from rpi4's: the Pi images would run different system code", b, f)
			}
		}
	}
}
