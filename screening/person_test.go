package screening_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/number"
)

func TestAddPerson_KeysAndRings(t *testing.T) {
	var people []screening.Person
	add := func(p screening.Person) screening.Person {
		t.Helper()
		got, err := screening.AddPerson(p, people)
		if err != nil {
			t.Fatalf("AddPerson(%+v): %v", p, err)
		}
		for i, o := range people {
			if o.ID() == got.ID() {
				people[i] = got
				return got
			}
		}
		people = append(people, got)
		return got
	}
	anna := add(screening.Person{Name: "Anna"})
	ben := add(screening.Person{Name: "Ben"})
	cy := add(screening.Person{Name: "Cy", Ring: screening.CadenceLong})
	di := add(screening.Person{Name: "Di"})
	want := []struct {
		p    screening.Person
		key  int
		ring screening.Cadence
	}{
		{anna, 1, screening.CadenceLong}, {ben, 2, screening.CadenceShortShort},
		{cy, 3, screening.CadenceLong}, {di, 4, screening.CadenceShortShortLong},
	}
	for _, w := range want {
		if w.p.Key != w.key || w.p.Ring != w.ring {
			t.Errorf("%s: key %d ring %s, want key %d ring %s", w.p.Name, w.p.Key, w.p.Ring, w.key, w.ring)
		}
	}
	// an update keeps the key and ring unless it sets them
	anna2 := add(screening.Person{Name: "ANNA", Email: "anna@example.com"})
	if anna2.Key != 1 || anna2.Ring != screening.CadenceLong || anna2.Email != "anna@example.com" {
		t.Errorf("update: %+v", anna2)
	}
	// a removed person's key goes to the next one added
	people = append(people[:1], people[2:]...) // Ben leaves
	if e := add(screening.Person{Name: "Eve"}); e.Key != 2 || e.Ring != screening.CadenceShortShort {
		t.Errorf("Eve: key %d ring %s, want 2 short-short", e.Key, e.Ring)
	}
	if _, err := screening.AddPerson(screening.Person{Name: "Fay", Key: 3}, people); err == nil {
		t.Error("a key someone has was accepted")
	}
	for len(people) < screening.MaxPeople {
		add(screening.Person{Name: "p" + string(rune('a'+len(people)))})
	}
	if _, err := screening.AddPerson(screening.Person{Name: "Tenth"}, people); !errors.Is(err, screening.ErrFull) {
		t.Errorf("a tenth person: %v, want ErrFull", err)
	}
	if _, err := screening.AddPerson(screening.Person{Name: "Anna", Email: "x"}, people); err != nil {
		t.Log("bad e-mail refused:", err)
	} else {
		t.Error("e-mail \"x\" accepted")
	}
}

func TestValidPersonName(t *testing.T) {
	for _, ok := range []string{"Anna", "ben", "a", "Mary-Jo", "x2"} {
		if err := screening.ValidPersonName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "2h", "-a", "an na", "Zoë", "a/b", "../x", strings.Repeat("a", 21)} {
		if err := screening.ValidPersonName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseCadence(t *testing.T) {
	for s, want := range map[string]screening.Cadence{"long": screening.CadenceLong, "DR2": screening.CadenceShortShort,
		"short-short-long": screening.CadenceShortShortLong, " short-long-short ": screening.CadenceShortLongShort} {
		if got, err := screening.ParseCadence(s); err != nil || got != want {
			t.Errorf("ParseCadence(%q) = %s, %v; want %s", s, got, err, want)
		}
	}
	if _, err := screening.ParseCadence("triple"); !errors.Is(err, screening.ErrSyntax) {
		t.Errorf("triple: %v", err)
	}
}

func TestParseRule_ForPerson(t *testing.T) {
	cfg := number.Config{CountryCode: "1", AreaCode: "555"}
	r, err := screening.ParseRule("allow 234-5678 --for Anna --for 2h", t0, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.Person != "anna" || !r.Expires.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("person %q expires %v", r.Person, r.Expires)
	}
	if got := r.String(); !strings.HasSuffix(got, "--for anna") {
		t.Errorf("String() = %q", got)
	}
	for _, bad := range []string{"block 234-5678 --for anna", "allow 234-5678 --for anna --person ben", "allow 234-5678 --person 2h"} {
		if _, err := screening.ParseRule(bad, t0, cfg); !errors.Is(err, screening.ErrSyntax) {
			t.Errorf("%q: %v, want a syntax error", bad, err)
		}
	}
}

func TestDecide_Person(t *testing.T) {
	m := newMem(t, nil, "allow 234-5678 --name Mom", "screen +1900* --for ben", "allow 234-9999 --for gone")
	m.policy.People = []screening.Person{{Name: "Anna", Key: 1}, {Name: "Ben", Key: 2}}
	m.policy.Routes = map[string]string{"+15552345678": "anna", "+15552349999": "gone"}
	m.gen++
	e := screening.NewEngine(m)
	for _, c := range []struct {
		num, person string
		action      screening.Action
	}{
		{"5552345678", "anna", screening.ActionPass},
		{"9005550000", "ben", screening.ActionScreen},
		{"5552349999", "", screening.ActionPass}, // routed to someone who left
		{"5551111111", "", screening.ActionScreen},
	} {
		d := e.Decide(call(c.num), t0)
		if d.Person != c.person || d.Action != c.action {
			t.Errorf("%s: %s for %q (%s), want %s for %q", c.num, d.Action, d.Person, d.Reason, c.action, c.person)
		}
	}
	people, err := e.People()
	if err != nil || len(people) != 2 || people[1].Name != "Ben" {
		t.Errorf("People() = %v, %v", people, err)
	}
}
