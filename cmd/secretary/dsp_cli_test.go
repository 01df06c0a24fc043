package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runMain(context.Background(), &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e}, args)
	return code, o.String(), e.String()
}

func decodeJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"decode", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("decode %v: exit %d: %s", args, code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("decode output %q: %v", out, err)
	}
	return m
}

func TestGenDecode_RoundTrip(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string // JSON of decode --json
	}{
		{[]string{"cid", "--standard", "bellcore", "--number", "2125550143", "--name", "HUDSON DENTAL", "--date", "11220915"},
			`{"dtmf":"","cid":{"date":"11220915","number":"2125550143","name":"HUDSON DENTAL","standard":"bellcore"},"cpt":"none"}`},
		{[]string{"cid", "--standard", "bellcore", "--format", "sdmf", "--number-absent", "P", "--date", "01020304"},
			`{"dtmf":"","cid":{"date":"01020304","number_absent":"P","standard":"bellcore"},"cpt":"none"}`},
		{[]string{"cid", "--standard", "etsi", "--number", "01632960123", "--name-absent", "O", "--encoding", "alaw"},
			`{"dtmf":"","cid":{"number":"01632960123","name_absent":"O","standard":"etsi"},"cpt":"none"}`},
		{[]string{"dtmf", "123#", "--encoding", "ulaw"}, `{"dtmf":"123#","cpt":"none"}`},
		{[]string{"sit", "IC"}, `{"dtmf":"","cpt":"none","sit":"IC"}`},
		{[]string{"sit", "NC'", "--encoding", "pcm8"}, `{"dtmf":"","cpt":"none","sit":"NC'"}`},
		{[]string{"busy"}, `{"dtmf":"","cpt":"busy"}`},
		{[]string{"ringback", "--duration", "7s"}, `{"dtmf":"","cpt":"ringback"}`},
		{[]string{"reorder"}, `{"dtmf":"","cpt":"reorder"}`},
		{[]string{"dial", "--level", "-16"}, `{"dtmf":"","cpt":"dial"}`},
	}
	for i, c := range cases {
		f := filepath.Join(dir, strings.ReplaceAll(c.args[0]+string(rune('a'+i)), "'", "")+".wav")
		if code, _, errOut := runCLI(t, append(append([]string{"gen"}, c.args...), "-o", f)...); code != 0 {
			t.Fatalf("gen %v: exit %d: %s", c.args, code, errOut)
		}
		code, out, errOut := runCLI(t, "decode", "--json", f)
		if code != 0 || strings.TrimSpace(out) != c.want {
			t.Errorf("gen %v | decode --json:\n got %s (exit %d, %s)\nwant %s", c.args, strings.TrimSpace(out), code, errOut, c.want)
		}
	}
}

func TestDecode_Vectors(t *testing.T) {
	v := "../../testdata/vectors/"
	if m := decodeJSON(t, v+"cid/cid_etsi_mdmf_absent_091.wav"); m["cid"].(map[string]any)["name_absent"] != "P" {
		t.Errorf("etsi absent: %v", m)
	}
	if m := decodeJSON(t, v+"cid/cid_reject_122.wav"); m["cid"] != nil {
		t.Errorf("bad checksum decoded: %v", m)
	}
	if m := decodeJSON(t, v+"dtmf/dtmf_noise_snr09_100.wav"); m["dtmf"] != "#8*#08" {
		t.Errorf("dtmf: %v", m)
	}
	// --cid-standard narrows what is accepted
	if m := decodeJSON(t, "--cid-standard", "etsi", v+"cid/cid_bellcore_mdmf_020.wav"); m["cid"] != nil {
		t.Errorf("etsi-only decoded a Bell 202 burst: %v", m)
	}
	if m := decodeJSON(t, "--cid-standard", "dtmf", v+"cid/cid_dtmf_clip_103.wav"); m["cid"].(map[string]any)["number"] != "9676534858" {
		t.Errorf("dtmf clip: %v", m)
	}
	// the text form prints what it found
	code, out, _ := runCLI(t, "decode", v+"cid/cid_bellcore_sdmf_002.wav")
	if code != 0 || !strings.Contains(out, `"8358979916"`) || !strings.Contains(out, "bellcore") {
		t.Errorf("text decode: exit %d\n%s", code, out)
	}
}

func TestDecodeGen_Errors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.wav")
	_ = os.WriteFile(junk, []byte("RIFF\x04\x00\x00\x00WAVE"), 0o644)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"decode"}, 2, "Usage"},
		{[]string{"decode", "--cid-standard", "martian", junk}, 2, "Usage"},
		{[]string{"decode", filepath.Join(dir, "missing.wav")}, 1, "no such file"},
		{[]string{"decode", junk}, 1, "audio:"},
		{[]string{"gen", "dtmf", "12x", "-o", filepath.Join(dir, "x.wav")}, 1, "not a DTMF digit"},
		{[]string{"gen", "sit", "XX", "-o", filepath.Join(dir, "x.wav")}, 1, "unknown SIT code"},
		{[]string{"gen", "dtmf", "12"}, 2, "-o FILE.wav is required"},
		{[]string{"gen", "warble", "-o", filepath.Join(dir, "x.wav")}, 2, "unknown signal"},
		{[]string{"gen", "cid", "-o", filepath.Join(dir, "x.wav")}, 2, "give --number"},
	}
	for _, c := range cases {
		code, _, errOut := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d containing %q", c.args, code, errOut, c.code, c.msg)
		}
	}
}
