package secretary_test

// The folder tree is the dependency graph (STYLE.md): this test reads
// `go list -deps` and fails on a forbidden edge, a package without doc.go,
// or an init() outside cmd/.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const mod = "secretary"

type pkgInfo struct {
	ImportPath   string
	Dir          string
	ForTest      string // with -test: the package whose tests this variant is built for
	Deps         []string
	Imports      []string
	TestImports  []string
	XTestImports []string
	GoFiles      []string
}

func listPackages(t *testing.T, flags ...string) []pkgInfo {
	t.Helper()
	args := append(append([]string{"list", "-json"}, flags...), "./...")
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkgInfo
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkgInfo
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// rule: a package matching from must not depend (transitively) on anything matching to,
// unless the dependency is in allowed.
type rule struct {
	why     string
	from    func(p string) bool
	to      func(dep string) bool
	allowed func(p, dep string) bool
}

func rules() []rule {
	local := func(prefix string) func(string) bool {
		return func(p string) bool { return under(p, mod+"/"+prefix) }
	}
	any := func(fs ...func(string) bool) func(string) bool {
		return func(p string) bool {
			for _, f := range fs {
				if f(p) {
					return true
				}
			}
			return false
		}
	}
	ext := func(prefix string) func(string) bool {
		return func(p string) bool { return under(p, prefix) }
	}
	hardware := any(local("hal"), local("board"), local("firmware"), local("cmd"),
		ext("periph.io"), ext("go.bug.st/serial"), ext("github.com/gen2brain/alsa"),
		ext("github.com/mdlayher/watchdog"), ext("github.com/creack/pty"))
	return []rule{
		{"screening is pure policy: no hardware, firmware or board package", local("screening"), hardware, nil},
		{"hal never imports firmware, board or cmd", local("hal"), any(local("firmware"), local("board"), local("cmd")), nil},
		{"firmware never imports board or a concrete driver", local("firmware"),
			any(local("board"), local("cmd"), local("hal/modem"), local("hal/gpio"), local("hal/serialport"),
				ext("periph.io"), ext("go.bug.st/serial"), ext("github.com/gen2brain/alsa"), ext("github.com/mdlayher/watchdog")), nil},
		{"board never imports firmware or cmd", local("board"), any(local("firmware"), local("cmd")), nil},
		{"hal uses no policy: of screening only the text cleaner (screening/clean)", local("hal"), local("screening"),
			func(_, dep string) bool { return dep == mod+"/screening/clean" }},
		{"only hal/serialport opens serial devices (go.bug.st/serial)", func(p string) bool { return !under(p, mod+"/hal/serialport") },
			ext("go.bug.st/serial"),
			func(p, _ string) bool { return under(p, mod+"/cmd") || under(p, mod+"/board") }},
		{"only board/ touches periph.io/x/host", func(p string) bool { return !under(p, mod+"/board") },
			ext("periph.io/x/host"),
			func(p, _ string) bool { return under(p, mod+"/cmd") }},
	}
}

func TestArchitecture_ImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, r := range rules() {
			if !r.from(p.ImportPath) {
				continue
			}
			for _, d := range p.Deps {
				if !r.to(d) {
					continue
				}
				// A package's transitive closure includes things reached only through
				// an allowed direct import; judge direct imports for the "only X" rules.
				if r.allowed != nil && (r.allowed(p.ImportPath, d) || !contains(p.Imports, d)) {
					continue
				}
				t.Errorf("%s imports %s: %s", p.ImportPath, d, r.why)
			}
		}
	}
}

// TestArchitecture_HalTestsImportNoBoard: the hal layer's tests too never reach
// up into board, firmware or cmd (a fake or emulator a hal test needs lives
// beside the interface it fakes, e.g. hal/modem/modemtest). It reads the test
// variants of `go list -test`: "p [p.test]", "p_test [p.test]" and "p.test",
// whose Deps are everything the tests link, transitively.
func TestArchitecture_HalTestsImportNoBoard(t *testing.T) {
	upper := func(dep string) bool {
		for _, top := range []string{"board", "firmware", "cmd"} {
			if under(dep, mod+"/"+top) {
				return true
			}
		}
		return false
	}
	checked := 0
	for _, p := range listPackages(t, "-test") {
		owner := p.ForTest
		if owner == "" {
			owner = strings.TrimSuffix(p.ImportPath, ".test")
		}
		if !under(owner, mod+"/hal") {
			continue
		}
		checked++
		for _, d := range p.Deps {
			if d, _, _ = strings.Cut(d, " "); upper(d) {
				t.Errorf("%s (tests of %s) imports %s: hal never imports board, firmware or cmd, tests included", p.ImportPath, owner, d)
			}
		}
	}
	if checked == 0 {
		t.Fatal("go list -test found no hal packages")
	}
}

// directRules judge what a package itself imports, its tests included.
func directRules() []rule {
	return []rule{
		{"cmd only parses flags and wires: how calls are shown (notices, status) is firmware/console's, " +
			"so cmd/secretary uses nothing of the call machine (firmware/call), tests included",
			func(p string) bool { return p == mod+"/cmd/secretary" },
			func(d string) bool { return under(d, mod+"/firmware/call") }, nil},
	}
}

func TestArchitecture_DirectImports(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, r := range directRules() {
			if !r.from(p.ImportPath) {
				continue
			}
			for _, d := range append(append(append([]string(nil), p.Imports...), p.TestImports...), p.XTestImports...) {
				if r.to(d) && (r.allowed == nil || !r.allowed(p.ImportPath, d)) {
					t.Errorf("%s imports %s: %s", p.ImportPath, d, r.why)
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestArchitecture_DocAndNoInit(t *testing.T) {
	for _, p := range listPackages(t) {
		if len(p.GoFiles) == 0 {
			continue
		}
		if !under(p.ImportPath, mod+"/cmd") {
			if _, err := os.Stat(filepath.Join(p.Dir, "doc.go")); err != nil {
				t.Errorf("%s has no doc.go saying what it owns and may import", p.ImportPath)
			}
		}
		for _, f := range p.GoFiles {
			path := filepath.Join(p.Dir, f)
			if hasInit(t, path) && !under(p.ImportPath, mod+"/cmd") {
				t.Errorf("%s: init() outside cmd/ (no registration by side effect)", path)
			}
		}
	}
}

func hasInit(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "func init()") {
			return true
		}
	}
	return false
}

func TestArchitecture_TopLevelFixed(t *testing.T) {
	for _, d := range []string{"cmd", "firmware", "hal", "screening", "board", "testdata", "go.mod", "go.sum", "Makefile", "README.md"} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("top level must hold %s: %v", d, err)
		}
	}
}
