package owner

import (
	"context"
	"fmt"
	"time"

	"secretary/screening/store"
)

// Housekeeping intervals: the store's health is looked at every
// healthEvery (one atomic load), message retention applied every
// retainEvery.
const (
	healthEvery = time.Second
	retainEvery = time.Hour
)

// Housekeep runs until ctx ends: it deletes heard messages older than the
// message-retention setting (at start and hourly) and tells notify when the
// store's health changes (damaged, read-only, back to healthy). notify
// must not block (console.Console.Notify does not).
func (o *Owner) Housekeep(ctx context.Context, notify func(string)) {
	if notify == nil {
		notify = func(string) {}
	}
	cond, _ := o.cfg.Store.Health()
	if cond != store.Healthy {
		o.tellHealth(notify)
	}
	o.retain(notify)
	health := time.NewTicker(healthEvery)
	defer health.Stop()
	retain := time.NewTicker(retainEvery)
	defer retain.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-health.C:
			if c, _ := o.cfg.Store.Health(); c != cond {
				cond = c
				o.tellHealth(notify)
			}
		case <-retain.C:
			o.retain(notify)
		}
	}
}

// tellHealth says what the store can do now, and what the box does
// meanwhile (degraded mode).
func (o *Owner) tellHealth(notify func(string)) { notify(o.healthNotice()) }

// retain applies message-retention.
func (o *Owner) retain(notify func(string)) {
	set, err := o.cfg.Store.Settings()
	if err != nil || set.MessageRetention <= 0 {
		return
	}
	gone, err := o.cfg.Mailbox.Expire(set.MessageRetention)
	if len(gone) > 0 {
		notify(fmt.Sprintf("message-retention: deleted %d heard message(s) older than %d days", len(gone), set.MessageRetention))
	}
	if err != nil {
		o.log.Warn("message retention", "err", err)
	}
}
