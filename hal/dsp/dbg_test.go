package dsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"secretary/hal/audio"
)

func TestDbgCID(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/vectors/cid/*.json")
	for _, f := range files {
		var v struct {
			Expect map[string]any `json:"expect"`
		}
		b, _ := os.ReadFile(f)
		json.Unmarshal(b, &v)
		wf, _ := os.Open(f[:len(f)-5] + ".wav")
		c, _ := audio.ReadWAV(wf)
		wf.Close()
		r := NewCIDReceiver(CIDRxOptions{})
		var ev []CIDEvent
		for i := 0; i < len(c.Samples); i += 160 {
			ev = r.Process(c.Samples[i:min(i+160, len(c.Samples))], ev)
		}
		wj, _ := json.Marshal(v.Expect["cid"])
		t.Logf("%s want %s", filepath.Base(f), wj)
		for _, e := range ev {
			t.Logf("    got %v err=%v markHz=%.0f", e.CallerID, e.Err, r.markHz)
		}
	}
}
