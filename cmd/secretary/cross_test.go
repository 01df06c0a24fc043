package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCross_ARMBinariesUnderQEMU builds the firmware as the installer
// image carries it (CGO_ENABLED=0, linux/arm GOARM=6 and linux/arm64) and
// runs it under qemu-user: a bbolt store is created and queried (bbolt's
// mmap on 32-bit ARM), and a caller-ID signal is generated and decoded
// (the DSP's arithmetic on ARM). It needs qemu-user-static (make deps, CI).
func TestCross_ARMBinariesUnderQEMU(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two ARM binaries")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	targets := []struct {
		name, goarch, goarm, qemu string
	}{
		{"armv6", "arm", "6", "qemu-arm-static"},
		{"arm64", "arm64", "", "qemu-aarch64-static"},
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			qemu, err := exec.LookPath(tg.qemu)
			if err != nil {
				t.Skipf("%s not installed (Debian package qemu-user-static; `make deps` as root installs it, CI does)", tg.qemu)
			}
			dir := t.TempDir()
			bin := filepath.Join(dir, "secretary-"+tg.name)
			build := exec.Command(gobin, "build", "-trimpath", "-o", bin, "secretary/cmd/secretary")
			build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+tg.goarch, "GOARM="+tg.goarm)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			if out, err := exec.Command("file", bin).Output(); err == nil && !strings.Contains(string(out), "ARM") {
				t.Fatalf("not an ARM binary: %s", out)
			}
			run := func(args ...string) string {
				t.Helper()
				out, err := exec.Command(qemu, append([]string{bin}, args...)...).CombinedOutput()
				if err != nil {
					t.Fatalf("%s %s: %v\n%s", tg.name, strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			data := filepath.Join(dir, "data")
			csv := filepath.Join(dir, "block.csv")
			if err := os.WriteFile(csv, []byte("number,name,note\n900-555-0100,Robocaller,\n212-555-0199,Spam,\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			run("import", "--data", data, "--list", "block", csv)
			var d struct{ Decision, Rule string }
			if err := json.Unmarshal([]byte(run("decide", "--data", data, "9005550100")), &d); err != nil || d.Decision != "block" {
				t.Errorf("decide on %s: %+v %v", tg.name, d, err)
			}
			wav := filepath.Join(dir, "cid.wav")
			run("gen", "cid", "--standard", "bellcore", "--number", "2125550143", "--name", "HUDSON DENTAL", "--date", "11220915", "-o", wav)
			var dec struct {
				CID struct{ Number, Name string } `json:"cid"`
			}
			if err := json.Unmarshal([]byte(run("decode", "--json", wav)), &dec); err != nil ||
				dec.CID.Number != "2125550143" || dec.CID.Name != "HUDSON DENTAL" {
				t.Errorf("decode on %s: %+v %v", tg.name, dec, err)
			}
		})
	}
}
