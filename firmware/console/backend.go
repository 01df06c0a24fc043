package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"secretary/firmware/timekeep"
	"secretary/screening"
	"secretary/screening/schedule"
)

// TimeBackend is the box's clock (firmware/timekeep keeps it).
type TimeBackend interface {
	// Clock is the clock now: the time and zone, where the time came
	// from, what caller ID waits to confirm.
	Clock() timekeep.State
	// SetClock steps the clock to the owner's time (in the box's zone)
	// and saves it.
	SetClock(t time.Time) error
}

// Backend is what the commands act on; firmware/owner implements it over
// the store, the engine, the mailbox and the appliance. It is made of
// small interfaces, one per group of commands, so that another front end
// (a control socket) or a test can provide or wrap parts of it.
type Backend interface {
	StatusBackend
	SettingsBackend
	ListsBackend
	SchedulesBackend
	LogBackend
	MessagesBackend
	AuthBackend
	SystemBackend
	DataBackend
	StoreBackend
	TimeBackend
}

// StatusBackend gathers what status shows.
type StatusBackend interface {
	Status() Status
}

// SettingsBackend reads and changes settings.
type SettingsBackend interface {
	Settings() (screening.Settings, error)
	// SetSettings validates and stores settings in one change (value ""
	// puts back a default); nil means it is on disk. A dnd-schedule that
	// names no schedule is refused.
	SetSettings(kv ...[2]string) error
}

// ListsBackend keeps the allow, screen, voicemail and block lists (and
// every other rule) and explains decisions.
type ListsBackend interface {
	// AddRule puts r on its list; old is the rule it replaced (an entry
	// on another list moves). A schedule that does not exist is refused.
	AddRule(r screening.Rule) (old screening.Rule, had bool, err error)
	// DeleteRule removes the rule text names from the list of action
	// only; when found and r.Action differs, it is on another list and
	// was kept.
	DeleteRule(action screening.Action, text string) (r screening.Rule, found bool, err error)
	// ListPage reads a list (every list when all) in list order from
	// cursor ("" the start) keeping what keep accepts (nil: all), at most
	// n rules; next is "" after the last. A page may be short with more
	// to come: go on while next is not "".
	ListPage(action screening.Action, all bool, cursor string, n int, keep func(screening.Rule) bool) (rules []screening.Rule, next string, err error)
	// PatternRules returns every rule that is not an exact number
	// (patterns, names, classes), in no particular order.
	PatternRules() ([]screening.Rule, error)
	// ListSize counts a list's exact numbers and its other rules.
	ListSize(action screening.Action) (numbers, others int, err error)
	// Explain is the decision for a call now, with every rule that matched.
	Explain(c screening.Call, now time.Time) screening.Explanation
}

// SchedulesBackend keeps the named weekly windows.
type SchedulesBackend interface {
	Windows() ([]schedule.Window, error)
	PutWindow(w schedule.Window) error
	// DeleteWindow removes a window; one the dnd-schedule setting names is
	// refused. It reports whether it existed.
	DeleteWindow(name string) (bool, error)
}

// LogBackend reads the call log.
type LogBackend interface {
	// LogSince returns the calls at or after since (zero: all), at most n
	// (n <= 0: all), newest first.
	LogSince(since time.Time, n int) ([]screening.LogRecord, error)
}

// MessagesBackend is the mailbox.
type MessagesBackend interface {
	Messages() ([]screening.Message, error) // newest first
	// PlayMessage rings the handset and plays message id when picked up.
	PlayMessage(id string) error
	DeleteMessage(id string) error
}

// Deliveries is a Backend that sends messages on to the owner (e-mail,
// push): msgs list then shows each message's delivery.
type Deliveries interface {
	// DeliveryStates maps message IDs to their delivery in a few words
	// ("e-mail sent, push waiting (3 tries)").
	DeliveryStates() map[string]string
}

// DeliveryBackend is a Backend that sends messages on to the owner: the
// delivery command shows its settings and queue, sends a test and
// retries.
type DeliveryBackend interface {
	Deliveries
	// DeliveryStatus is the delivery loop's lines, as status shows them.
	DeliveryStatus() []string
	// DeliveryQueue is every message's delivery, oldest queued first.
	DeliveryQueue() ([]screening.Delivery, error)
	// TestDelivery sends a test on channel c now with the stored settings:
	// where it went, or why not in one sentence for the owner (it may take
	// as long as the server does, bounded by ctx).
	TestDelivery(ctx context.Context, c screening.Channel) (string, error)
	// RetryDeliveries makes every waiting or failed delivery due now.
	RetryDeliveries() error
}

// AuthBackend keeps the console PIN's hash (never the PIN).
type AuthBackend interface {
	PINHash() (string, error)
	SetPINHash(hash string) error // "" removes the PIN
}

// SystemBackend checks and restarts the box.
type SystemBackend interface {
	// SelfTest checks what can be checked while the box runs (and, where
	// the box can, its hardware: the call loop then steps aside and the
	// test may tell the owner on w what to do, such as lift the handset).
	// An error means the test could not run at all.
	SelfTest(ctx context.Context, w io.Writer) ([]Check, error)
	// Reboot restarts the box, or says what it would do where it cannot
	// (the simulated board); the text is the owner's answer.
	Reboot() (string, error)
}

// CheckResult is what one check of selftest found.
type CheckResult int

const (
	CheckPass CheckResult = iota // it works
	CheckFail                    // it does not: Hint says what to check
	CheckLook                    // the owner confirms by eye or ear
	CheckSkip                    // the box does not have it
)

func (r CheckResult) String() string {
	switch r {
	case CheckPass:
		return "PASS"
	case CheckFail:
		return "FAIL"
	case CheckLook:
		return "LOOK"
	case CheckSkip:
		return "skip"
	}
	return fmt.Sprintf("CheckResult(%d)", int(r))
}

// Check is one line of selftest.
type Check struct {
	Name   string // "store"
	Result CheckResult
	Detail string // what was found
	Hint   string // what to check when it failed (or was not seen)
}

// Term is what a command may ask of the session it runs in: questions
// (a confirmation, a PIN, pasted lines) and whether a person is there to
// turn pages.
type Term interface {
	// Ask shows prompt and reads one line, echoed.
	Ask(prompt string) (string, error)
	// AskSecret shows prompt and reads one line without echo.
	AskSecret(prompt string) (string, error)
	// Interactive reports a person at a terminal: long answers wait for
	// them page by page.
	Interactive() bool
}

// ErrNoAnswer is what Ask returns where nobody can answer (a pipe, a
// script): commands that must ask then say how to do without.
var ErrNoAnswer = errors.New("console: nobody at a terminal to answer")

// noTerm is the Term of a command run without a session (Exec).
type noTerm struct{}

func (noTerm) Ask(string) (string, error)       { return "", ErrNoAnswer }
func (noTerm) AskSecret(string) (string, error) { return "", ErrNoAnswer }
func (noTerm) Interactive() bool                { return false }
