package store

import (
	"fmt"
	"time"

	"secretary/screening"
	"secretary/screening/schedule"
)

// Convenience wrappers, each one transaction. When one returns nil the
// change is on disk.

// Settings returns the current settings.
func (s *Store) Settings() (st screening.Settings, err error) {
	err = s.View(func(tx ReadTx) error { st, err = tx.Settings(); return err })
	return st, err
}

// SetSetting validates and stores one setting ("" resets it to the default).
func (s *Store) SetSetting(key, value string) error {
	return s.Update(func(tx WriteTx) error { return tx.SetSetting(key, value) })
}

// AddRule parses a rule line (see screening.ParseRule) with the stored
// number settings and stores it, replacing the rule with the same match.
func (s *Store) AddRule(line string, now time.Time) (screening.Rule, error) {
	var r screening.Rule
	err := s.Update(func(tx WriteTx) error {
		st, err := tx.Settings()
		if err != nil {
			return err
		}
		if r, err = screening.ParseRule(line, now, st.Number); err != nil {
			return err
		}
		_, err = tx.PutRule(r)
		return err
	})
	return r, err
}

// AddNumber puts a caller's number on a list: action ActionPass is the
// allow list, ActionBlock the block list (the owner's keys 4 and 3 while
// screening). raw is normalised with the stored settings; a rule for the
// same number on another list is replaced.
func (s *Store) AddNumber(action screening.Action, raw, name, note string, now time.Time) (screening.Rule, error) {
	var r screening.Rule
	err := s.Update(func(tx WriteTx) error {
		st, err := tx.Settings()
		if err != nil {
			return err
		}
		m, err := screening.ParseMatch(raw, st.Number)
		if err != nil {
			return err
		}
		if m.Kind != screening.MatchExact {
			return fmt.Errorf("store: %q is not a single number", raw)
		}
		r = screening.Rule{Action: action, Match: m, Name: name, Note: note, Created: now}
		_, err = tx.PutRule(r)
		return err
	})
	return r, err
}

// DeleteRule removes the rule matching text (a number in any form the
// settings accept, a pattern, name:..., or @class). It reports whether one
// existed.
func (s *Store) DeleteRule(text string) (bool, error) {
	var ok bool
	err := s.Update(func(tx WriteTx) error {
		m, err := matchIn(tx, text)
		if err != nil {
			return err
		}
		ok, err = tx.DeleteRule(m.Text)
		return err
	})
	return ok, err
}

// FindRule returns the stored rule for a match text (any accepted form).
func (s *Store) FindRule(text string) (r screening.Rule, ok bool, err error) {
	err = s.View(func(tx ReadTx) error {
		m, err := matchIn(tx, text)
		if err != nil {
			return err
		}
		r, ok, err = tx.Rule(m.Text)
		return err
	})
	return r, ok, err
}

// matchIn reads a rule's match as the stored number settings read it.
func matchIn(tx ReadTx, text string) (screening.Match, error) {
	st, err := tx.Settings()
	if err != nil {
		return screening.Match{}, err
	}
	return screening.ParseMatch(text, st.Number)
}

// PutWindow parses "NAME DAYS HH:MM-HH:MM[, ...]" and stores it.
func (s *Store) PutWindow(text string) (schedule.Window, error) {
	w, err := schedule.Parse(text)
	if err != nil {
		return w, err
	}
	return w, s.Update(func(tx WriteTx) error { return tx.PutWindow(w) })
}

// DeleteWindow removes a named schedule; rules naming it then never apply
// (and "!name" rules always do).
func (s *Store) DeleteWindow(name string) (ok bool, err error) {
	err = s.Update(func(tx WriteTx) error { ok, err = tx.DeleteWindow(name); return err })
	return ok, err
}

// PurgeExpired deletes rules that expired at or before now (run daily;
// expired rules are already ignored by decisions).
func (s *Store) PurgeExpired(now time.Time) (n int, err error) {
	err = s.Update(func(tx WriteTx) error { n, err = tx.PurgeExpired(now); return err })
	return n, err
}

// AppendLog adds one call to the call log.
func (s *Store) AppendLog(rec screening.LogRecord) error {
	return s.Update(func(tx WriteTx) error { return tx.AppendLog(rec) })
}

// Log returns the newest n call records (n <= 0: all), newest first.
func (s *Store) Log(n int) (out []screening.LogRecord, err error) {
	err = s.View(func(tx ReadTx) error { out, err = tx.Log(n, time.Time{}); return err })
	return out, err
}

// PutMessage stores voicemail metadata (adds or replaces by ID).
func (s *Store) PutMessage(m screening.Message) error {
	return s.Update(func(tx WriteTx) error { return tx.PutMessage(m) })
}

// Messages lists voicemail metadata, newest first.
func (s *Store) Messages() (out []screening.Message, err error) {
	err = s.View(func(tx ReadTx) error { out, err = tx.Messages(); return err })
	return out, err
}

// Message returns one message; ErrNotFound if there is none.
func (s *Store) Message(id string) (m screening.Message, err error) {
	err = s.View(func(tx ReadTx) error {
		var ok bool
		m, ok, err = tx.Message(id)
		if err == nil && !ok {
			err = fmt.Errorf("%w: message %q", ErrNotFound, id)
		}
		return err
	})
	return m, err
}

// DeleteMessage removes voicemail metadata; ErrNotFound if there is none.
func (s *Store) DeleteMessage(id string) error {
	return s.Update(func(tx WriteTx) error {
		ok, err := tx.DeleteMessage(id)
		if err == nil && !ok {
			err = fmt.Errorf("%w: message %q", ErrNotFound, id)
		}
		return err
	})
}
