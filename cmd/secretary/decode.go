package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"secretary/hal/audio"
	"secretary/hal/dsp"
)

func cmdDecode(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "decode", "[--json] [--cid-standard auto|bellcore|etsi|dtmf] FILE.wav")
	asJSON := fs.Bool("json", false, "print one JSON object: dtmf, cid, cpt, sit, mwi")
	std := fs.String("cid-standard", "auto", "caller-ID signals to accept: auto, bellcore, etsi or dtmf")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mode, ok := dsp.ParseCIDMode(*std)
	if !ok || fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	clip, err := audio.ReadWAV(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	pcm := audio.Resample(clip.Mono(), clip.Rate, audio.Rate)
	rep := dsp.Analyze(pcm, dsp.AnalyzeOptions{CID: mode})
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		return enc.Encode(rep.Summary())
	}
	printReport(e, fs.Arg(0), clip, rep)
	return nil
}

func printReport(e *env, name string, clip *audio.Clip, rep dsp.Report) {
	at := func(s int64) string { return fmt.Sprintf("%7.3f s", float64(s)/dsp.SampleRate) }
	w := e.stdout
	fmt.Fprintf(w, "%s: %d Hz %s, %d channel(s), %.2f s, level %.1f dBm0\n", name, clip.Rate, clip.Encoding,
		clip.Channels, float64(clip.Frames())/float64(clip.Rate), audio.LevelDBm0(clip.Mono()))
	found := false
	for _, d := range rep.DTMF {
		fmt.Fprintf(w, "%s  dtmf %c\n", at(d.At), d.Digit)
		found = true
	}
	for _, c := range rep.CallerIDs {
		found = true
		if c.Err != nil {
			fmt.Fprintf(w, "%s  caller ID rejected: %v\n", at(c.At), c.Err)
			continue
		}
		id := c.CallerID
		if c.VMWI != dsp.VMWINone {
			fmt.Fprintf(w, "%s  message waiting: %s (%s, type 0x%02X)\n", at(c.At), c.VMWI, id.Standard, id.Type)
			continue
		}
		fmt.Fprintf(w, "%s  caller ID (%s", at(c.At), id.Standard)
		if id.Type != 0 {
			fmt.Fprintf(w, ", type 0x%02X", id.Type)
		}
		fmt.Fprintln(w, ")")
		field := func(k, v string) {
			if v != "" {
				fmt.Fprintf(w, "           %-14s %q\n", k, v)
			}
		}
		field("date", id.Date)
		field("number", id.Number)
		field("name", id.Name)
		field("number absent", id.NumberAbsent)
		field("name absent", id.NameAbsent)
		if id.Standard == dsp.StandardDTMF {
			field("keys", string(id.Raw))
		} else if len(id.Raw) > 0 {
			fmt.Fprintf(w, "           %-14s % X\n", "bytes", id.Raw)
		}
		for _, p := range id.Params {
			switch p.Type {
			case dsp.ParamDateTime, dsp.ParamNumber, dsp.ParamName, dsp.ParamNumberAbsent, dsp.ParamNameAbsent:
			default:
				fmt.Fprintf(w, "           param 0x%02X     % X\n", p.Type, p.Value)
			}
		}
	}
	for _, c := range rep.CPT {
		fmt.Fprintf(w, "%s  call progress: %s\n", at(c.At), c.Tone)
		found = true
	}
	for _, s := range rep.SIT {
		fmt.Fprintf(w, "%s  special information tone %s\n", at(s.At), s.Code)
		found = true
	}
	if !found {
		fmt.Fprintln(w, "nothing found")
	}
}
