package console

import (
	"testing"

	"secretary/screening"
)

func TestEndNotice_CallWaiting(t *testing.T) {
	for _, c := range []struct {
		r    screening.LogRecord
		want string
	}{
		{screening.LogRecord{Number: "+19005551234", Raw: "9005551234", Name: "WAITING", Presentation: screening.PresentationAvailable},
			"call waiting: +19005551234 WAITING called while the line was in use (logged; the box did not answer it)"},
		{screening.LogRecord{Raw: "12", Presentation: screening.PresentationAvailable},
			"call waiting: 12 called while the line was in use (logged; the box did not answer it)"},
		{screening.LogRecord{Presentation: screening.PresentationPrivate},
			"call waiting: a private caller called while the line was in use (logged; the box did not answer it)"},
		{screening.LogRecord{},
			"call waiting: a caller without caller ID called while the line was in use (logged; the box did not answer it)"},
	} {
		c.r.Outcome = screening.OutcomeCallWaiting
		if got := EndNotice(c.r); got != c.want {
			t.Errorf("EndNotice(%+v) =\n%q, want\n%q", c.r, got, c.want)
		}
	}
}
