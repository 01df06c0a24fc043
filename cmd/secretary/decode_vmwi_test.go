package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secretary/hal/audio"
	"secretary/hal/dsp"
)

// `decode` recognises the message-waiting indication in both forms and
// prints it, in text and in --json, and never as a caller ID.
func TestDecode_VMWI(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		on   bool
		f    dsp.VMWIFormat
		want string
	}{
		{true, dsp.VMWIMDMF, "on"},
		{false, dsp.VMWIMDMF, "off"},
		{true, dsp.VMWISDMF, "on"},
		{false, dsp.VMWISDMF, "off"},
	} {
		pcm, err := dsp.VMWISignal(c.on, dsp.VMWIOptions{Format: c.f})
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "vmwi.wav")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := audio.WriteWAV(f, audio.ULaw, audio.Rate, pcm); err != nil {
			t.Fatal(err)
		}
		f.Close()
		m := decodeJSON(t, p)
		if m["mwi"] != c.want || m["cid"] != nil {
			t.Errorf("format %d, on %v: decode --json %v", c.f, c.on, m)
		}
		code, out, errOut := runCLI(t, "decode", p)
		if code != 0 || !strings.Contains(out, "message waiting: "+c.want) || strings.Contains(out, "caller ID") {
			t.Errorf("format %d, on %v: decode printed (exit %d, %s)\n%s", c.f, c.on, code, errOut, out)
		}
	}
}
