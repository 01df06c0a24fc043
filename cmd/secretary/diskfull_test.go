package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"secretary/screening"
	"secretary/screening/store"
)

// TestMain lets this test binary act as the secretary command in a child
// process (SECRETARY_TEST_MAIN=1), for tests that need a process of their
// own: one whose file size limit plays a full disk, one that a damaged
// store must not crash.
func TestMain(m *testing.M) {
	if os.Getenv("SECRETARY_TEST_MAIN") == "1" {
		childSetup()
		os.Exit(mainProcess())
	}
	os.Exit(m.Run())
}

// A disk that fills up during an import (played by RLIMIT_FSIZE: writes
// past the limit fail with EFBIG, as they would with ENOSPC) gives a clear
// error and a non-zero exit, and loses nothing: the store opens, passes
// bbolt's check, and still holds the list that was there before.
func TestImport_DiskFullLosesNothing(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the file size limit")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	small := writeTestFile(t, "allow.csv", "number,name,note\n2015550123,Alice,\n2125550143,Dentist,\n")
	if code, _, errs := runScreeningCLI(t, "import", "--data", data, "--list", "allow", small); code != 0 {
		t.Fatalf("first import: %s", errs)
	}
	var big strings.Builder
	big.WriteString("number,name,note\n")
	for i := 0; i < 300000; i++ {
		fmt.Fprintf(&big, "+1%03d555%04d,robocaller %d,\n", 201+i%700, i%10000, i)
	}
	bigPath := writeTestFile(t, "block.csv", big.String())

	// 2 MiB of file: the first batch cannot fit
	cmd := exec.Command("sh", "-c", `ulimit -f 2048 && exec "$0" "$@"`, os.Args[0], "import", "--data", data, "--list", "block", bigPath)
	cmd.Env = append(os.Environ(), "SECRETARY_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("import into a full disk succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), "file too large") || !strings.Contains(string(out), "error: nothing imported (the lists are as they were)") {
		t.Errorf("import error does not say what happened:\n%s", out)
	}
	if tmp, _ := filepath.Glob(filepath.Join(data, ".import-*")); len(tmp) != 0 {
		t.Errorf("the import's temporary file was left behind: %v", tmp)
	}

	st, err := store.OpenDir(data)
	if err != nil {
		t.Fatalf("store after a full disk: %v", err)
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		t.Fatalf("consistency check after a full disk: %v", err)
	}
	for _, n := range []string{"+12015550123", "+12125550143"} {
		if r, ok, err := st.LookupNumber(n); err != nil || !ok || r.Action != screening.ActionPass {
			t.Errorf("%s after a full disk: %+v %v %v", n, r, ok, err)
		}
	}
}
