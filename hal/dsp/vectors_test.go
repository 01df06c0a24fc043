package dsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"secretary/hal/audio"
	"secretary/hal/dsp"
)

const vectorDir = "../../testdata/vectors"

type vectorIndex struct {
	Count   int `json:"count"`
	Vectors []struct {
		WAV      string `json:"wav"`
		Truth    string `json:"truth"`
		Category string `json:"category"`
	} `json:"vectors"`
}

type truth struct {
	Expect map[string]json.RawMessage `json:"expect"`
	Params struct {
		Standard string `json:"standard"`
	} `json:"params"`
}

// TestVectors decodes every vector of testdata/vectors/index.json (made by
// an independent implementation) through dsp.Analyze, the code path of
// `secretary decode --json`, and compares each member of the truth's
// expect exactly: dtmf (string), cpt (string), sit (code) and cid (null or
// an object whose members must equal ours one for one; our extra member
// "standard" must equal the vector's params.standard).
func TestVectors(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(vectorDir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx vectorIndex
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Vectors) != idx.Count || idx.Count != 134 {
		t.Fatalf("index lists %d vectors, count %d, want 134", len(idx.Vectors), idx.Count)
	}
	for _, v := range idx.Vectors {
		t.Run(v.WAV, func(t *testing.T) {
			t.Parallel()
			var tr truth
			tb, err := os.ReadFile(filepath.Join(vectorDir, v.Truth))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(tb, &tr); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(vectorDir, v.WAV))
			if err != nil {
				t.Fatal(err)
			}
			clip, err := audio.ReadWAV(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if clip.Rate != 8000 || clip.Channels != 1 {
				t.Fatalf("vector is %d Hz, %d channels", clip.Rate, clip.Channels)
			}
			got := dsp.Analyze(clip.Samples, dsp.AnalyzeOptions{}).Summary()
			if len(tr.Expect) == 0 {
				t.Fatal("truth has no expect")
			}
			for k, raw := range tr.Expect {
				switch k {
				case "dtmf", "cpt", "sit":
					var want string
					if string(raw) != "null" {
						if err := json.Unmarshal(raw, &want); err != nil {
							t.Fatal(err)
						}
					}
					g := map[string]string{"dtmf": got.DTMF, "cpt": got.CPT, "sit": got.SIT}[k]
					if g != want {
						t.Errorf("%s: got %q, want %q", k, g, want)
					}
				case "cid":
					var want map[string]string
					if err := json.Unmarshal(raw, &want); err != nil {
						t.Fatal(err)
					}
					if want == nil {
						if got.CID != nil {
							t.Errorf("cid: got %+v, want none (reject vector)", *got.CID)
						}
						continue
					}
					if got.CID == nil {
						t.Fatalf("cid: got none, want %v", want)
					}
					var gm map[string]string
					gb, _ := json.Marshal(got.CID)
					_ = json.Unmarshal(gb, &gm)
					if gm["standard"] != tr.Params.Standard {
						t.Errorf("cid standard: got %q, want %q", gm["standard"], tr.Params.Standard)
					}
					delete(gm, "standard")
					if !reflect.DeepEqual(gm, want) {
						t.Errorf("cid: got %v, want %v", gm, want)
					}
				default:
					t.Fatalf("unknown expect member %q", k)
				}
			}
		})
	}
}
