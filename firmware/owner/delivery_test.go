package owner_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"secretary/firmware/console"
	"secretary/firmware/delivery"
	"secretary/firmware/owner"
	"secretary/firmware/voicemail"
	"secretary/screening"
	"secretary/screening/store/storetest"
)

type fakeDelivery struct {
	mu      sync.Mutex
	pokes   int
	retries int
	tested  []screening.Channel
	status  delivery.Status
}

func (f *fakeDelivery) Poke()                   { f.mu.Lock(); f.pokes++; f.mu.Unlock() }
func (f *fakeDelivery) Status() delivery.Status { return f.status }
func (f *fakeDelivery) Retry()                  { f.mu.Lock(); f.retries++; f.mu.Unlock() }
func (f *fakeDelivery) SendTest(_ context.Context, c screening.Channel) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tested = append(f.tested, c)
	if c == screening.ChannelPush {
		return "", errors.New("push is off: set push-url")
	}
	return "e-mail sent to owner@example.com", nil
}

// The delivery command's backend: a test and a retry go to the loop, the
// queue comes from the store; a box without the loop says so.
func TestOwner_DeliveryCommands(t *testing.T) {
	st := storetest.Open(t)
	mb := voicemail.New(st, voicemail.Config{Dir: t.TempDir()})
	d := &fakeDelivery{}
	o := owner.New(owner.Config{Store: st, Engine: screening.NewEngine(st), Mailbox: mb, Delivery: func() owner.Delivery { return d }})
	var _ console.DeliveryBackend = o
	if out, err := o.TestDelivery(context.Background(), screening.ChannelEmail); err != nil || out != "e-mail sent to owner@example.com" {
		t.Errorf("test e-mail: %q %v", out, err)
	}
	if _, err := o.TestDelivery(context.Background(), screening.ChannelPush); err == nil || err.Error() != "push is off: set push-url" {
		t.Errorf("test push: %v", err)
	}
	if err := o.RetryDeliveries(); err != nil || d.retries != 1 || len(d.tested) != 2 {
		t.Errorf("retry: %v, %d retries, tested %v", err, d.retries, d.tested)
	}
	if q, err := o.DeliveryQueue(); err != nil || len(q) != 0 {
		t.Errorf("queue %v %v", q, err)
	}
	if l := o.DeliveryStatus(); len(l) != 1 || l[0] != "delivery off (set email-to or push-url to send messages on)" {
		t.Errorf("status lines %q", l)
	}
	none := owner.New(owner.Config{Store: st, Engine: screening.NewEngine(st), Mailbox: mb})
	if err := none.RetryDeliveries(); err == nil || !strings.Contains(err.Error(), "delivery is not running") {
		t.Errorf("without the loop: %v", err)
	}
	if _, err := none.TestDelivery(context.Background(), screening.ChannelEmail); err == nil {
		t.Error("a test without the loop did not fail")
	}
}

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
