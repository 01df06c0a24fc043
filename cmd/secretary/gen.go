package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"secretary/hal/audio"
	"secretary/hal/dsp"
)

const genSynopsis = `cid|dtmf|sit|busy|ringback|reorder|dial|beep [flags] [ARG] -o FILE.wav

  gen cid --standard bellcore|etsi|dtmf|jclip [--format mdmf|sdmf] --number N --name S --date MMDDHHMM -o x.wav
  gen dtmf 123# -o x.wav
  gen sit IC|NC|NC'|VC|RO|RO'|IO|FU -o x.wav
  gen busy|ringback|reorder|dial [--duration 4s] -o x.wav`

func cmdGen(_ context.Context, e *env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fs := newFlags(e, "gen", genSynopsis)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		fs.Usage()
		return errUsage
	}
	kind, args := args[0], args[1:]
	fs := newFlags(e, "gen "+kind, genSynopsis)
	out := fs.String("o", "", "output WAV file (required)")
	enc := fs.String("encoding", "pcm16", "WAV encoding: pcm16, pcm8, ulaw or alaw")
	level := fs.Float64("level", 0, "level in dBm0 (per tone; 0 = the signal's usual level)")
	dur := fs.Duration("duration", 4*time.Second, "length of busy/ringback/reorder/dial")
	lead := fs.Duration("lead", 200*time.Millisecond, "silence before the signal")
	std := fs.String("standard", "bellcore", "cid: bellcore, etsi, dtmf or jclip")
	format := fs.String("format", "mdmf", "cid: mdmf or sdmf (bellcore)")
	number := fs.String("number", "", "cid: calling number")
	name := fs.String("name", "", "cid: calling name")
	date := fs.String("date", "", "cid: date and time MMDDHHMM")
	numAbs := fs.String("number-absent", "", "cid: reason the number is absent: P private, O unavailable")
	nameAbs := fs.String("name-absent", "", "cid: reason the name is absent: P or O")
	// flags may come before or after the positional argument
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *out == "" {
		fmt.Fprintln(e.stderr, "gen: -o FILE.wav is required")
		return errUsage
	}
	encoding, ok := map[string]audio.Encoding{"pcm16": audio.PCM16, "pcm8": audio.PCM8, "ulaw": audio.ULaw, "alaw": audio.ALaw}[*enc]
	if !ok {
		fmt.Fprintf(e.stderr, "gen: unknown encoding %q\n", *enc)
		return errUsage
	}
	lvl := func(def float64) float64 {
		if *level != 0 {
			return *level
		}
		return def
	}
	needArg := func() (string, error) {
		if len(pos) != 1 {
			fmt.Fprintf(e.stderr, "gen %s: needs exactly one argument\n", kind)
			return "", errUsage
		}
		return pos[0], nil
	}
	var pcm []int16
	var err error
	switch kind {
	case "cid":
		c := dsp.CallerID{Date: *date, Number: *number, Name: *name, NumberAbsent: *numAbs, NameAbsent: *nameAbs}
		switch *std {
		case "bellcore":
			c.Standard = dsp.StandardBellcore
		case "etsi":
			c.Standard = dsp.StandardETSI
		case "dtmf":
			c.Standard = dsp.StandardDTMF
		case "jclip":
			c.Standard = dsp.StandardJCLIP
		default:
			fmt.Fprintf(e.stderr, "gen cid: unknown standard %q\n", *std)
			return errUsage
		}
		switch *format {
		case "mdmf":
		case "sdmf":
			c.Type = dsp.TypeSDMF
		default:
			fmt.Fprintf(e.stderr, "gen cid: unknown format %q\n", *format)
			return errUsage
		}
		if c.Number == "" && c.NumberAbsent == "" && c.Name == "" {
			fmt.Fprintln(e.stderr, "gen cid: give --number, --name or --number-absent")
			return errUsage
		}
		pcm, err = dsp.CallerIDSignal(c, dsp.CIDTxOptions{LevelDBm0: *level, Lead: *lead, Tail: 200 * time.Millisecond})
	case "dtmf":
		var digits string
		if digits, err = needArg(); err != nil {
			return err
		}
		pcm, err = dsp.DTMFSignal(digits, dsp.DTMFGenOptions{LowDBm0: lvl(-10), HighDBm0: lvl(-8), LeadSilence: *lead})
	case "sit":
		var arg string
		if arg, err = needArg(); err != nil {
			return err
		}
		code, perr := dsp.ParseSITCode(arg)
		if perr != nil {
			return perr
		}
		pcm, err = dsp.SITSignal(code, lvl(dsp.SITLevel))
		pcm = append(dsp.Silence(*lead), pcm...)
	case "busy", "reorder", "ringback", "dial", "beep":
		t := map[string]dsp.Tone{"busy": dsp.BusyTone(), "reorder": dsp.ReorderTone(), "ringback": dsp.RingbackTone(),
			"dial": dsp.DialTone(), "beep": dsp.BeepTone()}[kind]
		t.LevelDBm0 = lvl(t.LevelDBm0)
		d := *dur
		if kind == "beep" {
			d = dsp.BeepLength
		}
		pcm = t.Signal(d)
	default:
		fmt.Fprintf(e.stderr, "gen: unknown signal %q\n", kind)
		return errUsage
	}
	if err != nil {
		return err
	}
	if kind != "cid" && kind != "dtmf" && kind != "sit" {
		pcm = append(dsp.Silence(*lead), pcm...)
	}
	var buf bytes.Buffer
	if err := audio.WriteWAV(&buf, encoding, audio.Rate, pcm); err != nil {
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}
