package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"secretary/firmware/call"
	"secretary/hal/audio"
)

// Every clip the call machine can ask for must exist.
func TestSet_EveryMachineClip(t *testing.T) {
	s := New("")
	names := []call.Clip{call.ClipGreeting, call.ClipNameReason, call.ClipHold, call.ClipConnecting, call.ClipGoodbye,
		call.ClipVoicemail, call.ClipChallenge, call.ClipBlocked, call.ClipScreened, call.ClipOptions, call.ClipNoNumber, call.ClipMailboxFull, call.ClipNotKept}
	names = append(names, call.ClipCallBackSame, call.ClipCallBackOther, call.ClipCallBackInvalid, call.ClipCallBackConfirm,
		call.ClipUrgentPrompt, call.ClipUrgentMarked, call.ClipLeaveMessage, call.ClipYouHave, call.ClipNoMessages,
		call.ClipNewMessage, call.ClipNewMessages, call.ClipSavedMessage, call.ClipSavedMessages, call.ClipAnd,
		call.ClipMessageNumber, call.ClipUrgent, call.ClipToday, call.ClipYesterday, call.ClipAt, call.ClipOh, call.ClipAM,
		call.ClipPM, call.ClipFrom, call.ClipCallBackAt, call.ClipMessageOptions, call.ClipDeleted, call.ClipSaved, call.ClipNoMore)
	names = append(names, call.ClipMenuFor, call.ClipMenuPress, call.ClipMenuMessage, call.ClipExtension, call.ClipCallFor,
		call.ClipForwarding, call.ClipMessageFor, call.ClipAfterTone, call.ClipRecordVoice, call.ClipBeep)
	for d := byte('0'); d <= '9'; d++ {
		names = append(names, call.DigitClip(d))
	}
	// what the owner hears: every count up to 100, every weekday and month
	for n := 0; n <= 100; n++ {
		names = append(names, call.CountClips(n)...)
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		names = append(names, call.WeekdayClip(d))
	}
	for m := time.January; m <= time.December; m++ {
		names = append(names, call.MonthClip(m))
	}
	for _, n := range names {
		pcm, err := s.Clip(string(n))
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		max := 10 * 8000
		if n == call.ClipMessageOptions {
			max = 16 * 8000 // six keys to explain
		}
		if len(pcm) < 800 || len(pcm) > max {
			t.Errorf("%s: %d samples, want 0.1-%d s", n, len(pcm), max/8000)
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
