package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/serialport"
)

// cmdMonitor is the installer's line check: it opens the modem (reopening
// it across unplug/replug), initialises it and prints every line event.
func cmdMonitor(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "monitor", "--modem DEVICE [--json] [--raw-cid] [--baud N] [-v]")
	dev := fs.String("modem", "", "modem device, e.g. /dev/ttyACM0 or a /dev/serial/by-id/... link")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	rawCID := fs.Bool("raw-cid", false, "ask the modem for raw SDMF/MDMF caller ID (AT+VCID=2)")
	baud := fs.Int("baud", 115200, "serial speed (USB modems ignore it)")
	verbose := fs.Bool("v", false, "log modem commands and results to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dev == "" || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, "secretary monitor: --modem DEVICE is required")
		fs.Usage()
		return errUsage
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	opts := []modem.Option{modem.WithLogger(slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level})))}
	if *rawCID {
		opts = append(opts, modem.WithRawCID())
	}
	sup := modem.NewSupervisor(serialport.Opener(*dev, serialport.Config{Baud: *baud}), opts...)
	defer sup.Close()
	sup.Start()
	if !*asJSON {
		fmt.Fprintf(e.stdout, "monitoring %s (Ctrl-C to stop)\n", *dev)
	}
	evs := sup.Events()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-evs:
			if !ok {
				return nil
			}
			if ev.Kind == hal.LineUp && !*asJSON {
				if m := sup.Modem(); m != nil {
					i := m.Info()
					fmt.Fprintf(e.stdout, "%s modem up: %s (%s), caller ID via %q, codec %v, country %s\n",
						ev.At.Format("15:04:05.000"), i.Profile.Model, i.Profile.Chipset, i.CIDOn, i.Codec, i.Country)
					continue
				}
			}
			if err := printLineEvent(e.stdout, ev, *asJSON); err != nil {
				return err
			}
		}
	}
}

// monitorEvent is the --json shape of an event. Caller-ID fields are always
// present on "cid" events.
type monitorEvent struct {
	Event        string  `json:"event"`
	Number       *string `json:"number,omitempty"`
	Name         *string `json:"name,omitempty"`
	Date         *string `json:"date,omitempty"`
	Time         *string `json:"time,omitempty"`
	Presentation string  `json:"presentation,omitempty"`
	Ring         int     `json:"ring,omitempty"`
	CadenceMS    []int64 `json:"cadence_ms,omitempty"`
	Digit        string  `json:"digit,omitempty"`
	Error        string  `json:"error,omitempty"`
	At           string  `json:"at"`
}

func printLineEvent(w io.Writer, ev hal.LineEvent, asJSON bool) error {
	m := monitorEvent{Event: ev.Kind.String(), At: ev.At.Format(time.RFC3339Nano)}
	switch ev.Kind {
	case hal.LineCallerID:
		c := ev.CallerID
		num, name, date, tm := digitsOnly(c.Number), printableText(c.Name), c.Date, c.Time
		m.Number, m.Name, m.Date, m.Time = &num, &name, &date, &tm
		m.Presentation = c.Presentation.String()
	case hal.LineRing:
		m.Ring = ev.Ring
		for _, d := range ev.Cadence {
			m.CadenceMS = append(m.CadenceMS, d.Milliseconds())
		}
	case hal.LineDTMF:
		m.Digit = string(ev.Digit)
	case hal.LineDown:
		if ev.Err != nil {
			m.Error = ev.Err.Error()
		}
	}
	if asJSON {
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	line := ev.At.Format("15:04:05.000") + " " + m.Event
	switch ev.Kind {
	case hal.LineCallerID:
		line += fmt.Sprintf(" number=%q name=%q date=%s time=%s presentation=%s", *m.Number, *m.Name, *m.Date, *m.Time, m.Presentation)
	case hal.LineRing:
		line += fmt.Sprintf(" %d", m.Ring)
		if len(m.CadenceMS) > 0 {
			line += fmt.Sprintf(" cadence=%vms", m.CadenceMS)
		}
	case hal.LineDTMF:
		line += " " + m.Digit
	case hal.LineDown:
		line += ": " + m.Error + " (waiting for the modem to come back)"
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

func digitsOnly(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// printableText removes control characters from text a caller controls.
func printableText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}
