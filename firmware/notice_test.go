package firmware

import (
	"sync"
	"testing"
	"time"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// noticeLog collects the notices of the call loop.
type noticeLog struct {
	mu sync.Mutex
	ns []Notice
}

func (l *noticeLog) add(n Notice) { l.mu.Lock(); l.ns = append(l.ns, n); l.mu.Unlock() }

// find waits for a notice that ok accepts.
func (l *noticeLog) find(t *testing.T, what string, ok func(Notice) bool) Notice {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		l.mu.Lock()
		for _, n := range l.ns {
			if ok(n) {
				l.mu.Unlock()
				return n
			}
		}
		l.mu.Unlock()
	}
	t.Fatalf("no notice: %s", what)
	return Notice{}
}

// OnNotice reports each step of the machine with the event and the states
// around it (here the owner's key), and what the button did.
func TestAppliance_Notices(t *testing.T) {
	log := &noticeLog{}
	r := newRig(t, fakeDecider{}, func(c *Config) { c.OnNotice = log.add })
	r.dev.Line.Say(speech(time.Second))
	r.incoming("2015550123", "BOB")
	r.wait(`handset: ring dr2 cid "2015550123" "? BOB"`)
	r.dev.Handset.Lift()
	r.wait("handset: play")
	r.dev.Handset.Press("2")
	n := log.find(t, "the owner's key 2", func(n Notice) bool {
		return n.Kind == NoticeStep && n.Event.Kind == call.EvHandsetDigit && n.Event.Digit == '2'
	})
	if n.Before.Phase != call.PhaseAnnounce && n.Before.Phase != call.PhaseOwnerChoice || n.Before.Caller.Number != "2015550123" {
		t.Errorf("the key's notice found %s, caller %q", n.Before.Phase, n.Before.Caller.Number)
	}
	r.waitLog(1)
	r.dev.Button.Press(hal.ButtonLong)
	b := log.find(t, "the button", func(n Notice) bool { return n.Kind == NoticeButton })
	if b.Button.Action != screening.ActionBlock || b.Button.Number != "+12015550123" || !b.Button.Queued {
		t.Errorf("button notice %+v", b.Button)
	}
}
