package sim

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"secretary/hal/audio"
	"secretary/hal/dsp"
	"secretary/hal/modem/modemtest"
	"secretary/screening/words"
)

// WorldHelp lists the world commands (the console's "sim help").
const WorldHelp = `sim call NUMBER [NAME]   a caller rings the line with caller ID
sim call private|unavailable|none   a caller with withheld, out-of-area or no caller ID
sim say TEXT|FILE.wav    what the next caller says (speech-like audio for TEXT)
sim press DIGITS         the caller presses keys
sim caller-hangup        the caller hangs up (busy tone)
sim pickup | sim hangup  lift or put down the office handset
sim key DIGITS           press keys on the lifted handset (DTMF audio)
sim button short|long|double   press the box's button (double: twice, to hear the messages)
sim state                relay, hook, ringing, LED, modem, call, what was heard
sim heard                tones, keys, SIT and caller ID found in what the caller and the handset heard
sim reset                forget ring counts and what the handset and the caller heard
sim quit                 stop the simulated hardware`

// world runs one world command, a line in the console's grammar
// (screening/words: quote a name or a file with spaces).
func (s *server) world(ctx context.Context, cmd string) (string, error) {
	f, err := words.Split(cmd)
	if err != nil {
		return "", fmt.Errorf("sim: %w", err)
	}
	if len(f) > 0 && f[0] == "sim" {
		f = f[1:]
	}
	if len(f) == 0 {
		return WorldHelp, nil
	}
	s.mu.Lock()
	s.idleSince = time.Now()
	s.mu.Unlock()
	arg := strings.Join(f[1:], " ")
	switch f[0] {
	case "help":
		return WorldHelp, nil
	case "state":
		return s.state().Text(), nil
	case "heard":
		s.mu.Lock()
		hs, hc := append([]int16(nil), s.heardOff...), append([]int16(nil), s.heardOn...)
		s.mu.Unlock()
		return describeHeard("caller", s.emu.Heard()) + describeHeard("handset", hs) + describeHeard("handset on-hook", hc), nil
	case "call":
		return s.placeCall(f[1:])
	case "say":
		if arg == "" {
			return "", fmt.Errorf("sim: say needs TEXT or FILE.wav")
		}
		pcm, err := callerAudio(arg)
		if err != nil {
			return "", err
		}
		s.mu.Lock()
		s.callerAudio = pcm
		busy := s.call != nil && !isDone(s.call)
		s.mu.Unlock()
		msg := fmt.Sprintf("the next caller says %s of audio", time.Duration(len(pcm))*time.Second/8000)
		if busy {
			msg += " (the call in progress keeps its audio)"
		}
		return msg, nil
	case "press":
		c, err := s.activeCall()
		if err != nil {
			return "", err
		}
		if !validDigits(arg) {
			return "", fmt.Errorf("sim: press needs keys 0-9 * # A-D, got %q", arg)
		}
		c.Press(arg)
		return "caller pressed " + arg, nil
	case "caller-hangup":
		c, err := s.activeCall()
		if err != nil {
			return "", err
		}
		c.HangUpNow(modemtest.HangUpBusy)
		return "caller hung up", nil
	case "pickup":
		s.mu.Lock()
		s.offHook = true
		s.mu.Unlock()
		s.syncLine()
		s.pushInput(PinSHK, true)
		return "handset lifted", nil
	case "hangup":
		s.mu.Lock()
		s.offHook = false
		s.mu.Unlock()
		s.syncLine()
		s.pushInput(PinSHK, false)
		return "handset put down", nil
	case "key":
		if !validDigits(arg) {
			return "", fmt.Errorf("sim: key needs keys 0-9 * # A-D, got %q", arg)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.offHook {
			return "", fmt.Errorf("sim: the handset is on-hook (sim pickup first)")
		}
		s.micQueue = append(s.micQueue, DTMF(arg)...)
		return "handset pressed " + arg, nil
	case "button":
		return s.pressButton(ctx, arg)
	case "reset":
		s.mu.Lock()
		s.bursts, s.cadence, s.lineRings, s.heardOff, s.heardOn = 0, nil, 0, nil, nil
		s.mu.Unlock()
		s.emu.Reset() // what the caller heard, and the modem's records
		return "counters reset", nil
	case "quit":
		s.qOne.Do(func() { close(s.quit) })
		return "bye", nil
	}
	return "", fmt.Errorf("sim: unknown command %q (sim help)", f[0])
}

// describeHeard summarises audio with the DSP receivers.
func describeHeard(who string, pcm []int16) string {
	d := time.Duration(len(pcm)) * time.Second / 8000
	if len(pcm) == 0 {
		return who + " heard: nothing\n"
	}
	sum := dsp.Analyze(pcm, dsp.AnalyzeOptions{}).Summary()
	out := fmt.Sprintf("%s heard: %v, level %.0f dBm0", who, d.Round(10*time.Millisecond), audio.LevelDBm0(pcm))
	if sum.DTMF != "" {
		out += ", keys " + sum.DTMF
	}
	if sum.CPT != "" && sum.CPT != "none" {
		out += ", tone " + sum.CPT
	}
	if sum.SIT != "" {
		out += ", SIT " + sum.SIT
	}
	if c := sum.CID; c != nil {
		out += fmt.Sprintf(", caller ID: number %q, name %q", c.Number+c.NumberAbsent, c.Name+c.NameAbsent)
	}
	return out + "\n"
}

// pressButton presses the box's button: short (300 ms), long (2.5 s) or
// double (two presses of 150 ms, 200 ms apart).
func (s *server) pressButton(ctx context.Context, how string) (string, error) {
	var holds []time.Duration
	switch how {
	case "", "short":
		holds = []time.Duration{300 * time.Millisecond}
	case "long":
		holds = []time.Duration{2500 * time.Millisecond}
	case "double":
		holds = []time.Duration{150 * time.Millisecond, 150 * time.Millisecond}
	default:
		return "", fmt.Errorf("sim: button short|long|double")
	}
	for i, hold := range holds {
		if i > 0 {
			select {
			case <-time.After(200 * time.Millisecond):
			case <-ctx.Done():
			}
		}
		s.setButton(true)
		select {
		case <-time.After(hold):
		case <-ctx.Done():
		}
		s.setButton(false)
	}
	if len(holds) > 1 {
		return "button pressed twice", nil
	}
	return "button pressed (" + holds[0].String() + ")", nil
}

func (s *server) setButton(down bool) {
	s.mu.Lock()
	s.button = down
	s.mu.Unlock()
	s.pushInput(PinButton, !down)
}

func isDone(c *modemtest.Call) bool {
	select {
	case <-c.Done():
		return true
	default:
		return false
	}
}

func (s *server) activeCall() (*modemtest.Call, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.call == nil || isDone(s.call) {
		return nil, errNoCall
	}
	return s.call, nil
}

func validDigits(d string) bool {
	if d == "" {
		return false
	}
	for i := 0; i < len(d); i++ {
		if !strings.ContainsRune("0123456789*#ABCD", rune(d[i])) {
			return false
		}
	}
	return true
}

func (s *server) placeCall(args []string) (string, error) {
	if len(args) == 0 {
		return "", fmt.Errorf("sim: call NUMBER [NAME] | call private | call unavailable | call none")
	}
	now := time.Now()
	cid := &modemtest.CID{Date: now.Format("0102"), Time: now.Format("1504")}
	name := strings.Join(args[1:], " ")
	switch strings.ToLower(args[0]) {
	case "private":
		cid.NumberAbsent, cid.NameAbsent = "P", "P"
	case "unavailable":
		cid.NumberAbsent, cid.NameAbsent = "O", "O"
	case "none":
		cid = nil
	default:
		num := strings.TrimPrefix(args[0], "+")
		if !validDigits(num) {
			return "", fmt.Errorf("sim: %q is not a phone number", args[0])
		}
		cid.Number = num
		cid.Name = name
		if name == "" {
			cid.NameAbsent = "O"
		}
	}
	s.mu.Lock()
	if s.call != nil && !isDone(s.call) {
		s.mu.Unlock()
		return "", fmt.Errorf("sim: a call is already in progress (sim caller-hangup first)")
	}
	audioPCM := s.callerAudio
	s.callerAudio = nil
	s.mu.Unlock()
	if audioPCM == nil {
		who := name
		if who == "" {
			who = "a caller"
		}
		audioPCM = Speech("hello this is " + who + " calling about the invoice please call me back")
	}
	c, err := s.emu.PlaceCall(modemtest.CallSpec{CID: cid, MaxRings: 10, Audio: audioPCM})
	if err != nil {
		return "", fmt.Errorf("sim: place call: %w", err)
	}
	s.mu.Lock()
	s.call = c
	s.mu.Unlock()
	return "ringing the line: " + strings.Join(args, " "), nil
}

// callerAudio is the audio for "say": a WAV file (any rate, first
// channel) or speech-like audio for text.
func callerAudio(arg string) ([]int16, error) {
	if strings.HasSuffix(strings.ToLower(arg), ".wav") {
		f, err := os.Open(arg)
		if err != nil {
			return nil, fmt.Errorf("sim: say: %w", err)
		}
		defer f.Close()
		clip, err := audio.ReadWAV(f)
		if err != nil {
			return nil, fmt.Errorf("sim: say %s: %w", arg, err)
		}
		mono := clip.Samples
		if clip.Channels > 1 {
			mono = make([]int16, 0, len(clip.Samples)/clip.Channels)
			for i := 0; i < len(clip.Samples); i += clip.Channels {
				mono = append(mono, clip.Samples[i])
			}
		}
		if clip.Rate != 8000 {
			mono = audio.Resample(mono, clip.Rate, 8000)
		}
		return mono, nil
	}
	return Speech(arg), nil
}

// DTMF is keys as pressed on a phone (hal/dsp generator): 100 ms of
// each key's two tones, 100 ms apart.
func DTMF(keys string) []int16 {
	pcm, err := dsp.DTMFSignal(keys, dsp.DTMFGenOptions{On: 100 * time.Millisecond, Off: 100 * time.Millisecond})
	if err != nil {
		return nil
	}
	return pcm
}
