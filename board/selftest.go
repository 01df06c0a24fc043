package board

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"secretary/board/sim"
	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/hal/modem"
)

// Check is one line of the self-test table.
type Check struct {
	Name   string
	Result Result
	Detail string // what was seen
	Hint   string // what to check when it failed
}

// Result of a check.
type Result int

const (
	Pass Result = iota
	Fail
	Skip // the board lacks the capability
	// Look: the box did its part but cannot see the result itself (a
	// relay's click, a ring, an LED on a Pi); the installer confirms it
	// by eye or ear, and the hint says what to do if it did not happen.
	Look
)

func (r Result) String() string {
	switch r {
	case Pass:
		return "PASS"
	case Fail:
		return "FAIL"
	case Skip:
		return "skip"
	case Look:
		return "LOOK"
	}
	return "Result(?)"
}

// Observation is what a board that can see itself (sim) reports.
type Observation struct {
	Relay        hal.RelayState
	Ringing      bool
	RingBursts   int
	LED          string
	HandsetHeard time.Duration
	CIDDisplay   string
}

// SelfTestEnv is how the self-test acts on the world.
type SelfTestEnv struct {
	Devices *hal.Devices
	// Ask tells the installer to do something ("lift the handset"); on the
	// sim board it performs simAction (a world command) instead.
	Ask func(ctx context.Context, instruction, simAction string) error
	// Observe, if set, checks the physical result (sim only).
	Observe func(ctx context.Context) (Observation, error)
	// Wait bounds each step that needs the installer (default 20 s).
	Wait time.Duration
	// ModemWait bounds the wait for the modem to answer (default 20 s).
	ModemWait time.Duration
	// Lacking words a part the board does not have ("%s" is the part);
	// default "this board has no %s".
	Lacking string
}

func (e SelfTestEnv) lacks(part string) string {
	if e.Lacking == "" {
		return "this board has no " + part
	}
	return fmt.Sprintf(e.Lacking, part)
}

// NewSelfTestEnv returns the environment for b: on the sim board the world
// commands play the installer and the simulated hardware is observed; on
// other boards instructions are printed to out.
func NewSelfTestEnv(b Board, d *hal.Devices, out io.Writer) SelfTestEnv {
	env := SelfTestEnv{Devices: d, Wait: 20 * time.Second}
	if sb, ok := b.(*sim.Board); ok {
		env.Ask = func(ctx context.Context, _ string, act string) error {
			_, err := sb.World(ctx, act)
			return err
		}
		env.Observe = func(ctx context.Context) (Observation, error) {
			s, err := sb.State(ctx)
			if err != nil {
				return Observation{}, err
			}
			r := hal.RelayPassThrough
			if s.Relay == hal.RelayIsolated.String() {
				r = hal.RelayIsolated
			}
			return Observation{Relay: r, Ringing: s.Ringing, RingBursts: s.RingBursts, LED: s.LED,
				HandsetHeard: time.Duration(s.HandsetHeard) * time.Millisecond, CIDDisplay: s.CIDDisplay}, nil
		}
		env.Wait = 10 * time.Second
		return env
	}
	env.Ask = func(ctx context.Context, instruction, _ string) error {
		fmt.Fprintf(out, ">>> %s\n", instruction)
		return nil
	}
	if _, ok := b.(*Virt); ok {
		env.Lacking = "a virtual machine has no %s"
	}
	return env
}

// SelfTest checks every part of d and returns the table. It leaves the
// relay in pass-through and the line on-hook.
func SelfTest(ctx context.Context, env SelfTestEnv) []Check {
	if env.Wait <= 0 {
		env.Wait = 20 * time.Second
	}
	d := env.Devices
	var out []Check
	add := func(c Check) { out = append(out, c) }
	if env.ModemWait <= 0 {
		env.ModemWait = 20 * time.Second
	}
	// The steps that wait for the installer take longer than a watchdog's
	// timeout: the test keeps it fed while it runs.
	defer feedWhile(d.Watchdog)()
	if !d.Caps.Has(hal.CapLine) {
		add(Check{Name: "modem answers", Result: Skip, Detail: env.lacks("modem, so no phone line: calls cannot be screened")})
	} else {
		out = append(out, checkModem(ctx, d, env.ModemWait)...)
	}
	add(checkRelay(ctx, env))
	add(checkRing(ctx, env))
	add(checkHook(ctx, env))
	add(checkAudio(ctx, env))
	add(checkLED(ctx, env))
	add(checkButton(ctx, env))
	add(checkWatchdog(d, env))
	if d.Relay != nil {
		_ = d.Relay.Set(hal.RelayPassThrough)
	}
	return out
}

// Passed reports whether no check failed.
func Passed(cs []Check) bool {
	for _, c := range cs {
		if c.Result == Fail {
			return false
		}
	}
	return true
}

// WriteTable prints the pass/fail table with what to check for failures.
func WriteTable(w io.Writer, cs []Check) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tRESULT\tDETAIL")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Result, c.Detail)
	}
	tw.Flush()
	for _, c := range cs {
		switch {
		case c.Result == Fail && c.Hint != "":
			fmt.Fprintf(w, "\n%s failed: %s\n", c.Name, c.Hint)
		case c.Result == Look && c.Hint != "":
			fmt.Fprintf(w, "\n%s: if it did not happen, %s\n", c.Name, c.Hint)
		}
	}
}

func checkModem(ctx context.Context, d *hal.Devices, wait time.Duration) []Check {
	const hint = "check the USB modem is plugged in (ls -l /dev/serial/by-id /dev/ttyACM*), that --modem names it, and that no other program holds it"
	if d.Line == nil {
		return []Check{{Name: "modem answers", Result: Fail, Detail: "no line device", Hint: hint}}
	}
	sup, ok := d.Line.(*modem.Supervisor)
	if !ok {
		return []Check{{Name: "modem answers", Result: Pass, Detail: "line device present (not an AT modem)"}}
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := sup.WaitUp(wctx); err != nil {
		return []Check{
			{Name: "modem answers", Result: Fail, Detail: "no answer to AT within " + wait.String() + ": " + err.Error(), Hint: hint},
			{Name: "caller ID enabled", Result: Fail, Detail: "modem not up", Hint: hint},
			{Name: "chipset", Result: Fail, Detail: "modem not up", Hint: hint},
		}
	}
	m := sup.Modem()
	if m == nil {
		return []Check{{Name: "modem answers", Result: Fail, Detail: "modem went down", Hint: hint}}
	}
	info := m.Info()
	cs := []Check{{Name: "modem answers", Result: Pass, Detail: "AT OK, voice " + yesNo(info.Voice)}}
	if info.CIDOn != "" {
		cs = append(cs, Check{Name: "caller ID enabled", Result: Pass, Detail: info.CIDOn})
	} else {
		cs = append(cs, Check{Name: "caller ID enabled", Result: Fail, Detail: "no caller ID command accepted",
			Hint: "the modem rejected AT+VCID=1 and #CID=1: use a Conexant CX93001 (USR5637, Zoom 3095) modem, and ask the phone company to enable caller ID on the line"})
	}
	chip := Check{Name: "chipset", Result: Pass, Detail: strings.TrimSpace(info.Profile.Chipset.String() + " " + info.Profile.Model)}
	if info.Profile.Chipset == modem.ChipsetUnknown {
		chip.Detail += " (unknown chipset: generic V.253 voice commands)"
	}
	if !info.Voice {
		chip.Result, chip.Hint = Fail, "the modem has no voice mode (AT+FCLASS=8): screening and voicemail need a voice modem"
	}
	return append(cs, chip)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func checkRelay(ctx context.Context, env SelfTestEnv) Check {
	c := Check{Name: "relay", Hint: "no click or no switch: check the relay module's supply and its input wire (default GPIO17, header pin 11), and its active level (relay_active_low); the contact must be normally closed (handset on the line when unpowered)"}
	r := env.Devices.Relay
	if r == nil {
		c.Result, c.Detail = Skip, env.lacks("relay")
		return c
	}
	var seen []string
	for _, s := range []hal.RelayState{hal.RelayIsolated, hal.RelayPassThrough} {
		if err := r.Set(s); err != nil {
			c.Result, c.Detail = Fail, err.Error()
			return c
		}
		time.Sleep(300 * time.Millisecond)
		if env.Observe != nil {
			o, err := env.Observe(ctx)
			if err != nil || o.Relay != s {
				c.Result, c.Detail = Fail, fmt.Sprintf("set %v, contact is %v (%v)", s, o.Relay, err)
				return c
			}
		}
		seen = append(seen, s.String())
	}
	c.Result, c.Detail = Pass, "switched "+strings.Join(seen, " -> ")
	if env.Observe == nil {
		c.Result, c.Detail = Look, c.Detail+": listen for two clicks"
	}
	return c
}

func checkRing(ctx context.Context, env SelfTestEnv) Check {
	c := Check{Name: "ring handset", Hint: "no ring: check the SLIC's RM (GPIO27, pin 13) and F/R (GPIO22, pin 15) wires, the SLIC supply (the ring voltage needs its boost converter) and that the handset is plugged into the box"}
	h := env.Devices.Handset
	if h == nil {
		c.Result, c.Detail = Skip, env.lacks("SLIC (handset interface)")
		return c
	}
	if env.Devices.Relay != nil {
		_ = env.Devices.Relay.Set(hal.RelayIsolated)
	}
	rctx, cancel := context.WithTimeout(ctx, 2500*time.Millisecond)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- h.Ring(rctx, hal.RingNorthAmerica, nil) }()
	rang := false
	if env.Observe != nil {
		for i := 0; i < 20 && !rang; i++ {
			time.Sleep(100 * time.Millisecond)
			if o, err := env.Observe(ctx); err == nil && o.Ringing {
				rang = true
			}
		}
	}
	err := <-errc
	switch {
	case err != nil && !errors.Is(err, context.DeadlineExceeded):
		c.Result, c.Detail = Fail, err.Error()
	case env.Observe != nil && !rang:
		c.Result, c.Detail = Fail, "the SLIC never rang"
	default:
		c.Result, c.Detail = Pass, "rang 2 s (north-american cadence)"
		if env.Observe == nil {
			c.Result, c.Detail = Look, c.Detail+": the handset should have rung once"
		}
	}
	return c
}

func nextHandset(ctx context.Context, h hal.Handset, want hal.HandsetEventKind, wait time.Duration) error {
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case e, ok := <-h.Events():
			if !ok {
				return hal.ErrClosed
			}
			if e.Kind == want {
				return nil
			}
		case <-t.C:
			return fmt.Errorf("no %v within %v", want, wait)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func checkHook(ctx context.Context, env SelfTestEnv) Check {
	c := Check{Name: "hook detection", Hint: "lifting the handset was not seen: check the SLIC's SHK wire (GPIO23, pin 16) and its level (shk_active_low)"}
	h := env.Devices.Handset
	if h == nil {
		c.Result, c.Detail = Skip, env.lacks("SLIC (handset interface)")
		return c
	}
	if env.Devices.Relay != nil {
		_ = env.Devices.Relay.Set(hal.RelayIsolated)
	}
	if err := env.Ask(ctx, "Lift the handset now.", "sim pickup"); err != nil {
		c.Result, c.Detail = Fail, err.Error()
		return c
	}
	if err := nextHandset(ctx, h, hal.HandsetOffHook, env.Wait); err != nil {
		c.Result, c.Detail = Fail, "off-hook: "+err.Error()
		return c
	}
	if err := env.Ask(ctx, "Hang up the handset now.", "sim hangup"); err != nil {
		c.Result, c.Detail = Fail, err.Error()
		return c
	}
	if err := nextHandset(ctx, h, hal.HandsetOnHook, env.Wait); err != nil {
		c.Result, c.Detail = Fail, "on-hook: "+err.Error()
		return c
	}
	c.Result, c.Detail = Pass, "off-hook and on-hook seen"
	return c
}

func checkAudio(ctx context.Context, env SelfTestEnv) Check {
	c := Check{Name: "handset audio", Hint: "check the USB codec (aplay -l lists it; --audio hw:C,D), its cable to the SLIC's audio pins, and the volume; a key not detected means the microphone path is open"}
	d := env.Devices
	if d.Handset == nil || !d.Caps.Has(hal.CapHandsetAudio) {
		c.Result, c.Detail = Skip, env.lacks("handset audio codec")+": announcements go over the line (the caller hears them too)"
		return c
	}
	if d.Relay != nil {
		_ = d.Relay.Set(hal.RelayIsolated)
	}
	defer env.Ask(ctx, "Hang up the handset.", "sim hangup")
	if err := env.Ask(ctx, "Lift the handset: you will hear a tone; then press 5.", "sim pickup"); err != nil {
		c.Result, c.Detail = Fail, err.Error()
		return c
	}
	if err := nextHandset(ctx, d.Handset, hal.HandsetOffHook, env.Wait); err != nil {
		c.Result, c.Detail = Fail, "handset not lifted: "+err.Error()
		return c
	}
	var before time.Duration
	if env.Observe != nil {
		o, _ := env.Observe(ctx)
		before = o.HandsetHeard
	}
	if err := d.Handset.Play(ctx, dsp.BeepSignal()); err != nil {
		c.Result, c.Detail = Fail, "play: "+err.Error()
		return c
	}
	if env.Observe != nil {
		o, err := env.Observe(ctx)
		if err != nil || o.HandsetHeard-before < 300*time.Millisecond {
			c.Result, c.Detail = Fail, "the earpiece heard nothing"
			return c
		}
	}
	if err := env.Ask(ctx, "Press 5 on the handset.", "sim key 5"); err != nil {
		c.Result, c.Detail = Fail, err.Error()
		return c
	}
	t := time.NewTimer(env.Wait)
	defer t.Stop()
	for {
		select {
		case e := <-d.Handset.Events():
			if e.Kind == hal.HandsetDigit {
				if e.Digit != '5' {
					c.Result, c.Detail = Fail, fmt.Sprintf("heard key %c, want 5", e.Digit)
					return c
				}
				c.Result, c.Detail = Pass, "tone played, key 5 decoded from the microphone"
				return c
			}
		case <-t.C:
			c.Result, c.Detail = Fail, "tone played, but no key decoded from the microphone"
			return c
		}
	}
}

func checkLED(ctx context.Context, env SelfTestEnv) Check {
	c := Check{Name: "LED", Hint: "check the LED's wire (GPIO24, header pin 18), its polarity and resistor"}
	l := env.Devices.Indicator
	if l == nil {
		c.Result, c.Detail = Skip, env.lacks("LED")
		return c
	}
	if err := l.Set(hal.LEDPattern{Mode: hal.LEDBlink, Count: 3}); err != nil {
		c.Result, c.Detail = Fail, err.Error()
		return c
	}
	defer l.Set(hal.LEDPattern{Mode: hal.LEDOn})
	if env.Observe == nil {
		_ = env.Ask(ctx, "The LED blinks 3 times, pauses, repeats.", "")
		time.Sleep(4500 * time.Millisecond)
		c.Result, c.Detail = Look, "blinking 3: it should blink 3 times, pause, repeat"
		return c
	}
	end := time.Now().Add(6 * time.Second)
	last := ""
	for time.Now().Before(end) {
		time.Sleep(200 * time.Millisecond)
		if o, err := env.Observe(ctx); err == nil {
			last = o.LED
			if o.LED == "blink 3" {
				c.Result, c.Detail = Pass, "blink 3 seen"
				return c
			}
		}
	}
	c.Result, c.Detail = Fail, "LED shows "+last+", want blink 3"
	return c
}

func checkButton(ctx context.Context, env SelfTestEnv) Check {
	c := Check{Name: "button", Hint: "check the button's wire (GPIO25, header pin 22) to ground"}
	b := env.Devices.Button
	if b == nil {
		c.Result, c.Detail = Skip, env.lacks("button")
		return c
	}
	errc := make(chan error, 1)
	go func() { errc <- env.Ask(ctx, "Press the box's button briefly.", "sim button short") }()
	t := time.NewTimer(env.Wait)
	defer t.Stop()
	select {
	case e := <-b.Events():
		<-errc
		c.Result, c.Detail = Pass, e.Kind.String()+" press seen"
	case <-t.C:
		c.Result, c.Detail = Fail, "no press within "+env.Wait.String()
	}
	return c
}

func checkWatchdog(d *hal.Devices, env SelfTestEnv) Check {
	c := Check{Name: "watchdog", Hint: "enable the hardware watchdog (dtparam=watchdog=on in config.txt) and make sure no other program holds /dev/watchdog"}
	if d.Watchdog == nil {
		c.Result, c.Detail = Fail, "no /dev/watchdog: a hung box would not reboot"
		if !d.Caps.Has(hal.CapWatchdog) && d.Caps != 0 {
			c.Result, c.Detail = Skip, env.lacks("watchdog")
		}
		return c
	}
	if err := d.Watchdog.Feed(); err != nil {
		c.Result, c.Detail = Fail, err.Error()
		return c
	}
	c.Result, c.Detail = Pass, "fed"
	if s, ok := d.Watchdog.(fmt.Stringer); ok {
		c.Detail = "fed: " + s.String()
	}
	return c
}

// feedWhile feeds w every 5 s until the returned stop is called.
func feedWhile(w hal.Watchdog) (stop func()) {
	if w == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = w.Feed()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
