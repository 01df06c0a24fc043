package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secretary/screening/store"
)

func runScreeningCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runMain(context.Background(), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func writeTestFile(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScreeningCLI_ImportExportDecide(t *testing.T) {
	data := t.TempDir()
	csv := writeTestFile(t, "block.csv", "number,name,note,source\n212-555-0199,Spammer,\"reported, twice\",ftc\nnot-a-number,x,,\n+44 20 7946 0958,,,\n")
	code, out, errs := runScreeningCLI(t, "import", "--data", data, "--list", "block", csv)
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	if out != "" || !strings.Contains(errs, `block.csv:3: skipped: "not-a-number" (column number) is not a telephone number`) || !strings.Contains(errs, "imported 2, skipped 1: 2 numbers to the block list") {
		t.Errorf("import stderr:\n%s", errs)
	}
	vcf := writeTestFile(t, "c.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mom\r\nTEL:+1 212 555 0100\r\nEND:VCARD\r\n")
	if code, _, errs := runScreeningCLI(t, "import", "--data", data, "--list", "allow", vcf); code != 0 || !strings.Contains(errs, "imported 1, skipped 0: 1 number to the allow list") {
		t.Fatalf("vcard import exit %d: %s", code, errs)
	}

	code, out, errs = runScreeningCLI(t, "export", "--data", data, "--list", "block")
	want := "number,name,note\n+12125550199,Spammer,\"reported, twice\"\n+442079460958,,\n"
	if code != 0 || out != want {
		t.Errorf("export exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, out, want, errs)
	}

	tests := []struct {
		args     []string
		decision string
		rule     string
	}{
		{[]string{"(212) 555-0199"}, "block", "block +12125550199"},
		{[]string{"+12125550100"}, "pass", "allow +12125550100"},
		{[]string{"2125550111"}, "screen", ""},
		{[]string{"P"}, "screen", ""},
		{[]string{"O"}, "screen", ""},
		{[]string{"--name", "SPAM", "0000000000"}, "screen", ""},
	}
	for _, tt := range tests {
		args := append([]string{"decide", "--data", data}, tt.args...)
		code, out, errs := runScreeningCLI(t, args...)
		if code != 0 {
			t.Errorf("decide %v: exit %d: %s", tt.args, code, errs)
			continue
		}
		var m map[string]string
		dec := json.NewDecoder(strings.NewReader(out))
		if err := dec.Decode(&m); err != nil || dec.More() {
			t.Errorf("decide %v: not exactly one JSON object: %q", tt.args, out)
			continue
		}
		if len(m) != 3 || m["decision"] != tt.decision || m["rule"] != tt.rule || m["reason"] == "" {
			t.Errorf("decide %v = %v, want decision %q rule %q", tt.args, m, tt.decision, tt.rule)
		}
	}
	if _, err := os.Stat(store.Path(data)); err != nil {
		t.Errorf("database not at store.Path: %v", err)
	}
}

func TestScreeningCLI_Usage(t *testing.T) {
	data := t.TempDir()
	for _, args := range [][]string{
		{"import", "--data", data, "x.csv"},
		{"import", "--list", "block", "x.csv"},
		{"import", "--data", data, "--list", "block"},
		{"export", "--data", data},
		{"decide", "--data", data},
		{"decide", "5551234567"},
	} {
		if code, _, errs := runScreeningCLI(t, args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a usage message", args, code, errs)
		}
	}
	if code, _, errs := runScreeningCLI(t, "import", "--data", data, "--list", "grey", "-"); code != 2 || !strings.Contains(errs, `error: no list "grey"`) {
		t.Errorf("bad list: exit %d %q", code, errs)
	}
	if code, _, errs := runScreeningCLI(t, "export", "--data", filepath.Join(data, "none"), "--list", "block"); code != 1 || !strings.Contains(errs, "no database") {
		t.Errorf("export without db: exit %d %q", code, errs)
	}
	if code, _, _ := runScreeningCLI(t, "decide", "--help"); code != 0 {
		t.Errorf("--help exit %d", code)
	}
}
