package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"secretary/firmware/timekeep"
	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/schedule"
	"secretary/screening/store"
)

// memBackend is an in-memory Backend, as the store-backed one behaves
// (firmware/owner's tests run the console on the real store). It is also
// a screening.Source, so Explain is the real engine's.
type memBackend struct {
	mu      sync.Mutex
	gen     uint64
	set     screening.Settings
	rules   map[string]screening.Rule
	windows map[string]schedule.Window
	log     []screening.LogRecord // newest first
	msgs    []screening.Message   // newest first
	pin     string
	played  []string
	status  Status
	engine  *screening.Engine
	keeper  *timekeep.Keeper // the clock; nil: the system's, which cannot be set
	store   StoreReport      // what store status shows
	resets  int              // store resets done
}

// TimeBackend
func (m *memBackend) Clock() timekeep.State {
	if m.keeper != nil {
		return m.keeper.State()
	}
	return timekeep.State{Now: time.Now().UTC(), Zone: time.UTC}
}
func (m *memBackend) SetClock(t time.Time) error {
	if m.keeper == nil {
		return errors.New("this box cannot set its clock")
	}
	return m.keeper.SetByOwner(t)
}

func newMem() *memBackend {
	m := &memBackend{set: screening.DefaultSettings(), rules: map[string]screening.Rule{}, windows: map[string]schedule.Window{}}
	m.engine = screening.NewEngine(m)
	return m
}

// Source
func (m *memBackend) Generation() uint64 { m.mu.Lock(); defer m.mu.Unlock(); return m.gen }
func (m *memBackend) Policy() (screening.Policy, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := screening.Policy{Settings: m.set}
	for _, r := range m.rules {
		if r.Match.Kind != screening.MatchExact {
			p.Rules = append(p.Rules, r)
		}
	}
	for _, w := range m.windows {
		p.Windows = append(p.Windows, w)
	}
	return p, nil
}
func (m *memBackend) LookupNumber(e164 string) (screening.Rule, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.rules[e164]
	return r, ok, nil
}
func (m *memBackend) LastCall(e164 string, since time.Time) (time.Time, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.log {
		if r.Number == e164 && !r.Time.Before(since) {
			return r.Time, true, nil
		}
	}
	return time.Time{}, false, nil
}

// Backend
func (m *memBackend) Status() Status {
	st := m.status
	st.Settings, _ = m.Settings()
	st.Mode, st.ModeWhy, _ = m.engine.ModeAt(time.Now())
	return st
}
func (m *memBackend) Settings() (screening.Settings, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.set, nil
}
func (m *memBackend) SetSettings(kv ...[2]string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.set
	for _, p := range kv {
		var err error
		if p[1] == "" {
			err = s.Reset(p[0])
		} else {
			err = s.Set(p[0], p[1])
		}
		if err != nil {
			return err
		}
	}
	if _, ok := m.windows[s.DNDSchedule]; s.DNDSchedule != "" && !ok {
		return fmt.Errorf("there is no schedule %q", s.DNDSchedule)
	}
	m.set = s
	m.gen++
	return nil
}
func (m *memBackend) AddRule(r screening.Rule) (screening.Rule, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if name := strings.TrimPrefix(r.Schedule, "!"); name != "" {
		if _, ok := m.windows[name]; !ok {
			return screening.Rule{}, false, fmt.Errorf("there is no schedule %q", name)
		}
	}
	old, had := m.rules[r.Match.Text]
	m.rules[r.Match.Text] = r
	m.gen++
	return old, had, nil
}
func (m *memBackend) DeleteRule(action screening.Action, text string) (screening.Rule, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	match, err := screening.ParseMatch(text, m.set.Number)
	if err != nil {
		return screening.Rule{}, false, err
	}
	r, ok := m.rules[match.Text]
	if ok && r.Action == action {
		delete(m.rules, match.Text)
		m.gen++
	}
	return r, ok, nil
}

// ordered is the rules in list order: numbers ascending, then the others by text.
func (m *memBackend) ordered() []screening.Rule {
	var rs []screening.Rule
	for _, r := range m.rules {
		rs = append(rs, r)
	}
	key := func(r screening.Rule) string {
		if v, ok := number.Pack(r.Match.Text); ok {
			return fmt.Sprintf("0%020d", v)
		}
		return "1" + r.Match.Text
	}
	sort.Slice(rs, func(i, j int) bool { return key(rs[i]) < key(rs[j]) })
	return rs
}
func (m *memBackend) ListPage(action screening.Action, all bool, cursor string, n int, keep func(screening.Rule) bool) ([]screening.Rule, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rs := m.ordered()
	start := 0
	if cursor != "" {
		for i, r := range rs {
			if r.Match.Text == cursor {
				start = i + 1
			}
		}
	}
	var out []screening.Rule
	for i := start; i < len(rs); i++ {
		r := rs[i]
		if (all || r.Action == action) && (keep == nil || keep(r)) {
			out = append(out, r)
			if len(out) == n {
				if i == len(rs)-1 {
					return out, "", nil
				}
				return out, r.Match.Text, nil
			}
		}
	}
	return out, "", nil
}
func (m *memBackend) PatternRules() ([]screening.Rule, error) {
	p, err := m.Policy()
	return p.Rules, err
}
func (m *memBackend) ListSize(action screening.Action) (int, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, o := 0, 0
	for _, r := range m.rules {
		switch {
		case r.Action != action:
		case r.Match.Kind == screening.MatchExact:
			n++
		default:
			o++
		}
	}
	return n, o, nil
}
func (m *memBackend) Explain(c screening.Call, now time.Time) screening.Explanation {
	return m.engine.Explain(c, now)
}
func (m *memBackend) Windows() ([]schedule.Window, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ws []schedule.Window
	for _, w := range m.windows {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Name < ws[j].Name })
	return ws, nil
}
func (m *memBackend) PutWindow(w schedule.Window) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.windows[w.Name] = w
	m.gen++
	return nil
}
func (m *memBackend) DeleteWindow(name string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.set.DNDSchedule == name {
		return false, errors.New("dnd-schedule uses this schedule")
	}
	_, ok := m.windows[name]
	delete(m.windows, name)
	m.gen++
	return ok, nil
}
func (m *memBackend) LogSince(since time.Time, n int) ([]screening.LogRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []screening.LogRecord
	for _, r := range m.log {
		if (n > 0 && len(out) >= n) || r.Time.Before(since) {
			break
		}
		out = append(out, r)
	}
	return out, nil
}
func (m *memBackend) Messages() ([]screening.Message, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]screening.Message(nil), m.msgs...), nil
}
func (m *memBackend) PlayMessage(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.played = append(m.played, id)
	return nil
}
func (m *memBackend) DeleteMessage(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, msg := range m.msgs {
		if msg.ID == id {
			m.msgs = append(m.msgs[:i], m.msgs[i+1:]...)
			return nil
		}
	}
	return errors.New("voicemail: no such message")
}
func (m *memBackend) PINHash() (string, error) { m.mu.Lock(); defer m.mu.Unlock(); return m.pin, nil }
func (m *memBackend) SetPINHash(h string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pin = h
	return nil
}
func (m *memBackend) Reboot() (string, error) { return "would restart", nil }
func (m *memBackend) SelfTest(context.Context, io.Writer) ([]Check, error) {
	return []Check{{Name: "store", Detail: "fine"}, {Name: "modem", Detail: "up"}}, nil
}

// StoreBackend
func (m *memBackend) StoreReport() StoreReport { m.mu.Lock(); defer m.mu.Unlock(); return m.store }
func (m *memBackend) RestoreSnapshot() (store.Snapshot, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.store.Copies) == 0 {
		return store.Snapshot{}, "", errors.New("there is no snapshot to restore")
	}
	m.store.Health, m.store.Err = store.Healthy, nil
	return m.store.Copies[0], "secretary.db.damaged-20261123T090000Z", nil
}
func (m *memBackend) ResetStore() (string, []string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rules, m.resets = map[string]screening.Rule{}, m.resets+1
	m.store.Health, m.store.Err = store.Healthy, nil
	return "secretary.db.old-20261123T090000Z", []string{"installer settings none"}, nil
}

// scriptTerm is a Term that answers from a script and records the prompts.
type scriptTerm struct {
	answers []string
	prompts []string
}

func (s *scriptTerm) ask(p string) (string, error) {
	s.prompts = append(s.prompts, p)
	if len(s.answers) == 0 {
		return "", errors.New("script: no more answers")
	}
	a := s.answers[0]
	s.answers = s.answers[1:]
	return a, nil
}
func (s *scriptTerm) Ask(p string) (string, error)       { return s.ask(p) }
func (s *scriptTerm) AskSecret(p string) (string, error) { return s.ask(p) }
func (s *scriptTerm) Interactive() bool                  { return true }
