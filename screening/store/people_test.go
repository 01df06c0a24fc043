package store_test

import (
	"testing"
	"time"

	"secretary/screening"
	"secretary/screening/store/storetest"
)

func TestPeople_PutListDelete(t *testing.T) {
	s := storetest.Open(t)
	if people, err := s.People(); err != nil || len(people) != 0 {
		t.Fatalf("a new store: %v, %v", people, err)
	}
	anna, err := s.PutPerson(screening.Person{Name: "Anna", Mobile: "(212) 555-0199", Email: "anna@example.com"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if anna.Key != 1 || anna.Ring != screening.CadenceLong || anna.Mobile != "+12125550199" || !anna.Created.Equal(t0) {
		t.Errorf("anna = %+v", anna)
	}
	ben, err := s.PutPerson(screening.Person{Name: "Ben", Ring: screening.CadenceShortLongShort}, t0.Add(time.Minute))
	if err != nil || ben.Key != 2 {
		t.Fatalf("ben = %+v, %v", ben, err)
	}
	if _, err := s.PutPerson(screening.Person{Name: "Cy", Mobile: "12"}, t0); err == nil {
		t.Error("a mobile that is no number was accepted")
	}
	// an update keeps Anna's key and creation time
	if a, err := s.PutPerson(screening.Person{Name: "ANNA"}, t0.Add(time.Hour)); err != nil || a.Key != 1 || !a.Created.Equal(t0) || a.Name != "ANNA" {
		t.Errorf("update: %+v, %v", a, err)
	}
	people, err := s.People()
	if err != nil || len(people) != 2 || people[0].Name != "ANNA" || people[1].Ring != screening.CadenceShortLongShort {
		t.Fatalf("People() = %+v, %v", people, err)
	}
	ok, err := s.DeletePerson("anna")
	if err != nil || !ok {
		t.Fatalf("DeletePerson = %v, %v", ok, err)
	}
	if ok, _ := s.DeletePerson("anna"); ok {
		t.Error("deleted twice")
	}
	if people, _ := s.People(); len(people) != 1 || people[0].Name != "Ben" {
		t.Errorf("after delete: %+v", people)
	}
}

func TestPeople_RulesForAPerson(t *testing.T) {
	s := storetest.Open(t)
	for _, n := range []string{"Anna", "Ben"} {
		if _, err := s.PutPerson(screening.Person{Name: n}, t0); err != nil {
			t.Fatal(err)
		}
	}
	for _, line := range []string{"allow 2125550143 --for anna", "screen +1900* --for ben", "allow 2125550100 --for ben"} {
		if _, err := s.AddRule(line, t0); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	p, err := s.Policy()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.People) != 2 || p.Routes["+12125550143"] != "anna" || p.Routes["+12125550100"] != "ben" {
		t.Errorf("policy people %+v routes %v", p.People, p.Routes)
	}
	if r, ok, err := s.FindRule("212-555-0143"); err != nil || !ok || r.Person != "anna" {
		t.Errorf("FindRule = %+v, %v, %v", r, ok, err)
	}
	eng := screening.NewEngine(s)
	if d := eng.Decide(screening.Call{Number: "2125550143", Presentation: screening.PresentationAvailable}, t0); d.Person != "anna" {
		t.Errorf("decision for the allowed number: %+v", d)
	}
	if d := eng.Decide(screening.Call{Number: "9005550000", Presentation: screening.PresentationAvailable}, t0); d.Person != "ben" || d.Action != screening.ActionScreen {
		t.Errorf("decision for the pattern: %+v", d)
	}
	// the number moves to the block list: its route goes
	if _, err := s.AddNumber(screening.ActionBlock, "2125550143", "", "", t0); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Policy(); p.Routes["+12125550143"] != "" {
		t.Errorf("route kept after the rule changed: %v", p.Routes)
	}
	// Ben leaves: the rules stay, for nobody in particular
	if _, err := s.DeletePerson("Ben"); err != nil {
		t.Fatal(err)
	}
	p, _ = s.Policy()
	if len(p.Routes) != 0 {
		t.Errorf("routes after Ben left: %v", p.Routes)
	}
	for _, r := range p.Rules {
		if r.Person != "" {
			t.Errorf("rule %s still for %s", r, r.Person)
		}
	}
	if r, ok, _ := s.FindRule("2125550100"); !ok || r.Person != "" {
		t.Errorf("Ben's number: %+v %v", r, ok)
	}
	// deleting a rule removes its route
	if _, err := s.PutPerson(screening.Person{Name: "Cy"}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRule("voicemail 2125550111 --for cy", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteRule("2125550111"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Policy(); len(p.Routes) != 0 {
		t.Errorf("routes after the rule was deleted: %v", p.Routes)
	}
}

func TestPeople_LogAndMessagePerson(t *testing.T) {
	s := storetest.Open(t)
	rec := screening.LogRecord{Time: t0, Number: "+12125550143", Outcome: screening.OutcomeVoicemail, Person: "anna"}
	if err := s.AppendLog(rec); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Log(1); err != nil || len(got) != 1 || got[0].Person != "anna" {
		t.Errorf("log: %+v, %v", got, err)
	}
	if err := s.PutMessage(screening.Message{ID: "m1", Time: t0, Person: "anna"}); err != nil {
		t.Fatal(err)
	}
	if m, err := s.Message("m1"); err != nil || m.Person != "anna" {
		t.Errorf("message: %+v, %v", m, err)
	}
}

func TestPeople_PurgeExpiredRemovesRoutes(t *testing.T) {
	s := storetest.Open(t)
	if _, err := s.PutPerson(screening.Person{Name: "Anna"}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddRule("allow 2125550143 --for anna --for 1h", t0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PurgeExpired(t0.Add(2 * time.Hour)); err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	if p, _ := s.Policy(); len(p.Routes) != 0 {
		t.Errorf("routes after the purge: %v", p.Routes)
	}
}
