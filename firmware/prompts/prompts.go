package prompts

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"secretary/hal/audio"
)

//go:embed wav/*.wav
var defaults embed.FS

// ErrUnknown is returned for a clip that neither the owner's directory nor
// the defaults hold.
var ErrUnknown = errors.New("prompts: no such prompt")

// Set serves prompts: the owner's recording if there is one, else the
// default. It caches decoded clips and is safe for concurrent use.
type Set struct {
	dir string // owner's recordings; "" for none

	mu    sync.Mutex
	cache map[string][]int16
}

// New returns a set that prefers recordings in dir (may be "").
func New(dir string) *Set { return &Set{dir: dir, cache: map[string][]int16{}} }

// validName keeps clip names to a flat, harmless alphabet.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Clip returns the named prompt as 8 kHz mono PCM.
func (s *Set) Clip(name string) ([]int16, error) {
	if !validName(name) {
		return nil, fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if pcm, ok := s.cache[name]; ok {
		return pcm, nil
	}
	pcm, err := s.load(name)
	if err != nil {
		return nil, err
	}
	s.cache[name] = pcm
	return pcm, nil
}

func (s *Set) load(name string) ([]int16, error) {
	if s.dir != "" {
		f, err := os.Open(filepath.Join(s.dir, name+".wav"))
		if err == nil {
			defer f.Close()
			pcm, err := audio.LoadPrompt(f)
			if err != nil {
				return nil, fmt.Errorf("prompts: owner's %s.wav: %w", name, err)
			}
			return pcm, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("prompts: %w", err)
		}
	}
	f, err := defaults.Open("wav/" + name + ".wav")
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	defer f.Close()
	pcm, err := audio.LoadPrompt(f)
	if err != nil {
		return nil, fmt.Errorf("prompts: default %s.wav: %w", name, err)
	}
	return pcm, nil
}

// Names lists the default prompts.
func Names() []string {
	ents, _ := defaults.ReadDir("wav")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".wav"))
	}
	sort.Strings(out)
	return out
}
