package voicemail

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"secretary/hal/audio"
	"secretary/screening"
)

// Export gives the index and one 16-bit PCM WAV per message with the
// message's audio; a message whose file is gone is left out of both.
func TestExport(t *testing.T) {
	dir := t.TempDir()
	b := New(newMeta(), Config{Dir: dir, MinFree: 1})
	if err := b.Open(); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	var ids []string
	for i, who := range []string{"ANN\x1b[2J", "BOB", "GONE"} {
		id, err := b.Save(screening.Message{Number: "+1212555010" + string(rune('0'+i)), Name: who, Time: t0.Add(time.Duration(i) * time.Hour)}, tone(8000*(i+1)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := b.MarkHeard(ids[1]); err != nil {
		t.Fatal(err)
	}
	heardAt := func() string { m, _ := b.meta.Message(ids[1]); return m.HeardAt.Format(time.RFC3339) }()
	if err := os.Remove(filepath.Join(dir, "messages", ids[2]+".wav")); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	n, err := b.Export(context.Background(), &out)
	if err != nil || n != 2 {
		t.Fatalf("Export = %d, %v", n, err)
	}
	tr := tar.NewReader(&out)
	files := map[string][]byte{}
	var order []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		files[h.Name] = data
		order = append(order, h.Name)
	}
	if len(order) != 3 || order[0] != IndexFile {
		t.Fatalf("archive holds %v, want index.json first and 2 WAV files", order)
	}
	var idx []IndexEntry
	if err := json.Unmarshal(files[IndexFile], &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx) != 2 || idx[0].ID != ids[1] || idx[1].ID != ids[0] {
		t.Fatalf("index %+v, want %s then %s (newest first, the gone one left out)", idx, ids[1], ids[0])
	}
	want := []IndexEntry{
		{ID: ids[1], File: ids[1] + ".wav", Time: "2026-11-30T10:00:00Z", Number: "+12125550101", Name: "BOB", DurationS: 2, Heard: true, HeardAt: heardAt},
		{ID: ids[0], File: ids[0] + ".wav", Time: "2026-11-30T09:00:00Z", Number: "+12125550100", Name: "ANN", DurationS: 1},
	}
	for i, e := range idx {
		if e != want[i] {
			t.Errorf("index[%d] = %+v, want %+v", i, e, want[i])
		}
		clip, err := audio.DecodeWAV(files[e.File])
		if err != nil {
			t.Fatalf("%s: %v", e.File, err)
		}
		if clip.Encoding != audio.PCM16 || clip.Rate != 8000 || clip.Channels != 1 || float64(clip.Frames()) != e.DurationS*8000 {
			t.Errorf("%s: %v %d Hz %d ch %d frames", e.File, clip.Encoding, clip.Rate, clip.Channels, clip.Frames())
		}
		pcm, _, _ := b.Audio(e.ID)
		if !slices.Equal(pcm, clip.Samples) {
			t.Errorf("%s: the samples differ from the message's", e.File)
		}
	}
}
