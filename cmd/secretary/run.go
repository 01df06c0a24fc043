package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"secretary/board"
	"secretary/board/sim"
	"secretary/firmware"
	"secretary/firmware/console"
	"secretary/firmware/delivery"
	"secretary/firmware/owner"
	"secretary/firmware/prompts"
	"secretary/firmware/timekeep"
	"secretary/firmware/voicemail"
	"secretary/hal"
	"secretary/hal/serialport"
	"secretary/screening"
	"secretary/screening/store"
	"secretary/screening/words"
)

// runOptions is the command line of "run".
type runOptions struct {
	board   string
	modem   string
	console string // "" none, "-" this terminal, else a serial device
	data    string
	socket  string // sim: simhw socket
	install string // installer settings file (secretary.txt on the image)
	noDog   bool   // leave the watchdog alone (development, tests)
	demo    bool
	verbose bool
	trace   bool

	// for tests in this package
	traceTo func(line string)
	onLog   func(rec screening.LogRecord)
	seed    uint64 // challenge digits; 0 = random
	hw      *hwFlags
	onBox   func(*box) // for tests: the box once wired
	// the delivery loop's back-off (0: its defaults, 30 s to 1 h)
	deliveryBase, deliveryMax time.Duration
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "--board sim|rpi3|rpi4|rpi5|zero2w [--modem DEVICE] [--console DEVICE|-] [--data DIR] [--demo] [--audio hw:C,D|none] [--pin part=GPIOn ...]")
	var o runOptions
	fs.StringVar(&o.board, "board", "", "board: "+strings.Join(board.Names(), ", ")+" (default: detect a Pi)")
	fs.StringVar(&o.modem, "modem", "", "serial device of the voice modem (overrides the board's, also on sim)")
	fs.StringVar(&o.console, "console", "", "console on a serial DEVICE, or - for this terminal (default none)")
	fs.StringVar(&o.data, "data", defaultDataDir(), "data directory (database, messages, prompts)")
	fs.StringVar(&o.socket, "sim-socket", "", "sim: simhw socket (default per user)")
	fs.StringVar(&o.install, "settings", "", "installer settings FILE read at start (secretary.txt on the image's boot partition)")
	fs.BoolVar(&o.noDog, "no-watchdog", false, "leave the watchdog alone (development)")
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
	// delivery sends messages on to the owner (e-mail, push)
	delivery *delivery.Deliverer
	devs     *hal.Devices
	install  *install
	aside    chan stepAside // the console's selftest asks the call loop to step aside
	appDone  chan struct{}  // closed when the call loop has ended for good
}

func runFirmware(ctx context.Context, e *env, o runOptions) (err error) {
	log := slog.New(slog.DiscardHandler)
	if o.verbose {
		log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	// A data directory that cannot be made, written or read does not stop
	// the box: the store opens degraded and says why (owner.DataHealth).
	_ = os.MkdirAll(o.data, 0o750)
	sysZone := time.Local                      // what timezone "" means
	zone, zerr := applyZone(o.data, o.install) // before the store's goroutines read the clock
	// the clock next: a Pi boots at 1970, the log and schedules need the time
	clk, sys, closeSys := systemClock(o.board, log)
	defer closeSys()
	var con *console.Console
	var conReady atomic.Pointer[console.Console]
	keeper := timekeep.New(timekeep.Config{Clock: clk, System: sys, Dir: o.data, Zone: zone, SystemZone: sysZone, Logger: log,
		Notice: func(m string) {
			if c := conReady.Load(); c != nil {
				c.Notify(m)
			}
		}})
	keeper.Start()
	st, err := openStoreWaiting(e, o.data, store.WithDegraded(), store.WithLogger(log),
		store.WithSnapshots(store.SnapshotConfig{Watch: storeWatch}))
	if err != nil {
		return ownerError(err) // only another process holding the file
	}
	defer st.Close()
	if h := owner.DataHealth(st); h.Degraded() {
		fmt.Fprintf(e.stderr, "secretary run: DEGRADED MODE: %s %s\n", h.Problem, console.DegradedText(h.State))
	}
	eng := screening.NewEngine(st, screening.WithLogger(log))
	// every change of the mailbox (the box's own, the console's) reaches
	// the box, for the LED and the phone's message-waiting lamp
	var app atomic.Pointer[firmware.Appliance]
	mb := voicemail.New(st, voicemail.Config{Dir: o.data, OnChange: func() {
		if a := app.Load(); a != nil {
			a.MailboxChanged()
		}
	}})
	if err := mb.Open(); err != nil {
		// (the store's trouble is said above; messages wait for it)
		log.Warn("voicemail: not opened; the box runs without it", "err", err)
	}
	defer mb.Close()
	inst := loadInstall(o.install, o.data, st, zone)
	if zerr != nil {
		inst.problem("%v", zerr)
	}
	for _, p := range inst.problems {
		fmt.Fprintf(e.stderr, "secretary run: %s\n", p)
	}

	exe, _ := os.Executable()
	bcfg := board.Config{Board: o.board, Modem: o.modem, SimSocket: o.socket, Logger: log, NoWatchdog: o.noDog, Clock: clk,
		LineUpWait: runLineWait}
	if o.hw != nil {
		bcfg.Audio, bcfg.Pins, bcfg.RelayActiveLow = o.hw.audio, o.hw.pins, o.hw.relayLow
	}
	inst.board(&bcfg)
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
	if !lineUp(devs) {
		fmt.Fprintf(e.stderr, "secretary run: %s\n", noModemText)
	}

	if set, err := eng.Settings(); err == nil {
		// a bad stored setting must not keep the box from running
		for _, p := range set.Problems {
			fmt.Fprintf(e.stderr, "secretary run: %v\n", p)
		}
	}
	bx := &box{board: b, store: st, engine: eng, mailbox: mb, devs: devs, install: inst,
		aside: make(chan stepAside), appDone: make(chan struct{})}
	fcfg := firmware.Config{Logger: log, Settings: eng.Settings, People: eng.People, Clock: clk, CallerTime: keeper.CallerTime, Zone: keeper.Zone,
		DataHealth: func() firmware.DataHealth { return owner.DataHealth(st) }, Hang: testHang(ctx, log)}
	voices := prompts.New(filepath.Join(o.data, "prompts")) // the box's prompts and people's recorded names
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
	var own *owner.Owner
	rebootReq := make(chan struct{}, 1)
	dcfg := delivery.Config{Logger: log, Base: o.deliveryBase, Max: o.deliveryMax}
	if !o.demo {
		own = owner.New(owner.Config{Store: st, Engine: eng, Mailbox: mb, Board: b.Name(), Caps: devs.Caps,
			Version: version, Logger: log, Reboot: rebooter(b.Name(), rebootReq),
			Notes:        func() []string { return inst.notes(zoneNote(keeper.State())) },
			HardwareTest: hardwareTest(bx, inst, o.data), Clock: keeper, Now: keeper.Now, DataDir: o.data,
			AfterReset: func() []string { return reinstall(inst, o.data, st) }, Delivery: bx.deliveryLoop, Voices: voices})
		// one command table for the console and the control socket
		con = console.New(own, extensions(b), keeper.Now)
		con.Version = version
		con.Attention = func() string { return notes(own.Attention(), bx.modemNote()) }
		conReady.Store(con)
		own.SetMaintenance(func(ctx context.Context, say func(string), f func() error) error {
			return bx.maintenance(ctx, func(s string) { say(s); con.Notify(s) }, f)
		})
	}
	if o.console != "" && !o.demo {
		// Calls are news on the console: a line as each call arrives,
		// is decided, announced, and ends.
		onLog := fcfg.OnLog
		fcfg.OnPhase = con.CallPhase
		fcfg.OnNotice = con.CallNotice
		fcfg.OnLog = func(rec screening.LogRecord) {
			if onLog != nil {
				onLog(rec)
			}
			con.CallLogged(rec)
		}
	}
	if con != nil {
		dcfg.Notify = con.Notify
	}
	bx.delivery = delivery.New(st, mb, dcfg)
	bx.app = firmware.New(devs, eng, st, deliveringMailbox{mb, bx.delivery}, voices, fcfg)
	app.Store(bx.app)
	if own != nil {
		own.SetBox(bx.app)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	wg.Go(func() {
		errc <- bx.runApp(ctx)
		cancel()
	})
	wg.Go(func() { _ = keeper.Run(ctx) })      // saves the time now and then, and when the box stops
	wg.Go(func() { _ = bx.delivery.Run(ctx) }) // its own goroutine: the call loop never waits on it
	defer wg.Wait()

	if own != nil {
		serveControl(ctx, e, &wg, o.data, con, log)
	}
	if o.onBox != nil {
		o.onBox(bx)
	}

	switch {
	case o.demo:
		derr := demo.play(ctx, bx)
		cancel()
		if rerr := <-errc; rerr != nil {
			return rerr
		}
		return derr
	case o.console != "":
		wg.Add(1)
		go func() {
			defer wg.Done()
			own.Housekeep(ctx, con.Notify)
		}()
		rebooting := false
		cerr := make(chan error, 1)
		go func() { cerr <- serveConsole(ctx, e, o.console, con, inst.baud(), inst.greeting()) }()
		select {
		case err = <-cerr:
		case <-rebootReq:
			rebooting = true
		}
		cancel()
		if rebooting {
			<-cerr // the terminal is given back as it was
		}
		if rerr := <-errc; rerr != nil {
			return rerr
		}
		if rebooting {
			return errReboot
		}
		return err
	}
	return <-errc
}

// extensions adds the simulated board's world commands to the console.
func extensions(b board.Board) []console.Command {
	w, ok := b.(board.World)
	if !ok {
		return nil
	}
	return []console.Command{{Name: "sim", Usage: "sim COMMAND [ARG...]",
		Summary: "the simulated world: call NUMBER [NAME] | call private | say TEXT|FILE.wav | press DIGITS | pickup | hangup | key DIGITS | caller-hangup | state",
		Help:    sim.WorldHelp + "\nexample: sim call 2125550143 \"HUDSON DENTAL\"",
		Raw:     true,
		Run: func(ctx context.Context, r *console.Request, out io.Writer) error {
			res, err := w.World(ctx, words.Join(append([]string{"sim"}, r.Args...)))
			if res != "" {
				fmt.Fprintln(out, strings.TrimRight(res, "\n"))
			}
			return err
		},
	}}
}

// serveConsole runs the console on this terminal ("-") or a serial device
// (at baud, showing greeting whenever the port opens) until ctx ends or,
// on the terminal, the owner stops the box. A console
// that ends never ends the box: on a serial device the port is served
// again; on a pipe whose input ends (or after exit) the box keeps running
// and says so on stderr.
func serveConsole(ctx context.Context, e *env, where string, con *console.Console, baud int, greeting string) error {
	if where != "-" {
		serveSerialConsole(ctx, where, con, baud, greeting)
		return nil
	}
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
			}{in, e.stdout}, console.Local)
		}()
		select {
		case err := <-done:
			if errors.Is(err, console.ErrStop) {
				return nil // the owner stopped the box (Ctrl-C after exit)
			}
			term.Restore(int(in.Fd()), old)
			fmt.Fprintf(e.stderr, "secretary run: the console's input ended (%v); the box keeps running: stop it with SIGTERM or Ctrl-C\n", cmp.Or(err, io.EOF))
		case <-ctx.Done():
			return nil // the reader goroutine ends with the process
		}
		<-ctx.Done()
		return nil
	}
	err := con.ServeLines(ctx, e.stdin, e.stdout)
	if ctx.Err() != nil {
		return nil
	}
	why := "exit"
	if err != nil {
		why = err.Error()
		if errors.Is(err, io.EOF) {
			why = "end of input"
		}
	}
	fmt.Fprintf(e.stderr, "secretary run: the console on standard input ended (%s); the box keeps running: stop it with SIGTERM or Ctrl-C\n", why)
	<-ctx.Done()
	return nil
}

// serveSerialConsole serves the console on a serial device until ctx
// ends, reopening it after every session (exit, unplugged adapter).
func serveSerialConsole(ctx context.Context, where string, con *console.Console, baud int, greeting string) {
	for ctx.Err() == nil {
		p, err := serialport.Open(where, serialport.Config{Baud: baud})
		if err != nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Second):
				continue
			}
		}
		stop := context.AfterFunc(ctx, func() { p.Close() })
		_, _ = io.WriteString(p, greeting)
		_ = con.Run(ctx, p, console.Serial)
		stop()
		p.Close()
	}
}

// errReboot: the owner asked for a restart; the box has stopped and main
// restarts the system.
var errReboot = errors.New("the owner asked for a restart")

// rebooter is what the console's reboot does: on the simulated board it
// says what would happen; on a real board it stops the box (the relay
// passes calls through) and asks for the restart.
func rebooter(boardName string, req chan<- struct{}) func() (string, error) {
	return func() (string, error) {
		if boardName == "sim" {
			return "the simulated board does not restart; on a real box this would stop the firmware (calls ring straight through), sync the disk and restart the system, back in about 30 s", nil
		}
		select {
		case req <- struct{}{}:
		default:
		}
		return "restarting: calls ring straight through to the phone until the box is back (about 30 s)", nil
	}
}
