package dsp_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"secretary/hal/audio"
	"secretary/hal/dsp"
)

const talkoffDir = "testdata/talkoff"

// talkoffClip is one file of the talk-off corpus (testdata/talkoff, made by
// its gen.sh with espeak-ng and sox).
type talkoffClip struct {
	file, kind, made string
	pcm              []int16
}

func loadTalkoff(t testing.TB) []talkoffClip {
	t.Helper()
	f, err := os.Open(filepath.Join(talkoffDir, "index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var clips []talkoffClip
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		col := strings.SplitN(sc.Text(), "\t", 3)
		if len(col) != 3 {
			t.Fatalf("index.tsv: bad line %q", sc.Text())
		}
		w, err := os.Open(filepath.Join(talkoffDir, col[0]))
		if err != nil {
			t.Fatal(err)
		}
		clip, err := audio.ReadWAV(w)
		w.Close()
		if err != nil {
			t.Fatalf("%s: %v", col[0], err)
		}
		if clip.Rate != audio.Rate || clip.Channels != 1 {
			t.Fatalf("%s: %d Hz, %d channels", col[0], clip.Rate, clip.Channels)
		}
		clips = append(clips, talkoffClip{file: col[0], kind: col[1], made: col[2], pcm: clip.Samples})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return clips
}

// TestTalkoff_Corpus: speech (many voices, languages, speeds and pitches,
// male, female and child-like), speech in line noise, loud and clipped
// speech, music and hold-music chords must give no DTMF key at all, through
// the detector alone and through Analyze (which `decode` and the caller-ID
// receiver's DTMF CLIP path share). The corpus must be whole: every kind,
// at least 8 minutes.
func TestTalkoff_Corpus(t *testing.T) {
	clips := loadTalkoff(t)
	var samples int
	kinds := map[string]int{}
	false_ := 0
	for _, c := range clips {
		samples += len(c.pcm)
		kinds[c.kind]++
		var ev []dsp.DTMFEvent
		d := dsp.NewDTMFDetector()
		for i := 0; i < len(c.pcm); i += 160 {
			ev = d.Process(c.pcm[i:min(i+160, len(c.pcm))], ev)
		}
		rep := dsp.Analyze(c.pcm, dsp.AnalyzeOptions{})
		if len(ev) > 0 || rep.Digits() != "" {
			false_ += len(ev)
			for _, e := range ev {
				t.Errorf("%s: false key %c at %.3f s (%s)", c.file, e.Digit, float64(e.At)/dsp.SampleRate, c.made)
			}
		}
		if id, ok := rep.CallerID(); ok {
			t.Errorf("%s: false caller ID %v", c.file, id)
		}
	}
	t.Logf("%d clips, %.0f s (%v): %d false keys", len(clips), float64(samples)/dsp.SampleRate, kinds, false_)
	for _, k := range []string{"speech", "noisy", "loud", "music"} {
		if kinds[k] == 0 {
			t.Errorf("corpus has no %s clips", k)
		}
	}
	if samples < 480*dsp.SampleRate {
		t.Errorf("corpus holds %.0f s, want at least 480 s", float64(samples)/dsp.SampleRate)
	}
}
