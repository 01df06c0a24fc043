package dsp

import (
	"math"
	"time"

	"secretary/hal/audio"
)

// VADConfig tunes the voice-activity detector. Zero values take defaults.
type VADConfig struct {
	Frame          time.Duration // analysis frame (default 20 ms)
	MinVoiceDBm0   float64       // a voiced frame is at least this loud (default -45 dBm0)
	MarginDB       float64       // and this far over the noise floor (default 9 dB)
	VoiceMin       time.Duration // voiced time that counts as speech started (default 100 ms)
	Hangover       time.Duration // silence after speech that ends it: VADQuiet (default 2 s)
	NoVoiceTimeout time.Duration // silence from the start with no speech: VADSilence (default 5 s; <0 never)
}

func (c VADConfig) withDefaults() VADConfig {
	if c.Frame <= 0 {
		c.Frame = 20 * time.Millisecond
	}
	if c.MinVoiceDBm0 == 0 {
		c.MinVoiceDBm0 = -45
	}
	if c.MarginDB == 0 {
		c.MarginDB = 9
	}
	if c.VoiceMin <= 0 {
		c.VoiceMin = 100 * time.Millisecond
	}
	if c.Hangover <= 0 {
		c.Hangover = 2 * time.Second
	}
	if c.NoVoiceTimeout == 0 {
		c.NoVoiceTimeout = 5 * time.Second
	}
	return c
}

// VADEventKind says what the voice-activity detector saw.
type VADEventKind int

const (
	VADVoiceStart VADEventKind = iota + 1 // speech began
	VADQuiet                              // speech, then Hangover of silence: end of message
	VADSilence                            // no speech at all for NoVoiceTimeout: presumed hang-up
)

func (k VADEventKind) String() string {
	switch k {
	case VADVoiceStart:
		return "voice"
	case VADQuiet:
		return "quiet"
	case VADSilence:
		return "silence"
	}
	return "VADEventKind(?)"
}

// VADEvent is one change reported by the VAD.
type VADEvent struct {
	Kind VADEventKind
	At   int64 // sample index of the frame that decided it
}

// VAD is an energy voice-activity detector with an adaptive noise floor, for
// ending recordings: VADQuiet after speech then silence, VADSilence when no
// one ever spoke. Stationary noise raises the floor (about 5 dB/s), so hiss
// and hum are not speech.
type VAD struct {
	cfg         VADConfig
	frame       int
	acc         float64
	n           int
	sample      int64
	floor       float64 // dBm0
	voiceFrames int
	quietFrames int
	inVoice     bool
	everVoice   bool
	silenceSent bool
	voiceMinF   int
	hangF       int
	noVoiceF    int
}

// NewVAD returns a VAD at sample 0.
func NewVAD(cfg VADConfig) *VAD {
	cfg = cfg.withDefaults()
	v := &VAD{cfg: cfg, floor: -70}
	v.frame = samplesOf(cfg.Frame)
	v.voiceMinF = int(math.Ceil(float64(cfg.VoiceMin) / float64(cfg.Frame)))
	v.hangF = int(math.Ceil(float64(cfg.Hangover) / float64(cfg.Frame)))
	if cfg.NoVoiceTimeout > 0 {
		v.noVoiceF = int(math.Ceil(float64(cfg.NoVoiceTimeout) / float64(cfg.Frame)))
	}
	return v
}

// Spoke reports whether speech has been seen since the start.
func (v *VAD) Spoke() bool { return v.everVoice }

// Quiet is how long no frame has been voiced: since the last voiced
// frame, or since the start when none was.
func (v *VAD) Quiet() time.Duration { return time.Duration(v.quietFrames) * v.cfg.Frame }

// Process consumes pcm and appends events to dst.
func (v *VAD) Process(pcm []int16, dst []VADEvent) []VADEvent {
	for _, s := range pcm {
		f := float64(s)
		v.acc += f * f
		v.n++
		v.sample++
		if v.n < v.frame {
			continue
		}
		lvl := audio.PowerDBm0(v.acc / float64(v.n))
		v.acc, v.n = 0, 0
		dst = v.frameDone(lvl, dst)
	}
	return dst
}

func (v *VAD) frameDone(lvl float64, dst []VADEvent) []VADEvent {
	voiced := lvl >= v.cfg.MinVoiceDBm0 && lvl >= v.floor+v.cfg.MarginDB
	// noise floor: follow down at once, up slowly (0.1 dB per frame)
	if lvl < v.floor {
		v.floor = lvl
	} else {
		v.floor = math.Min(lvl, v.floor+0.1)
	}
	if voiced {
		v.voiceFrames++
		v.quietFrames = 0
		if !v.inVoice && v.voiceFrames >= v.voiceMinF {
			v.inVoice, v.everVoice = true, true
			dst = append(dst, VADEvent{Kind: VADVoiceStart, At: v.sample})
		}
		return dst
	}
	v.voiceFrames = 0
	v.quietFrames++
	if v.inVoice && v.quietFrames >= v.hangF {
		v.inVoice = false
		dst = append(dst, VADEvent{Kind: VADQuiet, At: v.sample})
	}
	if !v.everVoice && !v.silenceSent && v.noVoiceF > 0 && v.quietFrames >= v.noVoiceF {
		v.silenceSent = true
		dst = append(dst, VADEvent{Kind: VADSilence, At: v.sample})
	}
	return dst
}
