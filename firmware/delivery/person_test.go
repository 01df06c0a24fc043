package delivery

import (
	"strings"
	"testing"

	"secretary/firmware/delivery/deliverytest"
	"secretary/screening"
)

// A message left for a person of the switchboard goes to that person's
// e-mail, said in the subject and the body; a person without an address,
// and the general mailbox, go to email-to.
func TestEmail_PersonsMailbox(t *testing.T) {
	cert, roots := testCert(t)
	srv := newMailServer(t, cert, "box@example.com", "app-pass-1234")
	startMail(t, srv, "")
	r := newRig(t, roots, emailSettings(srv.Addr()))
	for _, p := range []screening.Person{{Name: "Anna", Email: "anna@example.com"}, {Name: "Ben"}} {
		if _, err := r.st.PutPerson(p, t0); err != nil {
			t.Fatal(err)
		}
	}
	anna := r.save(screening.Message{Time: t0, Number: "+12125550143", Name: "HUDSON DENTAL", Person: "anna"}, speech(1))
	ben := r.save(screening.Message{Time: t0.Add(1), Number: "+12125550144", Person: "ben"}, speech(1))
	general := r.save(screening.Message{Time: t0.Add(2), Number: "+12125550145"}, speech(1))
	r.start()
	r.pass()
	got := srv.Received()
	if len(got) != 3 {
		t.Fatalf("the server took %d e-mails, want 3", len(got))
	}
	to := map[string]string{}
	for _, m := range got {
		p, err := deliverytest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(p.Header.Get("Message-Id"), "<voicemail-"), "@secretary.invalid>")
		to[id] = strings.Join(m.To, ",")
		if id == anna && (p.Header.Get("Subject") != "Voicemail for anna from HUDSON DENTAL +12125550143 (0:01)" || !strings.Contains(p.Text, "For:        anna")) {
			t.Errorf("Anna's message: subject %q, body:\n%s", p.Header.Get("Subject"), p.Text)
		}
	}
	if to[anna] != "anna@example.com" || to[ben] != "owner@example.com" || to[general] != "owner@example.com" {
		t.Errorf("recipients %v: want anna@example.com for %s, owner@example.com for %s and %s", to, anna, ben, general)
	}
}
