package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/number"
	"secretary/screening/schedule"
)

// ReadTx is a consistent read-only view of the store, valid only inside
// View or Update.
type ReadTx interface {
	// Settings returns the settings with defaults for keys never set.
	Settings() (screening.Settings, error)
	// LookupNumber returns the exact-number rule for an E.164 number.
	LookupNumber(e164 string) (screening.Rule, bool, error)
	// Numbers calls fn for every exact-number rule with the action, in
	// ascending number order; fn returning an error stops the walk.
	Numbers(action screening.Action, fn func(screening.Rule) error) error
	// Count is the number of exact-number rules with the action.
	Count(action screening.Action) int
	// PatternRules returns the pattern, name and class rules.
	PatternRules() ([]screening.Rule, error)
	// Rule returns the rule whose canonical match text is match (exact or not).
	Rule(match string) (screening.Rule, bool, error)
	// Windows returns the named schedules, sorted by name.
	Windows() ([]schedule.Window, error)
	// Log returns up to n call log records older than before (zero: no
	// limit), newest first.
	Log(n int, before time.Time) ([]screening.LogRecord, error)
	// LastCall returns the time of the newest logged call from e164 at or
	// after since.
	LastCall(e164 string, since time.Time) (time.Time, bool, error)
	// Messages returns the voicemail metadata, newest first.
	Messages() ([]screening.Message, error)
	// Message returns one message by ID.
	Message(id string) (screening.Message, bool, error)
	// ChallengePassed returns when e164 last passed the robocall challenge.
	ChallengePassed(e164 string) (time.Time, bool, error)
	// Deliveries returns every message's delivery, oldest queued first.
	Deliveries() ([]screening.Delivery, error)
	// Delivery returns one message's delivery.
	Delivery(id string) (screening.Delivery, bool, error)
}

// WriteTx is a read-write transaction, valid only inside Update.
type WriteTx interface {
	ReadTx
	// PutRule adds or replaces the rule with the same match. Exact-number
	// rules go to the lists (one rule per number: adding a number to the
	// block list takes it off the allow list). It reports whether a rule was
	// replaced.
	PutRule(r screening.Rule) (replaced bool, err error)
	// DeleteRule removes the rule whose canonical match text is match.
	DeleteRule(match string) (bool, error)
	// SetSetting validates and stores one setting; value "" resets it to the default.
	SetSetting(key, value string) error
	// PutWindow adds or replaces a named schedule.
	PutWindow(w schedule.Window) error
	// DeleteWindow removes a named schedule.
	DeleteWindow(name string) (bool, error)
	// AppendLog adds a call record and drops the oldest beyond log-max.
	AppendLog(rec screening.LogRecord) error
	// PutMessage adds or replaces voicemail metadata.
	PutMessage(m screening.Message) error
	// DeleteMessage removes voicemail metadata and the message's delivery.
	DeleteMessage(id string) (bool, error)
	// RememberChallenge records that e164 passed the robocall challenge
	// at at, and forgets passes older than keep before at.
	RememberChallenge(e164 string, at time.Time, keep time.Duration) error
	// PutDelivery adds or replaces a message's delivery; ErrNotFound when
	// the message does not exist.
	PutDelivery(d screening.Delivery) error
	// DeleteDelivery removes a message's delivery.
	DeleteDelivery(id string) (bool, error)
	// PurgeExpired deletes rules that expired at or before now and returns
	// how many. It reads every number, so run it rarely (daily).
	PurgeExpired(now time.Time) (int, error)
}

type rtx struct{ tx *bolt.Tx }

type wtx struct {
	rtx
	imp           *importState // the store's; records number writes during an import
	policyChanged bool
	numRebuilt    bool              // numChanges holds every chunk
	numChanges    map[uint64][]byte // chunk -> new value (nil: deleted), for numIndex and the sums
	numSwitched   bool              // an import switched the list to bucket numCur
	numCur        int               //
	numTables     map[uint64][]byte // after a switch: the new list's index tables, then numChanges applies
}

func (t *rtx) b(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }

// numbersIndex is which of the two numbers buckets is current.
func (t *rtx) numbersIndex() int {
	if v := t.b(bMeta).Get(kNumbers); len(v) == 1 && v[0] == '1' {
		return 1
	}
	return 0
}

func (t *rtx) numbers() *bolt.Bucket { return t.b(bNumbers[t.numbersIndex()]) }

func (t *rtx) Settings() (screening.Settings, error) {
	stored := map[string]string{}
	c := t.b(bSettings).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		stored[string(k)] = string(v)
	}
	return screening.LoadSettings(stored), nil
}

func (t *rtx) LookupNumber(e164 string) (screening.Rule, bool, error) {
	num, ok := number.Pack(e164)
	if !ok {
		return screening.Rule{}, false, nil
	}
	r, ok, err := lookupIn(t.numbers(), num, e164)
	if ok {
		r.Person = t.route(e164)
	}
	return r, ok, err
}

// lookupIn finds num in a numbers bucket; e164 is its text if the caller
// has it ("" to make it).
func lookupIn(b *bolt.Bucket, num uint64, e164 string) (screening.Rule, bool, error) {
	k := chunkKey(num)
	v := b.Get(k[:])
	if v == nil {
		return screening.Rule{}, false, nil
	}
	c, err := parseChunk(v)
	if err != nil {
		return screening.Rule{}, false, err
	}
	e := c.find(uint32(num & lowMask))
	if e == nil {
		return screening.Rule{}, false, nil
	}
	r, err := decodeRule(num, e164, e)
	return r, err == nil, err
}

func (t *rtx) Numbers(action screening.Action, fn func(screening.Rule) error) error {
	cur := t.numbers().Cursor()
	read := 0
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if len(k) != 8 {
			continue
		}
		if read += len(v); read >= dropEvery { // a walk of a large list
			dropMapped(t.tx)
			read = 0
		}
		hi := binary.BigEndian.Uint64(k) << chunkShift
		c, err := parseChunk(v)
		if err != nil {
			return err
		}
		err = c.each(func(low uint32, e []byte) error {
			if screening.Action(e[0]&3) != action {
				return nil
			}
			r, err := decodeRule(hi|uint64(low), "", e)
			if err != nil {
				return err
			}
			return fn(r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func countKey(a screening.Action) []byte { return []byte("count." + screening.ActionWord(a)) }

func (t *rtx) Count(action screening.Action) int {
	v := t.b(bMeta).Get(countKey(action))
	if len(v) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(v))
}

type ruleJSON struct {
	Action    string    `json:"action"`
	Match     string    `json:"match"`
	Name      string    `json:"name,omitempty"`
	Note      string    `json:"note,omitempty"`
	Expires   time.Time `json:"expires,omitzero"`
	Schedule  string    `json:"schedule,omitempty"`
	Treatment string    `json:"treatment,omitempty"`
	Created   time.Time `json:"created,omitzero"`
	Person    string    `json:"person,omitempty"`
}

func decodePattern(v []byte) (screening.Rule, error) {
	var j ruleJSON
	if err := json.Unmarshal(v, &j); err != nil {
		return screening.Rule{}, fmt.Errorf("%w: rule: %v", ErrCorrupt, err)
	}
	a, err := screening.ParseAction(j.Action)
	if err != nil {
		return screening.Rule{}, fmt.Errorf("%w: rule %q: %v", ErrCorrupt, j.Match, err)
	}
	// Pattern, name and class texts are canonical and independent of the
	// number settings, so the default config parses them back unchanged.
	m, err := screening.ParseMatch(j.Match, number.DefaultConfig())
	if err != nil {
		return screening.Rule{}, fmt.Errorf("%w: rule %q: %v", ErrCorrupt, j.Match, err)
	}
	r := screening.Rule{Action: a, Match: m, Name: j.Name, Note: j.Note, Expires: j.Expires, Schedule: j.Schedule, Created: j.Created, Person: j.Person}
	if j.Treatment != "" {
		if r.Treatment, err = screening.ParseTreatment(j.Treatment); err != nil {
			return screening.Rule{}, fmt.Errorf("%w: rule %q: %v", ErrCorrupt, j.Match, err)
		}
	}
	return r, nil
}

func (t *rtx) PatternRules() ([]screening.Rule, error) {
	var out []screening.Rule
	err := t.b(bRules).ForEach(func(k, v []byte) error {
		r, err := decodePattern(v)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

func (t *rtx) Rule(match string) (screening.Rule, bool, error) {
	if number.IsE164(match) {
		return t.LookupNumber(match)
	}
	v := t.b(bRules).Get([]byte(match))
	if v == nil {
		return screening.Rule{}, false, nil
	}
	r, err := decodePattern(v)
	return r, err == nil, err
}

func (t *rtx) Windows() ([]schedule.Window, error) {
	var out []schedule.Window
	err := t.b(bWindows).ForEach(func(k, v []byte) error {
		w, err := schedule.Parse(string(v))
		if err != nil {
			return fmt.Errorf("%w: window %s: %v", ErrCorrupt, k, err)
		}
		out = append(out, w)
		return nil
	})
	return out, err
}

// Log keys are an 8-byte insertion sequence then the 8-byte call time, so
// "newest first" is insertion order even if the clock jumped (a board
// without a real-time clock before NTP).
func logKeyTime(k []byte) int64 {
	if len(k) < 16 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(k[8:]))
}

func (t *rtx) Log(n int, before time.Time) ([]screening.LogRecord, error) {
	var out []screening.LogRecord
	c := t.b(bLog).Cursor()
	for k, v := c.Last(); k != nil && (n <= 0 || len(out) < n); k, v = c.Prev() {
		if !before.IsZero() && logKeyTime(k) >= before.UnixNano() {
			continue
		}
		r, err := decodeLog(v)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (t *rtx) LastCall(e164 string, since time.Time) (time.Time, bool, error) {
	c := t.b(bLog).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if logKeyTime(k) < since.UnixNano() {
			break
		}
		if !bytes.Contains(v, []byte(e164)) {
			continue
		}
		r, err := decodeLog(v)
		if err != nil {
			return time.Time{}, false, err
		}
		if r.Number == e164 {
			return r.Time, true, nil
		}
	}
	return time.Time{}, false, nil
}

func (t *rtx) Messages() ([]screening.Message, error) {
	var out []screening.Message
	err := t.b(bMessages).ForEach(func(k, v []byte) error {
		var m screening.Message
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("%w: message %s: %v", ErrCorrupt, k, err)
		}
		out = append(out, m)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, err
}

func (t *rtx) Message(id string) (screening.Message, bool, error) {
	v := t.b(bMessages).Get([]byte(id))
	if v == nil {
		return screening.Message{}, false, nil
	}
	var m screening.Message
	if err := json.Unmarshal(v, &m); err != nil {
		return m, false, fmt.Errorf("%w: message %s: %v", ErrCorrupt, id, err)
	}
	return m, true, nil
}

// ---- writes

func (t *wtx) PutRule(r screening.Rule) (bool, error) {
	if r.Action < screening.ActionPass || r.Action > screening.ActionBlock {
		return false, fmt.Errorf("store: rule %q: bad action %v", r.Match.Text, r.Action)
	}
	if r.Match.Kind == screening.MatchExact {
		num, ok := number.Pack(r.Match.Text)
		if !ok {
			return false, fmt.Errorf("store: %q is not an E.164 number", r.Match.Text)
		}
		_, had, err := t.LookupNumber(r.Match.Text)
		if err != nil {
			return false, err
		}
		if err := t.setRoute(r.Match.Text, r.Person); err != nil {
			return false, err
		}
		return had, t.putNumbers([]entry{{num: num, data: encodeRule(nil, &r)}})
	}
	j := ruleJSON{Action: screening.ActionWord(r.Action), Match: r.Match.Text, Name: r.Name, Note: r.Note,
		Expires: r.Expires, Schedule: r.Schedule, Created: r.Created, Person: r.Person}
	if r.Treatment != screening.TreatmentDefault {
		j.Treatment = r.Treatment.String()
	}
	v, err := json.Marshal(j)
	if err != nil {
		return false, err
	}
	b := t.b(bRules)
	had := b.Get([]byte(r.Match.Text)) != nil
	t.policyChanged = true
	return had, b.Put([]byte(r.Match.Text), v)
}

func (t *wtx) DeleteRule(match string) (bool, error) {
	if num, ok := number.Pack(match); ok {
		_, had, err := t.LookupNumber(match)
		if err != nil || !had {
			return false, err
		}
		if err := t.setRoute(match, ""); err != nil {
			return false, err
		}
		return true, t.putNumbers([]entry{{num: num}})
	}
	b := t.b(bRules)
	if b.Get([]byte(match)) == nil {
		return false, nil
	}
	t.policyChanged = true
	return true, b.Delete([]byte(match))
}

func (t *wtx) SetSetting(key, value string) error {
	k, ok := screening.LookupSetting(key)
	if !ok {
		return screening.UnknownSetting(key)
	}
	s, err := t.Settings()
	if err != nil {
		return err
	}
	if value != "" {
		if err := s.Set(k.Key, value); err != nil {
			return err
		}
	}
	if k.Key == "dnd-schedule" {
		if err := windowExists(t, s.DNDSchedule); err != nil {
			return err
		}
	}
	b := t.b(bSettings)
	t.policyChanged = true
	for _, old := range k.Aliases { // an older name of the key goes: the new one is what counts
		if err := b.Delete([]byte(old)); err != nil {
			return err
		}
	}
	if value == "" {
		return b.Delete([]byte(k.Key))
	}
	return b.Put([]byte(k.Key), []byte(value))
}

func (t *wtx) PutWindow(w schedule.Window) error {
	if err := schedule.ValidName(w.Name); err != nil {
		return err
	}
	if len(w.Spans) == 0 {
		return fmt.Errorf("store: window %s has no spans", w.Name)
	}
	t.policyChanged = true
	return t.b(bWindows).Put([]byte(w.Name), []byte(w.String()))
}

func (t *wtx) DeleteWindow(name string) (bool, error) {
	b := t.b(bWindows)
	if b.Get([]byte(name)) == nil {
		return false, nil
	}
	t.policyChanged = true
	return true, b.Delete([]byte(name))
}

func (t *wtx) AppendLog(rec screening.LogRecord) error {
	b := t.b(bLog)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	k := binary.BigEndian.AppendUint64(nil, seq)
	k = binary.BigEndian.AppendUint64(k, uint64(rec.Time.UnixNano()))
	v, err := encodeLog(rec)
	if err != nil {
		return err
	}
	if err := b.Put(k, v); err != nil {
		return err
	}
	m := t.b(bMeta)
	n := uint64(0)
	if c := m.Get(kLogCount); len(c) == 8 {
		n = binary.BigEndian.Uint64(c)
	}
	n++
	s, err := t.Settings()
	if err != nil {
		return err
	}
	if n > uint64(s.LogMax) {
		c := b.Cursor()
		var drop [][]byte
		for k, _ := c.First(); k != nil && n-uint64(len(drop)) > uint64(s.LogMax); k, _ = c.Next() {
			drop = append(drop, slices.Clone(k))
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n -= uint64(len(drop))
	}
	return m.Put(kLogCount, binary.BigEndian.AppendUint64(nil, n))
}

func (t *wtx) PutMessage(m screening.Message) error {
	if m.ID == "" {
		return fmt.Errorf("store: message without ID")
	}
	v, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return t.b(bMessages).Put([]byte(m.ID), v)
}

func (t *wtx) DeleteMessage(id string) (bool, error) {
	b := t.b(bMessages)
	if b.Get([]byte(id)) == nil {
		return false, nil
	}
	if _, err := t.DeleteDelivery(id); err != nil {
		return false, err
	}
	return true, b.Delete([]byte(id))
}

func (t *wtx) PurgeExpired(now time.Time) (int, error) {
	var dead [][]byte
	err := t.b(bRules).ForEach(func(k, v []byte) error {
		r, err := decodePattern(v)
		if err != nil {
			return err
		}
		if !r.Active(now) {
			dead = append(dead, slices.Clone(k))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range dead {
		if err := t.b(bRules).Delete(k); err != nil {
			return 0, err
		}
		t.policyChanged = true
	}
	var es []entry
	cur := t.numbers().Cursor()
	read := 0
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if read += len(v); read >= dropEvery { // the walk reads every page
			dropMapped(t.tx)
			read = 0
		}
		hi := binary.BigEndian.Uint64(k) << chunkShift
		c, err := parseChunk(v)
		if err != nil {
			return 0, err
		}
		err = c.each(func(low uint32, e []byte) error {
			if e[0]&fMore == 0 || len(e) < 2 || e[1]&fExpire == 0 {
				return nil
			}
			r, err := decodeRule(hi|uint64(low), "", e)
			if err != nil {
				return err
			}
			if !r.Active(now) {
				es = append(es, entry{num: hi | uint64(low)})
				return t.setRoute(r.Match.Text, "")
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	if len(es) > 0 {
		if err := t.putNumbers(es); err != nil {
			return 0, err
		}
	}
	return len(dead) + len(es), nil
}
