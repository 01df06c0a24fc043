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
		call.ClipVoicemail, call.ClipChallenge, call.ClipBlocked, call.ClipScreened, call.ClipOptions, call.ClipNoNumber, call.ClipMailboxFull}
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
