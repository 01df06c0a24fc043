package prompts

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"secretary/hal/audio"
)

// ErrNoDir is returned when the set has no directory to keep recordings in.
var ErrNoDir = errors.New("prompts: no directory for recordings")

// SaveClip keeps pcm (8 kHz mono) as the owner's recording of name, in the
// directory (NAME.wav, 16-bit PCM, written whole or not at all), and
// serves it from now on: a person's name recorded on the handset or
// uploaded, or a prompt the owner replaces.
func (s *Set) SaveClip(name string, pcm []int16) error {
	if !validName(name) {
		return fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	if s.dir == "" {
		return ErrNoDir
	}
	if len(pcm) == 0 {
		return fmt.Errorf("prompts: %s: no audio", name)
	}
	var b bytes.Buffer
	if err := audio.WriteWAV(&b, audio.PCM16, 8000, pcm); err != nil {
		return fmt.Errorf("prompts: %s: %w", name, err)
	}
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return fmt.Errorf("prompts: %w", err)
	}
	path := filepath.Join(s.dir, name+".wav")
	tmp, err := os.CreateTemp(s.dir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("prompts: %w", err)
	}
	_, err = tmp.Write(b.Bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("prompts: %s: %w", name, err)
	}
	s.mu.Lock()
	s.cache[name] = append([]int16(nil), pcm...)
	s.mu.Unlock()
	return nil
}

// DeleteClip removes the owner's recording of name (the default, if any,
// is served again). It reports whether there was one.
func (s *Set) DeleteClip(name string) (bool, error) {
	if !validName(name) || s.dir == "" {
		return false, nil
	}
	s.mu.Lock()
	delete(s.cache, name)
	s.mu.Unlock()
	err := os.Remove(filepath.Join(s.dir, name+".wav"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("prompts: %w", err)
	}
	return true, nil
}

// Has reports whether name can be served (the owner's recording or a
// default), without decoding it.
func (s *Set) Has(name string) bool {
	if !validName(name) {
		return false
	}
	s.mu.Lock()
	_, ok := s.cache[name]
	s.mu.Unlock()
	if ok {
		return true
	}
	if s.dir != "" {
		if _, err := os.Stat(filepath.Join(s.dir, name+".wav")); err == nil {
			return true
		}
	}
	_, err := fs.Stat(defaults, "wav/"+name+".wav")
	return err == nil
}
