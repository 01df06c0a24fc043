package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"secretary/screening"
	"secretary/screening/number"
)

// The switchboard's people and the exact numbers routed to them live in
// two buckets of their own, made when first written, so a file without
// them (written before the switchboard, or by firmware without it) reads
// as having no people, and older firmware reading a newer file ignores
// them: its rules still work, they only ring for nobody in particular.
//
//	people  key = Person.ID, JSON value (name, menu key, ring, mobile, e-mail, created)
//	routes  key = E.164 of an exact-number rule, value = Person.ID the calls are for
//
// Pattern, name and class rules carry their person in their own JSON.

var (
	bPeople = []byte("people")
	bRoutes = []byte("routes")
)

type personJSON struct {
	Name    string    `json:"name"`
	Key     int       `json:"key"`
	Ring    string    `json:"ring"`
	Mobile  string    `json:"mobile,omitempty"`
	Email   string    `json:"email,omitempty"`
	Created time.Time `json:"created,omitzero"`
}

func decodePerson(k, v []byte) (screening.Person, error) {
	var j personJSON
	if err := json.Unmarshal(v, &j); err != nil {
		return screening.Person{}, fmt.Errorf("%w: person %q: %v", ErrCorrupt, k, err)
	}
	ring, err := screening.ParseCadence(j.Ring)
	p := screening.Person{Name: j.Name, Key: j.Key, Ring: ring, Mobile: j.Mobile, Email: j.Email, Created: j.Created}
	if err != nil || screening.ValidPersonName(p.Name) != nil || p.ID() != string(k) || p.Key < 1 || p.Key > screening.MaxPeople ||
		(p.Mobile != "" && !number.IsE164(p.Mobile)) {
		return screening.Person{}, fmt.Errorf("%w: person %q", ErrCorrupt, k)
	}
	return p, nil
}

// people reads the people, by menu key.
func (t *rtx) people() ([]screening.Person, error) {
	b := t.b(bPeople)
	if b == nil {
		return nil, nil
	}
	var out []screening.Person
	err := b.ForEach(func(k, v []byte) error {
		p, err := decodePerson(k, v)
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// routes reads every exact number's person.
func (t *rtx) routes() (map[string]string, error) {
	b := t.b(bRoutes)
	if b == nil {
		return nil, nil
	}
	out := map[string]string{}
	err := b.ForEach(func(k, v []byte) error {
		out[string(k)] = string(v)
		return nil
	})
	return out, err
}

// route is the person an exact number's rule is for, "" for none.
func (t *rtx) route(e164 string) string {
	if b := t.b(bRoutes); b != nil {
		return string(b.Get([]byte(e164)))
	}
	return ""
}

// setRoute records (person "" removes) the person of an exact number's rule.
func (t *wtx) setRoute(e164, person string) error {
	if person == "" {
		b := t.b(bRoutes)
		if b == nil || b.Get([]byte(e164)) == nil {
			return nil
		}
		t.policyChanged = true
		return b.Delete([]byte(e164))
	}
	b, err := t.tx.CreateBucketIfNotExists(bRoutes)
	if err != nil {
		return err
	}
	t.policyChanged = true
	return b.Put([]byte(e164), []byte(person))
}

// People returns the switchboard's people, by menu key.
func (s *Store) People() (out []screening.Person, err error) {
	err = s.View(func(tx ReadTx) error { out, err = tx.(*rtx).people(); return err })
	return out, err
}

// PutPerson adds a person or replaces the one of the same name (see
// screening.AddPerson: a new person gets the lowest free menu key and the
// least used ring; Created is now for a new one). p.Mobile may be written
// in any form the number settings accept; it is stored in E.164.
func (s *Store) PutPerson(p screening.Person, now time.Time) (screening.Person, error) {
	err := s.Update(func(tx WriteTx) error {
		t := tx.(*wtx)
		st, err := t.Settings()
		if err != nil {
			return err
		}
		if p.Mobile != "" {
			if p.Mobile, err = number.Normalize(p.Mobile, st.Number); err != nil {
				return fmt.Errorf("store: mobile: %w", err)
			}
		}
		people, err := t.people()
		if err != nil {
			return err
		}
		if p, err = screening.AddPerson(p, people); err != nil {
			return err
		}
		if p.Created.IsZero() {
			p.Created = now
		}
		v, err := json.Marshal(personJSON{Name: p.Name, Key: p.Key, Ring: p.Ring.String(), Mobile: p.Mobile, Email: p.Email, Created: p.Created})
		if err != nil {
			return err
		}
		b, err := t.tx.CreateBucketIfNotExists(bPeople)
		if err != nil {
			return err
		}
		t.policyChanged = true
		return b.Put([]byte(p.ID()), v)
	})
	return p, err
}

// DeletePerson removes a person and makes the rules that were for them
// ring for nobody in particular. It reports whether they existed.
func (s *Store) DeletePerson(name string) (ok bool, err error) {
	id := screening.PersonID(name)
	err = s.Update(func(tx WriteTx) error {
		t := tx.(*wtx)
		b := t.b(bPeople)
		if b == nil || b.Get([]byte(id)) == nil {
			return nil
		}
		ok = true
		t.policyChanged = true
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		return t.unroute(id)
	})
	return ok, err
}

// unroute takes person id off every rule.
func (t *wtx) unroute(id string) error {
	if b := t.b(bRoutes); b != nil {
		var dead [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if string(v) == id {
				dead = append(dead, slices.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := deleteKeys(b, dead); err != nil {
			return err
		}
	}
	rules, err := t.PatternRules()
	if err != nil {
		return err
	}
	for _, r := range rules {
		if r.Person == id {
			r.Person = ""
			if _, err := t.PutRule(r); err != nil {
				return err
			}
		}
	}
	return nil
}

func deleteKeys(b *bolt.Bucket, keys [][]byte) error {
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
