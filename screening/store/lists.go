package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/schedule"
)

// What the owner's console does to the lists, each one transaction: a rule
// added with the list it moved from, a rule deleted from its own list
// only, and lists read a page at a time, so that a list of a million
// numbers is never held in memory nor a read transaction kept open while
// a terminal takes its time.

// ErrNoWindow is a schedule name that no window has.
var ErrNoWindow = errors.New("store: no such schedule")

// AddListed puts r on its list and returns the rule it replaced, if any:
// an entry with the same match on another list moves (old.Action says
// from where). A rule naming a schedule that does not exist is refused
// (ErrNoWindow), as "!name" is.
func (s *Store) AddListed(r screening.Rule) (old screening.Rule, had bool, err error) {
	err = s.Update(func(tx WriteTx) error {
		if err := windowExists(tx, strings.TrimPrefix(r.Schedule, "!")); err != nil {
			return err
		}
		if old, had, err = tx.Rule(r.Match.Text); err != nil {
			return err
		}
		_, err = tx.PutRule(r)
		return err
	})
	return old, had, err
}

// windowExists checks that a schedule name ("" for none) names a window.
func windowExists(tx ReadTx, name string) error {
	if name == "" {
		return nil
	}
	ws, err := tx.Windows()
	if err != nil {
		return err
	}
	for _, w := range ws {
		if w.Name == name {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNoWindow, name)
}

// DeleteListed removes the rule matching text (any form ParseMatch reads
// with the stored settings) from the list of action only. It returns the
// rule found: when found is true and r.Action is not action, the rule is on
// another list and was kept.
func (s *Store) DeleteListed(action screening.Action, text string) (r screening.Rule, found bool, err error) {
	err = s.Update(func(tx WriteTx) error {
		m, err := matchIn(tx, text)
		if err != nil {
			return err
		}
		if r, found, err = tx.Rule(m.Text); err != nil || !found || r.Action != action {
			return err
		}
		_, err = tx.DeleteRule(m.Text)
		return err
	})
	return r, found, err
}

// SetSettings stores several settings in one transaction (value "" puts
// back a default); a dnd-schedule naming no window is refused.
func (s *Store) SetSettings(kv ...[2]string) error {
	return s.Update(func(tx WriteTx) error {
		for _, p := range kv {
			if err := tx.SetSetting(p[0], p[1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListSize is how many rules the list of action holds: exact numbers and
// the others (patterns, names, classes).
func (s *Store) ListSize(action screening.Action) (numbers, others int, err error) {
	err = s.View(func(tx ReadTx) error {
		numbers = tx.Count(action)
		rs, err := tx.PatternRules()
		for _, r := range rs {
			if r.Action == action {
				others++
			}
		}
		return err
	})
	return numbers, others, err
}

// pageBudget bounds the entries one ListPage looks at, so a search of a
// long list reads it in several short transactions.
const pageBudget = 50_000

// ListEnd is the cursor ListPage returns after the last rule.
const ListEnd = ""

// listRules is ListPage's cursor between the numbers and the other rules.
const listRules = " "

// ListPage reads the list of action (every action when all is true) in
// list order (exact numbers ascending, then the other rules by their
// text) from cursor (ListEnd: the start; otherwise what the previous page
// returned), keeping the rules keep accepts (nil: all), at most n of them.
// It returns them and the cursor of the next page, ListEnd after the last.
// Each page is one short read transaction looking at no more than about
// 50,000 entries, so a page may come back short (even empty) with more to
// read.
func (s *Store) ListPage(action screening.Action, all bool, cursor string, n int, keep func(screening.Rule) bool) (out []screening.Rule, next string, err error) {
	want := func(r screening.Rule) bool { return (all || r.Action == action) && (keep == nil || keep(r)) }
	err = s.View(func(tx ReadTx) error {
		t, ok := tx.(*rtx)
		if !ok {
			return fmt.Errorf("store: unexpected transaction %T", tx)
		}
		if cursor == ListEnd || number.IsE164(cursor) {
			var after uint64
			if cursor != ListEnd {
				after, _ = number.Pack(cursor)
			}
			out, next, err = t.numbersPage(after, cursor == ListEnd, n, want, action, all)
			if err != nil || next != listRules {
				return err
			}
			cursor = listRules
		}
		var more []screening.Rule
		more, next, err = t.rulesPage(cursor, n-len(out), want)
		out = append(out, more...)
		return err
	})
	return out, next, err
}

// numbersPage reads exact numbers after after (from the first when first),
// returning the cursor to go on from, or listRules when they are done.
func (t *rtx) numbersPage(after uint64, first bool, n int, want func(screening.Rule) bool, action screening.Action, all bool) ([]screening.Rule, string, error) {
	var out []screening.Rule
	var last uint64
	looked := 0
	stop := errors.New("page full")
	cur := t.numbers().Cursor()
	start := chunkKey(after)
	for k, v := cur.Seek(start[:]); k != nil; k, v = cur.Next() {
		if len(k) != 8 {
			continue
		}
		hi := binary.BigEndian.Uint64(k) << chunkShift
		c, err := parseChunk(v)
		if err != nil {
			return nil, "", err
		}
		err = c.each(func(low uint32, e []byte) error {
			num := hi | uint64(low)
			if !first && num <= after {
				return nil
			}
			if len(out) >= n || looked >= pageBudget {
				return stop
			}
			looked++
			last = num
			if !all && screening.Action(e[0]&3) != action {
				return nil
			}
			r, err := decodeRule(num, "", e)
			if err != nil {
				return err
			}
			if want(r) {
				out = append(out, r)
			}
			return nil
		})
		if errors.Is(err, stop) {
			return out, number.Unpack(last), nil
		}
		if err != nil {
			return nil, "", err
		}
	}
	return out, listRules, nil
}

// rulesPage reads the pattern, name and class rules after the key cursor.
func (t *rtx) rulesPage(cursor string, n int, want func(screening.Rule) bool) ([]screening.Rule, string, error) {
	var out []screening.Rule
	c := t.b(bRules).Cursor()
	k, v := c.Seek([]byte(cursor))
	if k != nil && bytes.Equal(k, []byte(cursor)) {
		k, v = c.Next()
	}
	for ; k != nil; k, v = c.Next() {
		if len(out) >= n {
			return out, string(out[len(out)-1].Match.Text), nil
		}
		r, err := decodePattern(v)
		if err != nil {
			return nil, "", err
		}
		if want(r) {
			out = append(out, r)
		}
	}
	return out, ListEnd, nil
}

// LogSince returns the call log records at or after since (zero: all), at
// most n (n <= 0: no limit), newest first. The log is read in insertion
// order, newest first, and stops at the first record older than since
// (insertion order is time order unless the clock jumped back).
func (s *Store) LogSince(since time.Time, n int) (out []screening.LogRecord, err error) {
	err = s.View(func(tx ReadTx) error {
		t, ok := tx.(*rtx)
		if !ok {
			return fmt.Errorf("store: unexpected transaction %T", tx)
		}
		c := t.b(bLog).Cursor()
		for k, v := c.Last(); k != nil && (n <= 0 || len(out) < n); k, v = c.Prev() {
			if !since.IsZero() && logKeyTime(k) < since.UnixNano() {
				break
			}
			r, err := decodeLog(v)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// Windows returns the named schedules, sorted by name.
func (s *Store) Windows() (ws []schedule.Window, err error) {
	err = s.View(func(tx ReadTx) error { ws, err = tx.Windows(); return err })
	sort.Slice(ws, func(i, j int) bool { return ws[i].Name < ws[j].Name })
	return ws, err
}

// ErrWindowInUse is a schedule that the dnd-schedule setting names.
var ErrWindowInUse = errors.New("store: the schedule is in use")

// DeleteSchedule removes a named schedule unless the dnd-schedule setting
// names it (ErrWindowInUse); it reports whether one existed. Rules naming
// it stay, and then never apply ("!name" rules always do).
func (s *Store) DeleteSchedule(name string) (ok bool, err error) {
	err = s.Update(func(tx WriteTx) error {
		st, err := tx.Settings()
		if err != nil {
			return err
		}
		if st.DNDSchedule == name {
			return fmt.Errorf("%w: dnd-schedule is %s", ErrWindowInUse, name)
		}
		ok, err = tx.DeleteWindow(name)
		return err
	})
	return ok, err
}

// kConsolePIN is the meta key of the console PIN (a salted hash, never
// the PIN; see firmware/console).
var kConsolePIN = []byte("console.pin")

// ConsolePIN returns the stored console PIN hash, "" for none.
func (s *Store) ConsolePIN() (hash string, err error) {
	err = s.View(func(tx ReadTx) error {
		t, ok := tx.(*rtx)
		if !ok {
			return fmt.Errorf("store: unexpected transaction %T", tx)
		}
		hash = string(t.b(bMeta).Get(kConsolePIN))
		return nil
	})
	return hash, err
}

// SetConsolePIN stores the console PIN hash ("" removes the PIN).
func (s *Store) SetConsolePIN(hash string) error {
	return s.Update(func(tx WriteTx) error {
		t, ok := tx.(*wtx)
		if !ok {
			return fmt.Errorf("store: unexpected transaction %T", tx)
		}
		if hash == "" {
			return t.b(bMeta).Delete(kConsolePIN)
		}
		return t.b(bMeta).Put(kConsolePIN, []byte(hash))
	})
}
