package main

import (
	"context"
	"fmt"
	"time"
)

// idleWait is how long maintenance waits for a call in progress to end.
const idleWait = 2 * time.Minute

// maintenance runs f with the call loop stepped aside: the relay released
// (calls ring straight through to the phone, as with the box off), the
// line on-hook; then the call loop starts again. It waits for a call in
// progress to end first (at most idleWait). say tells the owner.
func (b *box) maintenance(ctx context.Context, say func(string), f func() error) error {
	deadline := time.Now().Add(idleWait)
	for told := false; ; {
		st := b.app.Status()
		if !st.Busy() {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the box is still busy with a call (%s); nothing was changed: try again when it is idle", st.Phase)
		}
		if !told {
			say("waiting for the call in progress to end")
			told = true
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	req := stepAside{granted: make(chan struct{}), done: make(chan struct{})}
	select {
	case b.aside <- req:
	case <-b.appDone:
		return f() // the call loop has ended: nothing to step aside
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-req.granted:
	case <-b.appDone:
		return fmt.Errorf("the firmware is not running")
	}
	defer close(req.done)
	start := time.Now()
	say("maintenance: calls ring straight through to the phone meanwhile")
	err := f()
	say(fmt.Sprintf("maintenance over after %s: the box screens calls again", time.Since(start).Round(time.Millisecond)))
	return err
}
