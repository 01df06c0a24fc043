package screening

import "fmt"

// People returns the switchboard's people the engine currently knows, by
// menu key.
func (e *Engine) People() ([]Person, error) {
	c, err := e.policy()
	if err != nil {
		return nil, err
	}
	return append([]Person(nil), c.people...), nil
}

// route sets the decision's person from the rule that decided the call (an
// exact number's from the routes): the person must still exist. It
// returns what the reason gains.
func (c *compiled) route(d *Decision, r *Rule, e164 string) string {
	id := r.Person
	if id == "" && r.Match.Kind == MatchExact {
		id = c.routes[e164]
	}
	if id == "" {
		return ""
	}
	if p, ok := FindPerson(c.people, id); ok {
		d.Person = p.ID()
		return "; the call is for " + p.Name
	}
	return fmt.Sprintf("; the rule names %s, who is not on the switchboard any more", id)
}
