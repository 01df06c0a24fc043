package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// names lists a directory ("" entries: it does not exist).
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var n []string
	for _, e := range ents {
		n = append(n, e.Name())
	}
	sort.Strings(n)
	return n
}

// On a stopped box: a backup restored into a new data directory gives the
// same lists and leaves nothing of the empty store the restore replaced; a
// refused backup leaves a new directory uncreated and an existing one as it
// was; a restore over a box keeps the replaced database aside.
func TestRestoreCLI_FreshDirectory(t *testing.T) {
	box := filepath.Join(t.TempDir(), "box")
	if code, _, errs := runIn(t, "Phone,Name\n+19005550001,One\n+19005550002,Two\n", "import", "--data", box, "--list", "block", "-"); code != 0 {
		t.Fatal(errs)
	}
	_, want, _ := cli("export", "--data", box, "--list", "block")
	file := filepath.Join(t.TempDir(), "box.backup")
	text := filepath.Join(t.TempDir(), "box.txt")
	for _, args := range [][]string{{"backup", "--data", box, "-o", file}, {"backup", "--data", box, "--text", "-o", text}} {
		if code, _, errs := cli(args...); code != 0 || !strings.Contains(errs, "ok: backup of") {
			t.Fatalf("%q: exit %d %s", args, code, errs)
		}
	}

	raw, _ := os.ReadFile(text)
	for name, restore := range map[string]func(dir string) (int, string, string){
		"file":    func(dir string) (int, string, string) { return cli("restore", "--data", dir, file) },
		"text, -": func(dir string) (int, string, string) { return runIn(t, string(raw), "restore", "--data", dir, "-") },
		"existing": func(dir string) (int, string, string) {
			os.Mkdir(dir, 0o700)
			return cli("restore", "--data", dir, file)
		},
	} {
		fresh := filepath.Join(t.TempDir(), "fresh")
		code, _, errs := restore(fresh)
		if code != 0 || !strings.Contains(errs, "ok: restored the backup") {
			t.Fatalf("%s: exit %d %s", name, code, errs)
		}
		if got := strings.Join(names(t, fresh), " "); got != "secretary.db secretary.db.created secretary.db.snapshots" {
			t.Errorf("%s: the fresh directory holds %s", name, got)
		}
		if _, got, _ := cli("export", "--data", fresh, "--list", "block"); got != want {
			t.Errorf("%s: restored block list\n%s\nwant\n%s", name, got, want)
		}
	}

	b, _ := os.ReadFile(file)
	b[len(b)/3] ^= 0x20
	bad := writeTestFile(t, "bad.backup", string(b))
	none := filepath.Join(t.TempDir(), "none")
	if code, _, errs := cli("restore", "--data", none, bad); code != 1 || !strings.Contains(errs, "error: the backup is damaged") {
		t.Errorf("damaged: exit %d %s", code, errs)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("a refused restore made %s: %v (%v)", none, err, names(t, none))
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o600)
	if code, _, _ := cli("restore", "--data", other, bad); code != 1 {
		t.Errorf("damaged into a directory: exit %d", code)
	}
	if got := strings.Join(names(t, other), " "); got != "notes.txt" {
		t.Errorf("a refused restore left %s", got)
	}

	// over a box: the database it replaces is kept
	if code, _, errs := runIn(t, "+12125550100\n", "import", "--data", box, "--list", "allow", "-"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli("restore", "--data", box, file); code != 0 {
		t.Fatalf("restore over the box: exit %d %s", code, errs)
	}
	kept := 0
	for _, n := range names(t, box) {
		if strings.HasPrefix(n, "secretary.db.old-") {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("restored over a box, %d databases kept aside: %v", kept, names(t, box))
	}
}
