package owner_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware/delivery"
	"secretary/firmware/owner"
	"secretary/firmware/voicemail"
	"secretary/screening"
	"secretary/screening/store/storetest"
)

type fakeDelivery struct {
	mu     sync.Mutex
	pokes  int
	status delivery.Status
}

func (f *fakeDelivery) Poke()                   { f.mu.Lock(); f.pokes++; f.mu.Unlock() }
func (f *fakeDelivery) Status() delivery.Status { return f.status }

// The owner's view of delivery: status lines from the loop, each
// message's delivery from the store, and a poke when a delivery setting
// changes (only then).
func TestOwner_Delivery(t *testing.T) {
	st := storetest.Open(t)
	mb := voicemail.New(st, voicemail.Config{Dir: t.TempDir()})
	if err := mb.Open(); err != nil {
		t.Fatal(err)
	}
	d := &fakeDelivery{status: delivery.Status{Channels: []delivery.ChannelStatus{
		{Channel: screening.ChannelEmail, On: true, Sent: 3, Failed: 1, Problem: "the mail server refused the user name or password", Attention: true}}}}
	o := owner.New(owner.Config{Store: st, Engine: screening.NewEngine(st), Mailbox: mb, Delivery: func() owner.Delivery { return d }})
	if notes := strings.Join(o.Status().Notes, "\n"); !strings.Contains(notes, "delivery by e-mail on: 3 sent, 1 FAILED; NEEDS YOU: the mail server refused") {
		t.Errorf("status notes:\n%s", notes)
	}
	if err := o.SetSettings([2]string{"mode", "dnd"}); err != nil || d.pokes != 0 {
		t.Errorf("mode: %v, %d pokes", err, d.pokes)
	}
	if err := o.SetSettings([2]string{"smtp-password", "abcd efgh"}); err != nil || d.pokes != 1 {
		t.Errorf("smtp-password: %v, %d pokes", err, d.pokes)
	}
	id, err := mb.Save(screening.Message{Time: time.Now(), Number: "+12125550143"}, make([]int16, 8000))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutDelivery(screening.Delivery{MessageID: id, Queued: time.Now(), Routes: []screening.Route{
		{Channel: screening.ChannelEmail, State: screening.DeliverySent}}}); err != nil {
		t.Fatal(err)
	}
	if got := o.DeliveryStates(); got[id] != "e-mail sent" {
		t.Errorf("DeliveryStates %v", got)
	}
}
