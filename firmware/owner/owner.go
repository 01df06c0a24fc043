package owner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"secretary/firmware"
	"secretary/firmware/call"
	"secretary/firmware/console"
	"secretary/firmware/delivery"
	"secretary/firmware/timekeep"
	"secretary/firmware/voicemail"
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/schedule"
	"secretary/screening/store"
)

// Appliance is what of the running box the owner reaches;
// *firmware.Appliance implements it.
type Appliance interface {
	Status() firmware.Status
	PlayMessage(id string) error
}

// Config is what Owner acts on. Store, Engine and Mailbox are required.
type Config struct {
	Store   *store.Store
	Engine  *screening.Engine
	Mailbox *voicemail.Box
	Box     Appliance // nil: no appliance (status shows it idle; play fails)
	Board   string
	Caps    hal.Caps
	Version string
	Started time.Time        // when the box started
	Now     func() time.Time // the box's clock (default time.Now)
	// Clock is the box's clock keeper (nil: the system's clock, which
	// the owner cannot set); the timezone setting goes to it at once.
	Clock Clock
	// ClockSource says where the clock comes from (default: Clock's
	// source, else "system clock").
	ClockSource func() string
	// Reboot restarts the box, or says what it would do (the sim); nil:
	// the box cannot restart itself here.
	Reboot func() (string, error)
	// HardwareTest, if set, is the board's self-test on the running box
	// (the call loop steps aside meanwhile); it may tell the owner on w
	// what to do. Without it the modem check is the appliance's status.
	HardwareTest func(ctx context.Context, w io.Writer) ([]console.Check, error)
	// Voices keeps people's recorded names (the prompts the box plays);
	// nil: names can only be said as "extension N".
	Voices Voices
	// DataDir is the data directory: backups are spooled and staged
	// there, and message files are relative to it (default: the
	// store's directory).
	DataDir string
	// Maintenance runs f with the call loop stepped aside (calls ring
	// straight through meanwhile), telling the owner through say; nil
	// where no box runs (the command line on a stopped box): f runs at once.
	Maintenance func(ctx context.Context, say func(string), f func() error) error
	// Notes are more lines for status (the installer settings); may be nil.
	Notes func() []string
	// AfterReset, if set, runs after store reset has emptied the store:
	// the installer's settings file applied again; its lines are shown.
	AfterReset func() []string
	// Delivery, if set, gives the delivery loop (made after the Owner):
	// status shows its lines, msgs list each message's delivery, and a
	// changed delivery setting makes it look again.
	Delivery func() Delivery
	Logger   *slog.Logger
}

// Delivery is the loop that sends messages on to the owner;
// *delivery.Deliverer implements it.
type Delivery interface {
	Poke()
	Status() delivery.Status
	SendTest(ctx context.Context, c screening.Channel) (string, error)
	Retry()
}

// Owner implements console.Backend.
type Owner struct {
	cfg Config
	log *slog.Logger
}

var (
	_ console.Backend       = (*Owner)(nil)
	_ console.PeopleBackend = (*Owner)(nil)
)

// New returns an Owner; it does no I/O.
func New(cfg Config) *Owner {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ClockSource == nil {
		cfg.ClockSource = func() string { return "system clock" }
		if c := cfg.Clock; c != nil {
			cfg.ClockSource = func() string { return c.State().SourceText() }
		}
	}
	if cfg.Started.IsZero() {
		cfg.Started = cfg.Now()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Owner{cfg: cfg, log: log}
}

// SetMaintenance gives the Owner the way to step the call loop aside
// (Config.Maintenance), which is made after it.
func (o *Owner) SetMaintenance(f func(ctx context.Context, say func(string), f func() error) error) {
	o.cfg.Maintenance = f
}

// SetBox gives the Owner the running appliance, which is made after the
// console (it reports to it); call it before the console serves.
func (o *Owner) SetBox(b Appliance) { o.cfg.Box = b }

// Status gathers what the status command shows.
func (o *Owner) Status() console.Status {
	now := o.cfg.Now()
	st := console.Status{Board: o.cfg.Board, Caps: o.cfg.Caps, Version: o.cfg.Version, Started: o.cfg.Started,
		Now: now, ClockSource: o.cfg.ClockSource(), Box: firmware.Status{Phase: call.PhaseIdle, LineUp: true}}
	if o.cfg.Box != nil {
		st.Box = o.cfg.Box.Status()
	}
	// the store's health now, not as the call loop last asked (every
	// second): right after store restore or reset, status says so
	st.Box.Data = DataHealth(o.cfg.Store)
	st.Settings, st.SettingsErr = o.cfg.Engine.Settings()
	st.Mode, st.ModeWhy, _ = o.cfg.Engine.ModeAt(now)
	for a := screening.ActionPass; a <= screening.ActionBlock; a++ {
		n, m, err := o.cfg.Store.ListSize(a)
		if err != nil {
			st.ListsErr = err
			break
		}
		st.Lists[a] = console.ListSize{Numbers: n, Others: m}
	}
	if recs, err := o.cfg.Store.Log(1); err == nil && len(recs) == 1 {
		st.LastCall = &recs[0]
	}
	if msgs, err := o.cfg.Mailbox.List(); err == nil {
		st.Messages = len(msgs)
		for _, m := range msgs {
			if !m.Heard {
				st.Unheard++
			}
		}
	}
	st.MailboxFull = o.cfg.Mailbox.Full()
	cond, err := o.cfg.Store.Health()
	st.StoreHealth, st.StoreErr = cond.String(), err
	if o.cfg.Notes != nil {
		st.Notes = o.cfg.Notes()
	}
	if d := o.delivery(); d != nil {
		st.Notes = append(st.Notes, d.Status().Lines(now.Location())...)
	}
	return st
}

// delivery is the delivery loop, nil without one.
func (o *Owner) delivery() Delivery {
	if o.cfg.Delivery == nil {
		return nil
	}
	return o.cfg.Delivery()
}

// DeliveryStates implements console.Deliveries: each message's delivery in
// a few words, for msgs list.
func (o *Owner) DeliveryStates() map[string]string {
	ds, err := o.cfg.Store.Deliveries()
	if err != nil {
		return nil
	}
	return delivery.Summaries(ds)
}

// errNoDelivery: the box was started without its delivery loop.
var errNoDelivery = errors.New("delivery is not running on this box")

// DeliveryStatus implements console.DeliveryBackend: the loop's lines.
func (o *Owner) DeliveryStatus() []string {
	d := o.delivery()
	if d == nil {
		return []string{errNoDelivery.Error()}
	}
	return d.Status().Lines(o.cfg.Now().Location())
}

// DeliveryQueue implements console.DeliveryBackend.
func (o *Owner) DeliveryQueue() ([]screening.Delivery, error) {
	ds, err := o.cfg.Store.Deliveries()
	return ds, plain(err)
}

// TestDelivery implements console.DeliveryBackend: a test e-mail or push
// now, on the console's goroutine (never the call loop's).
func (o *Owner) TestDelivery(ctx context.Context, c screening.Channel) (string, error) {
	d := o.delivery()
	if d == nil {
		return "", errNoDelivery
	}
	return d.SendTest(ctx, c)
}

// RetryDeliveries implements console.DeliveryBackend.
func (o *Owner) RetryDeliveries() error {
	d := o.delivery()
	if d == nil {
		return errNoDelivery
	}
	d.Retry()
	return nil
}

// Settings returns the stored settings.
func (o *Owner) Settings() (screening.Settings, error) { return o.cfg.Store.Settings() }

// SetSettings stores settings in one change; a new time zone applies to
// the clock at once, a delivery setting from the next delivery (tried at
// once, so a corrected password is).
func (o *Owner) SetSettings(kv ...[2]string) error {
	if err := o.cfg.Store.SetSettings(kv...); err != nil {
		return plain(err)
	}
	poke := false
	for _, p := range kv {
		k, ok := screening.LookupSetting(p[0])
		if !ok {
			continue
		}
		poke = poke || k.By == screening.ByDelivery
		if k.Key == "timezone" {
			if err := o.followZone(); err != nil {
				return err
			}
		}
	}
	if d := o.delivery(); poke && d != nil {
		d.Poke()
	}
	return nil
}

// AddRule puts a rule on its list, moving it from another.
func (o *Owner) AddRule(r screening.Rule) (screening.Rule, bool, error) {
	old, had, err := o.cfg.Store.AddListed(r)
	return old, had, plain(err)
}

// DeleteRule removes a rule from one list only.
func (o *Owner) DeleteRule(action screening.Action, text string) (screening.Rule, bool, error) {
	r, found, err := o.cfg.Store.DeleteListed(action, text)
	return r, found, plain(err)
}

// ListPage reads a page of a list.
func (o *Owner) ListPage(action screening.Action, all bool, cursor string, n int, keep func(screening.Rule) bool) ([]screening.Rule, string, error) {
	return o.cfg.Store.ListPage(action, all, cursor, n, keep)
}

// PatternRules returns the rules that are not exact numbers.
func (o *Owner) PatternRules() (rs []screening.Rule, err error) {
	err = o.cfg.Store.View(func(tx store.ReadTx) error { rs, err = tx.PatternRules(); return err })
	return rs, err
}

// ListSize counts a list.
func (o *Owner) ListSize(action screening.Action) (int, int, error) {
	return o.cfg.Store.ListSize(action)
}

// Explain is the engine's decision with its reasons.
func (o *Owner) Explain(c screening.Call, now time.Time) screening.Explanation {
	return o.cfg.Engine.Explain(c, now)
}

// Windows returns the schedules.
func (o *Owner) Windows() ([]schedule.Window, error) { return o.cfg.Store.Windows() }

// PutWindow adds or replaces a schedule.
func (o *Owner) PutWindow(w schedule.Window) error {
	return o.cfg.Store.Update(func(tx store.WriteTx) error { return tx.PutWindow(w) })
}

// DeleteWindow removes a schedule the dnd-schedule setting does not use.
func (o *Owner) DeleteWindow(name string) (bool, error) {
	ok, err := o.cfg.Store.DeleteSchedule(name)
	return ok, plain(err)
}

// LogSince reads the call log.
func (o *Owner) LogSince(since time.Time, n int) ([]screening.LogRecord, error) {
	return o.cfg.Store.LogSince(since, n)
}

// Messages lists the voicemail, newest first.
func (o *Owner) Messages() ([]screening.Message, error) { return o.cfg.Mailbox.List() }

// PlayMessage rings the handset to play a message.
func (o *Owner) PlayMessage(id string) error {
	if _, _, err := o.cfg.Mailbox.Audio(id); err != nil {
		return err
	}
	if o.cfg.Box == nil {
		return firmware.ErrNotRunning
	}
	return o.cfg.Box.PlayMessage(id)
}

// DeleteMessage deletes a message and its audio.
func (o *Owner) DeleteMessage(id string) error { return o.cfg.Mailbox.Delete(id) }

// PINHash returns the console PIN's hash.
func (o *Owner) PINHash() (string, error) { return o.cfg.Store.ConsolePIN() }

// SetPINHash stores the console PIN's hash.
func (o *Owner) SetPINHash(h string) error { return o.cfg.Store.SetConsolePIN(h) }

// Reboot restarts the box, or says why it cannot.
func (o *Owner) Reboot() (string, error) {
	if o.cfg.Reboot == nil {
		return "", errors.New("this box cannot restart itself; switch it off and on")
	}
	return o.cfg.Reboot()
}

// plain turns the store's errors the console cannot say better into an
// owner's sentence.
func plain(err error) error {
	var name string
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNoWindow):
		name = err.Error()[strings.LastIndex(err.Error(), ": ")+2:]
		return fmt.Errorf("there is no schedule %q: add it first (schedule add %s DAYS HH:MM-HH:MM)", name, name)
	case errors.Is(err, store.ErrWindowInUse):
		return errors.New("dnd-schedule uses this schedule: set dnd-schedule to another one (or set dnd-schedule to empty) first")
	case errors.Is(err, store.ErrDamaged), errors.Is(err, store.ErrReadOnly), errors.Is(err, store.ErrSchemaNewer):
		return errors.New(store.Sentence(err))
	}
	return err
}

// SelfTest runs the hardware test if there is one, then checks what
// only the running firmware can tell: the store file, its snapshots, the
// stored settings, the mailbox and the clock.
func (o *Owner) SelfTest(ctx context.Context, w io.Writer) ([]console.Check, error) {
	var out []console.Check
	if o.cfg.HardwareTest != nil {
		hw, err := o.cfg.HardwareTest(ctx, w)
		if err != nil {
			return nil, err
		}
		out = hw
	}
	add := func(name string, ok bool, hint, format string, a ...any) {
		c := console.Check{Name: name, Detail: fmt.Sprintf(format, a...)}
		if !ok {
			c.Result, c.Hint = console.CheckFail, hint
		}
		out = append(out, c)
	}
	const storeHint = "store restore puts back the newest good copy; or restore a backup; or store reset (the damaged file is kept aside)"
	if err := o.cfg.Store.Check(); err != nil {
		add("store", false, storeHint, "%s", store.Sentence(err))
	} else if cond, err := o.cfg.Store.Health(); cond != store.Healthy {
		add("store", false, storeHint, "%s: %s", cond, store.Sentence(err))
	} else {
		size, _ := o.cfg.Store.Size()
		add("store", true, "", "every page and record checked, %d KB", size/1024)
	}
	if snaps, err := o.cfg.Store.Snapshots(); err != nil {
		add("snapshots", false, "the data directory must be writable", "%v", err)
	} else if len(snaps) == 0 {
		add("snapshots", true, "", "none yet (one is taken after the first change)")
	} else {
		newest := snaps[0] // (newest first)
		add("snapshots", true, "", "%d kept, the newest %s old", len(snaps), console.FormatAge(o.cfg.Now().Sub(newest.Time)))
	}
	if set, err := o.cfg.Store.Settings(); err != nil {
		add("settings", false, storeHint, "%s", store.Sentence(err))
	} else {
		add("settings", len(set.Problems) == 0, "set each one named in status again", "%d stored values could not be used", len(set.Problems))
	}
	o.mailboxCheck(add)
	if o.cfg.HardwareTest == nil {
		st := firmware.Status{Phase: call.PhaseIdle, LineUp: true}
		if o.cfg.Box != nil {
			st = o.cfg.Box.Status()
		}
		add("modem", st.LineUp, "check the modem's USB cable", "line %s, relay %s", st.Phase, st.Relay)
	}
	now := o.cfg.Now()
	add("clock", !now.Before(timekeep.DefaultFloor), "the clock was never set (no clock battery, no network): type time set YYYY-MM-DD HH:MM",
		"%s (%s)", now.Format("2006-01-02 15:04:05 MST"), o.cfg.ClockSource())
	return out, nil
}

// mailboxCheck writes and removes a file where messages go.
func (o *Owner) mailboxCheck(add func(string, bool, string, string, ...any)) {
	msgs, err := o.cfg.Mailbox.List()
	if err != nil {
		add("mailbox", false, "", "%v", err)
		return
	}
	f, err := os.CreateTemp(o.cfg.Mailbox.Dir(), ".selftest-*")
	if err == nil {
		name := f.Name()
		_, err = f.Write([]byte("selftest"))
		f.Close()
		os.Remove(name)
	}
	switch {
	case err != nil:
		add("mailbox", false, "the data directory must be writable", "messages cannot be written: %v", err)
	case o.cfg.Mailbox.Full():
		add("mailbox", false, "delete messages (msgs del)", "full: %d messages, none heard", len(msgs))
	default:
		add("mailbox", true, "", "%d messages, room for more", len(msgs))
	}
}
