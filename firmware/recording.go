package firmware

import (
	"context"
	"errors"
	"sync"
	"time"

	"secretary/firmware/call"
	"secretary/hal/audio"
	"secretary/hal/dsp"
)

// recordings keeps the last name and message recordings: a line helper
// writes them, the call loop reads them (announcement, save), so they
// have their own lock.
type recordings struct {
	mu   sync.Mutex
	name []int16
	msg  []int16
}

func (r *recordings) setName(pcm []int16) {
	r.mu.Lock()
	r.name = pcm
	r.mu.Unlock()
}

func (r *recordings) nameAudio() []int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.name
}

func (r *recordings) setMessage(pcm []int16) {
	r.mu.Lock()
	r.msg = pcm
	r.mu.Unlock()
}

// takeMessage hands over the message recording and forgets it.
func (r *recordings) takeMessage() []int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	pcm := r.msg
	r.msg = nil
	return pcm
}

// vadConfig is the voice detector that ends recordings: Quiet after
// speech, Silence when nobody spoke; a 20 ms frame at VoiceLevel or more
// counts as speech.
func (a *Appliance) vadConfig() dsp.VADConfig {
	return dsp.VADConfig{
		Frame:          20 * time.Millisecond,
		MinVoiceDBm0:   audio.PowerDBm0(a.cfg.VoiceLevel * a.cfg.VoiceLevel),
		VoiceMin:       20 * time.Millisecond,
		Hangover:       a.cfg.Quiet,
		NoVoiceTimeout: a.cfg.Silence,
	}
}

// recorder is what capture records from: the line or the handset.
type recorder interface {
	Record(ctx context.Context, sink func(pcm []int16) bool) error
}

// capture records line audio until stop, limit, quiet after speech, or
// silence throughout, and reports whether anyone spoke. The silence after
// the last word is cut to 300 ms.
func capture(ctx context.Context, l recorder, cfg dsp.VADConfig, limit time.Duration, stop <-chan struct{}) ([]int16, bool, error) {
	vad := dsp.NewVAD(cfg)
	var pcm []int16
	var evs []dsp.VADEvent
	limitN := int(limit.Seconds() * 8000)
	err := l.Record(ctx, func(b []int16) bool {
		select {
		case <-stop:
			return false
		default:
		}
		if room := limitN - len(pcm); len(b) > room {
			b = b[:room]
		}
		pcm = append(pcm, b...)
		evs = vad.Process(b, evs[:0])
		for _, e := range evs {
			if e.Kind == dsp.VADQuiet || e.Kind == dsp.VADSilence {
				return false
			}
		}
		return len(pcm) < limitN
	})
	voiced := vad.Spoke()
	if voiced {
		// trim the trailing silence but keep a little
		keep := int((vad.Quiet() - 300*time.Millisecond).Seconds() * 8000)
		if keep > 0 && keep < len(pcm) {
			pcm = pcm[:len(pcm)-keep]
		}
	}
	if errors.Is(err, context.Canceled) && ctx.Err() == nil {
		err = nil
	}
	return pcm, voiced, err
}

// clips concatenates audio clips; a missing clip is logged and skipped.
func (r *runner) clips(names []call.Clip) []int16 {
	var out []int16
	for _, n := range names {
		if n == call.ClipRecordedName {
			out = append(out, r.rec.nameAudio()...)
			continue
		}
		if r.a.prompts == nil {
			continue
		}
		pcm, err := r.a.prompts.Clip(string(n))
		if ext, key, ok := r.personClip(n); ok && err != nil {
			// no recording of the name: "extension 1"
			out = append(out, r.clips([]call.Clip{ext, key})...)
			continue
		}
		if err != nil {
			r.a.log.Warn("prompt missing", "clip", n, "err", err)
			continue
		}
		out = append(out, pcm...)
	}
	return out
}
