package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"secretary/board"
	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/firmware/console"
	"secretary/firmware/prompts"
	"secretary/firmware/voicemail"
	"secretary/hal"
	"secretary/hal/dsp"
	"secretary/hal/serialport"
	"secretary/screening"
	"secretary/screening/store"
)

// runOptions is the command line of "run".
type runOptions struct {
	board   string
	modem   string
	console string // "" none, "-" this terminal, else a serial device
	data    string
	socket  string // sim: simhw socket
	demo    bool
	verbose bool
	trace   bool

	// for tests in this package
	traceTo func(line string)
	onLog   func(rec screening.LogRecord)
	seed    uint64 // challenge digits; 0 = random
	hw      *hwFlags
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "--board sim|rpi3|rpi4|rpi5|zero2w [--modem DEVICE] [--console DEVICE|-] [--data DIR] [--demo] [--audio hw:C,D|none] [--pin part=GPIOn ...]")
	var o runOptions
	fs.StringVar(&o.board, "board", "", "board: "+strings.Join(board.Names(), ", ")+" (default: detect a Pi)")
	fs.StringVar(&o.modem, "modem", "", "serial device of the voice modem (overrides the board's, also on sim)")
	fs.StringVar(&o.console, "console", "", "console on a serial DEVICE, or - for this terminal (default none)")
	fs.StringVar(&o.data, "data", defaultDataDir(), "data directory (database, messages, prompts)")
	fs.StringVar(&o.socket, "sim-socket", "", "sim: simhw socket (default per user)")
	fs.BoolVar(&o.demo, "demo", false, "sim only: play a scripted day of calls, print the log and statistics, exit")
	fs.BoolVar(&o.verbose, "v", false, "log to stderr")
	fs.BoolVar(&o.trace, "trace", false, "log every call event and action (with -v)")
	hw := addHWFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "secretary run: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	if o.demo && o.board != "sim" {
		fmt.Fprintln(e.stderr, "secretary run: --demo needs --board sim")
		return errUsage
	}
	o.hw = hw
	return runFirmware(ctx, e, o)
}

func defaultDataDir() string {
	if d := os.Getenv("SECRETARY_DATA"); d != "" {
		return d
	}
	return "/var/lib/secretary"
}

// box is everything run wires together, for the console and the demo.
type box struct {
	board   board.Board
	store   *store.Store
	engine  *screening.Engine
	mailbox *voicemail.Box
	app     *firmware.Appliance
	devs    *hal.Devices
}

func runFirmware(ctx context.Context, e *env, o runOptions) (err error) {
	log := slog.New(slog.DiscardHandler)
	if o.verbose {
		log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	if err := os.MkdirAll(o.data, 0o750); err != nil {
		return err
	}
	st, err := store.OpenDir(o.data)
	if err != nil {
		return err
	}
	defer st.Close()
	eng := screening.NewEngine(st, screening.WithLogger(log))
	mb := voicemail.New(st, voicemail.Config{Dir: o.data})
	if err := mb.Open(); err != nil {
		return err
	}
	defer mb.Close()

	exe, _ := os.Executable()
	bcfg := board.Config{Board: o.board, Modem: o.modem, SimSocket: o.socket, Logger: log,
		CIDSamples: handsetCID, NewDTMF: newDTMF}
	if o.hw != nil {
		bcfg.Audio, bcfg.Pins, bcfg.RelayActiveLow = o.hw.audio, o.hw.pins, o.hw.relayLow
	}
	if o.board == "sim" {
		bcfg.SimExe = exe
	}
	b, err := board.New(bcfg)
	if err != nil {
		return err
	}
	applyMemoryLimit(b, log)
	devs, err := b.Open(ctx)
	if err != nil {
		return err
	}
	// The relay is released first on every way out: return, error, panic.
	defer func() {
		if cerr := devs.Close(); cerr != nil && err == nil {
			log.Warn("closing devices", "err", cerr)
		}
	}()
	if devs.Line == nil {
		return fmt.Errorf("board %s has no line device (modem): %w", b.Name(), firmware.ErrNoLine)
	}

	set, _ := eng.Settings()
	cc := call.DefaultConfig()
	cc.Challenge = set.Challenge
	cc.BlockTreatment = set.BlockTreatment
	if err := firmwareSettings(&cc, set); err != nil {
		// a bad stored setting must not keep the box from running
		fmt.Fprintf(e.stderr, "secretary run: %v (using the default)\n", err)
	}
	// Only where the hook is visible with the relay on the line (the sim
	// board) may a passed call whose rings stopped unseen be taken as
	// unanswered; elsewhere the line stays with the handset until the
	// next ring, so no answered call is ever cut.
	cc.ExtensionDetect = b.Name() == "sim"
	bx := &box{board: b, store: st, engine: eng, mailbox: mb, devs: devs}
	fcfg := firmware.Config{Call: cc, Logger: log, Refresh: func(c *call.Config) {
		set, err := eng.Settings()
		if err != nil {
			return
		}
		c.Challenge = set.Challenge
		c.BlockTreatment = set.BlockTreatment
		if err := firmwareSettings(c, set); err != nil {
			log.Warn("settings", "err", err)
		}
	}}
	if o.trace {
		fcfg.Trace = func(l string) { log.Info("fsm", "step", l) }
	}
	if o.traceTo != nil {
		fcfg.Trace = o.traceTo
	}
	if o.seed != 0 {
		fcfg.Rand = rand.New(rand.NewPCG(o.seed, o.seed))
	}
	fcfg.OnLog = o.onLog
	var demo *demoRun
	if o.demo {
		demo = newDemo(e.stdout)
		fcfg.OnLog = demo.onLog
	}
	var con *console.Console
	if o.console != "" && !o.demo {
		// Calls are news on the console: a line as each call arrives,
		// is decided, announced, and ends.
		con = console.New(backend{bx}, extensions(b), nil)
		onLog := fcfg.OnLog
		fcfg.OnPhase = func(s call.State) {
			if n := phaseNotice(s); n != "" {
				con.Notify(n)
			}
		}
		fcfg.OnLog = func(rec screening.LogRecord) {
			if onLog != nil {
				onLog(rec)
			}
			con.Notify(endNotice(rec))
		}
	}
	bx.app = firmware.New(devs, eng, st, mb, prompts.New(filepath.Join(o.data, "prompts")), fcfg)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		errc <- bx.app.Run(ctx)
		cancel()
	}()
	defer wg.Wait()

	switch {
	case o.demo:
		derr := demo.play(ctx, bx)
		cancel()
		if rerr := <-errc; rerr != nil {
			return rerr
		}
		return derr
	case con != nil:
		cerr := serveConsole(ctx, e, o.console, con)
		if o.console == "-" {
			cancel() // leaving the terminal console stops the firmware
		}
		rerr := <-errc
		if rerr != nil {
			return rerr
		}
		if cerr != nil && ctx.Err() == nil {
			return cerr
		}
		return nil
	}
	return <-errc
}

// firmwareSettings applies the firmware's own settings (keys "fw.*" in the
// store, set with "set fw.KEY VALUE"): durations fw.ring-gap,
// fw.name-limit, fw.message-limit, fw.announce-timeout,
// fw.owner-key-timeout, fw.challenge-timeout; fw.pass-ring (on: a passed
// call rings the handset from the box with caller ID); fw.reject-sit (on:
// the owner's 3 sends SIT instead of goodbye).
func firmwareSettings(cc *call.Config, set screening.Settings) error {
	durs := map[string]*time.Duration{
		"fw.ring-gap": &cc.RingGap, "fw.name-limit": &cc.NameLimit, "fw.message-limit": &cc.MessageLimit,
		"fw.announce-timeout": &cc.AnnounceTimeout, "fw.owner-key-timeout": &cc.OwnerKeyTimeout,
		"fw.challenge-timeout": &cc.ChallengeTimeout,
	}
	bools := map[string]*bool{"fw.pass-ring": &cc.PassRing, "fw.reject-sit": &cc.RejectSIT}
	var bad error // the first bad setting; the good ones still apply
	for k, v := range set.Extra {
		if p, ok := durs[k]; ok {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				bad = cmp.Or(bad, fmt.Errorf("setting %s: %q is not a duration like 6s", k, v))
				continue
			}
			*p = d
			continue
		}
		if p, ok := bools[k]; ok {
			switch v {
			case "on", "true", "yes", "1":
				*p = true
			case "off", "false", "no", "0":
				*p = false
			default:
				bad = cmp.Or(bad, fmt.Errorf("setting %s: %q: want on or off", k, v))
			}
			continue
		}
		known := make([]string, 0, len(durs)+len(bools))
		for n := range durs {
			known = append(known, n)
		}
		for n := range bools {
			known = append(known, n)
		}
		sort.Strings(known)
		bad = cmp.Or(bad, fmt.Errorf("setting %s: unknown; the firmware knows %s", k, strings.Join(known, ", ")))
	}
	return bad
}

// handsetCID is the Bell 202 MDMF burst the box sends to the handset.
func handsetCID(c *hal.CallerID) []int16 {
	if c == nil {
		return nil
	}
	d := dsp.CallerID{Standard: dsp.StandardBellcore, Type: dsp.TypeMDMF, Date: time.Now().Format("01021504"),
		Number: c.Number, Name: c.Name, NumberAbsent: c.NumberAbsent, NameAbsent: c.NameAbsent}
	if d.Number == "" && d.NumberAbsent == "" {
		d.NumberAbsent = "O"
		if c.Presentation == hal.PresentationPrivate {
			d.NumberAbsent = "P"
		}
	}
	pcm, err := dsp.CallerIDSignal(d, dsp.CIDTxOptions{})
	if err != nil {
		return nil
	}
	return pcm
}

// newDTMF makes a DTMF detector for the handset's microphone.
func newDTMF() func(pcm []int16) []byte {
	d := dsp.NewDTMFDetector()
	var evs []dsp.DTMFEvent
	return func(pcm []int16) []byte {
		evs = d.Process(pcm, evs[:0])
		var out []byte
		for _, e := range evs {
			out = append(out, e.Digit)
		}
		return out
	}
}

// extensions adds the simulated board's world commands to the console.
func extensions(b board.Board) map[string]console.Extension {
	w, ok := b.(board.World)
	if !ok {
		return nil
	}
	return map[string]console.Extension{"sim": {
		Summary: "the simulated world: call NUMBER [NAME] | call private | say TEXT|FILE.wav | press DIGITS | pickup | hangup | key DIGITS | caller-hangup | state",
		Run: func(ctx context.Context, args []string, out io.Writer) error {
			res, err := w.World(ctx, "sim "+strings.Join(args, " "))
			if res != "" {
				fmt.Fprintln(out, strings.TrimRight(res, "\n"))
			}
			return err
		},
	}}
}

// serveConsole runs the console on this terminal ("-") or a serial device
// until ctx ends (or, on the terminal, the owner quits).
func serveConsole(ctx context.Context, e *env, where string, con *console.Console) error {
	if where == "-" {
		in, isFile := e.stdin.(*os.File)
		if isFile && term.IsTerminal(int(in.Fd())) {
			old, err := term.MakeRaw(int(in.Fd()))
			if err != nil {
				return err
			}
			defer term.Restore(int(in.Fd()), old)
			done := make(chan error, 1)
			go func() {
				done <- con.Run(ctx, struct {
					io.Reader
					io.Writer
				}{in, e.stdout})
			}()
			select {
			case err := <-done:
				return err
			case <-ctx.Done():
				return nil // the reader goroutine ends with the process
			}
		}
		return lineConsole(ctx, e.stdin, e.stdout, con)
	}
	for ctx.Err() == nil {
		p, err := serialport.Open(where, serialport.Config{Baud: 115200})
		if err != nil {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(2 * time.Second):
				continue
			}
		}
		stop := context.AfterFunc(ctx, func() { p.Close() })
		con.Resident = true
		_ = con.Run(ctx, p)
		stop()
		p.Close()
	}
	return nil
}

// lineConsole serves a console on a plain stream (a pipe): one command per
// line, no echo or editing.
func lineConsole(ctx context.Context, r io.Reader, out io.Writer, con *console.Console) error {
	w := &lockedWriter{w: out} // answers and call notices share the stream
	defer con.Attach(w)()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, console.MaxLine+2), console.MaxLine+2)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case l, ok := <-lines:
			if !ok {
				return nil
			}
			if err := con.Exec(ctx, l, w); errors.Is(err, io.EOF) {
				return nil
			}
		}
	}
}

// backend is the console's view of the box.
type backend struct{ b *box }

func (k backend) Status() string {
	s := k.b.app.Status()
	var sb strings.Builder
	fmt.Fprintf(&sb, "board %s (%s)\n", k.b.board.Name(), k.b.devs.Caps)
	line := "up"
	if !s.LineUp {
		line = "DOWN (passing calls through)"
	}
	fmt.Fprintf(&sb, "line %s, relay %s, call state %s\n", line, s.Relay, s.Phase)
	if set, err := k.b.engine.Settings(); err == nil {
		fmt.Fprintf(&sb, "mode %s, unknown callers: %s, blocked callers: %s\n", set.Mode, set.Default, set.BlockTreatment)
	}
	fmt.Fprintf(&sb, "calls since start %d, new messages %d", s.Calls, k.b.mailbox.Unheard())
	if k.b.mailbox.Full() {
		sb.WriteString(" (mailbox FULL)")
	}
	return sb.String()
}

func (k backend) AddNumber(a screening.Action, raw, name, note string, now time.Time) (screening.Rule, error) {
	return k.b.store.AddNumber(a, raw, name, note, now)
}

func (k backend) DeleteRule(text string) (bool, error) { return k.b.store.DeleteRule(text) }

func (k backend) Log(n int) ([]screening.LogRecord, error) { return k.b.store.Log(n) }

func (k backend) Settings() (screening.Settings, error) { return k.b.store.Settings() }

func (k backend) SetSetting(key, value string) error {
	if strings.HasPrefix(key, screening.ExtraPrefix) && value != "" {
		cc := call.DefaultConfig()
		if err := firmwareSettings(&cc, screening.Settings{Extra: map[string]string{key: value}}); err != nil {
			return err
		}
	}
	return k.b.store.SetSetting(key, value)
}

func (k backend) Messages() ([]screening.Message, error) { return k.b.mailbox.List() }

func (k backend) PlayMessage(id string) error {
	if _, _, err := k.b.mailbox.Audio(id); err != nil {
		return err
	}
	return k.b.app.PlayMessage(id)
}

// caller is how a notice names the caller.
func callerText(c call.Caller) string {
	if c.Number == "" {
		return c.Presentation.String() + " caller"
	}
	return strings.TrimSpace(c.Number + " " + c.Name)
}

// phaseNotice is the console's line when a call reaches phase s.Phase,
// or "" for phases not worth a line.
func phaseNotice(s call.State) string {
	who, why := callerText(s.Caller), s.Decision.Reason
	switch s.Phase {
	case call.PhasePassing, call.PhasePassRinging:
		return fmt.Sprintf("call from %s: rings through (%s)", who, why)
	case call.PhaseIgnoring, call.PhaseBlockDrop, call.PhaseBlockAnswer:
		return fmt.Sprintf("call from %s: blocked, %s (%s)", who, s.Decision.Treatment, why)
	case call.PhaseScreenAnswer:
		return fmt.Sprintf("call from %s: screening (%s)", who, why)
	case call.PhaseVMAnswer:
		return fmt.Sprintf("call from %s: to voicemail (%s)", who, why)
	case call.PhaseHold:
		if !s.NameVoiced {
			return fmt.Sprintf("%s said no name; ringing the handset to announce the number", who)
		}
		return fmt.Sprintf("%s gave a name; ringing the handset to announce it", who)
	case call.PhaseAnnounce:
		return "announcing on the handset; keys: 1 accept, 2 voicemail, 3 block, 4 accept and always allow, * repeat"
	case call.PhaseConnected:
		return fmt.Sprintf("%s is connected to the handset", who)
	case call.PhaseOutgoing:
		return "handset lifted: outgoing call, relay to the line"
	case call.PhaseLineDown:
		return "the modem is gone: calls pass through to the phone until it returns"
	}
	return ""
}

// endNotice is the console's line when a call's log record is written.
func endNotice(r screening.LogRecord) string {
	who := strings.TrimSpace(r.Number + " " + r.Name)
	if r.Number == "" {
		who = strings.TrimSpace(r.Presentation.String() + " " + r.Name)
	}
	n := fmt.Sprintf("logged: call from %s %s, %s", who, r.Outcome, r.Duration.Round(time.Second))
	if r.Message != "" {
		n += ", message " + r.Message
	}
	return n
}

// lockedWriter serialises writes from the console and the call loop.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
