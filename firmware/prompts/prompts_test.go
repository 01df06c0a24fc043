package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"secretary/firmware/call"
	"secretary/hal/audio"
)

// Every clip the call machine can ask for must exist.
func TestSet_EveryMachineClip(t *testing.T) {
	s := New("")
	names := []call.Clip{call.ClipGreeting, call.ClipNameReason, call.ClipHold, call.ClipConnecting, call.ClipGoodbye,
		call.ClipVoicemail, call.ClipChallenge, call.ClipBlocked, call.ClipScreened, call.ClipOptions, call.ClipNoNumber, call.ClipMailboxFull,
		call.ClipMenuFor, call.ClipMenuPress, call.ClipMenuMessage, call.ClipExtension, call.ClipCallFor, call.ClipFrom,
		call.ClipForwarding, call.ClipMessageFor, call.ClipAfterTone, call.ClipRecordVoice, call.ClipBeep}
	for d := byte('0'); d <= '9'; d++ {
		names = append(names, call.DigitClip(d))
	}
	for _, n := range names {
		pcm, err := s.Clip(string(n))
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if len(pcm) < 800 || len(pcm) > 8000*10 {
			t.Errorf("%s: %d samples, want 0.1-10 s", n, len(pcm))
		}
	}
}

func TestSet_OwnerRecordingWins(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "goodbye.wav"))
	if err != nil {
		t.Fatal(err)
	}
	own := make([]int16, 16000) // 1 s at 16 kHz: resampled to 8000
	if err := audio.WriteWAV(f, audio.PCM16, 16000, own); err != nil {
		t.Fatal(err)
	}
	f.Close()
	pcm, err := New(dir).Clip("goodbye")
	if err != nil {
		t.Fatal(err)
	}
	if len(pcm) != 8000 {
		t.Errorf("owner's goodbye: %d samples, want 8000", len(pcm))
	}
	def, _ := New("").Clip("goodbye")
	if len(def) == 8000 {
		t.Error("default goodbye has the owner's length")
	}
}

func TestSet_Unknown(t *testing.T) {
	for _, n := range []string{"nope", "../etc/passwd", "", "Goodbye"} {
		if _, err := New(t.TempDir()).Clip(n); !errors.Is(err, ErrUnknown) {
			t.Errorf("Clip(%q) = %v, want ErrUnknown", n, err)
		}
	}
}

func TestSet_SaveClip(t *testing.T) {
	dir := t.TempDir()
	s := New(filepath.Join(dir, "prompts"))
	name := string(call.PersonClip("anna"))
	if s.Has(name) {
		t.Fatal("a name nobody recorded")
	}
	if _, err := s.Clip(name); !errors.Is(err, ErrUnknown) {
		t.Fatalf("Clip before recording: %v", err)
	}
	pcm := make([]int16, 4000)
	for i := range pcm {
		pcm[i] = int16(i % 300)
	}
	if err := s.SaveClip(name, pcm); err != nil {
		t.Fatal(err)
	}
	got, err := New(filepath.Join(dir, "prompts")).Clip(name) // from the file, not the cache
	if err != nil || len(got) != len(pcm) || got[299] != 299 {
		t.Fatalf("saved clip: %d samples, %v", len(got), err)
	}
	if !s.Has(name) {
		t.Error("Has after saving")
	}
	if ok, err := s.DeleteClip(name); !ok || err != nil {
		t.Errorf("DeleteClip = %v, %v", ok, err)
	}
	if _, err := s.Clip(name); !errors.Is(err, ErrUnknown) {
		t.Errorf("Clip after deleting: %v", err)
	}
	if err := New("").SaveClip(name, pcm); !errors.Is(err, ErrNoDir) {
		t.Errorf("SaveClip without a directory: %v", err)
	}
	if err := s.SaveClip("../x", pcm); err == nil {
		t.Error("a bad name was saved")
	}
}
