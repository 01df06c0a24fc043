package firmware

import (
	"fmt"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
)

// NoticeKind says what a Notice reports.
type NoticeKind int

const (
	// NoticeStep: the call machine handled an event (Event, Before, After).
	NoticeStep NoticeKind = iota
	// NoticeButton: the owner pressed the box's button (Button, After).
	NoticeButton
)

func (k NoticeKind) String() string {
	switch k {
	case NoticeStep:
		return "step"
	case NoticeButton:
		return "button"
	}
	return fmt.Sprintf("NoticeKind(%d)", int(k))
}

// Notice is news from the call loop beyond phase changes, for a console
// that tells the owner what the box does as it does it: each step of the
// call machine (the caller's and the owner's keys, timers running out, a
// message saved, the modem back), and what the button did. The states are
// copies; a consumer keeps what it wants.
type Notice struct {
	Kind   NoticeKind
	Event  call.Event   // NoticeStep: the event handled
	Before call.State   // NoticeStep: the state the event found
	After  call.State   // the machine's state after it
	Button ButtonNotice // NoticeButton
}

// ButtonNotice is what a press of the box's button did: put the last
// caller on the allow list (short press) or the block list (long press).
type ButtonNotice struct {
	Press  hal.ButtonEventKind
	Action screening.Action // the list: ActionPass (allow) or ActionBlock
	Number string           // the last caller's number; "" when there was none to add
	Name   string
	Queued bool // the change went to the store writer (false: no caller, no store, or the queue was full)
}

// notify hands n to Config.OnNotice, if set.
func (r *runner) notify(n Notice) {
	if r.a.cfg.OnNotice != nil {
		n.After = r.state
		r.a.cfg.OnNotice(n)
	}
}
