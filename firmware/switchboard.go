package firmware

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"secretary/firmware/call"
	"secretary/hal"
	"secretary/screening"
	"secretary/screening/number"
)

// The switchboard's part of the runtime: the people a call can be for (the
// directory in the machine's configuration), the line's hook flash and
// dial, the names of people on the handset (recorded there, said by the
// prompts), and a call's person on its message.

// ClipSaver keeps a recorded clip under a name, so that Prompts serves it
// from then on (firmware/prompts.Set implements it); a person's name
// recorded from the handset is kept as call.PersonClip(id).
type ClipSaver interface {
	SaveClip(name string, pcm []int16) error
}

// Directory is the machine's view of people: menu keys, cadences and what
// to dial to reach each mobile with the number settings s.
func Directory(people []screening.Person, s screening.Settings) call.Directory {
	var d call.Directory
	for _, p := range people {
		if p.Key < 1 || p.Key > 9 {
			continue
		}
		d.Add(call.Person{ID: p.ID(), Key: byte('0' + p.Key), Ring: call.PersonRing(p.Ring),
			Dial: number.Dialable(p.Mobile, s.Number)})
	}
	return d
}

// switchboard is the switchboard part of the machine's configuration.
func switchboard(s screening.Settings, people []screening.Person) call.Switchboard {
	sb := s.Switchboard
	return call.Switchboard{People: Directory(people, s), MenuDefault: sb.MenuDefault, MenuTimeout: sb.MenuTimeout,
		ForwardRings: sb.ForwardRings, Transfer: sb.Transfer, TransferTimeout: sb.TransferTimeout}
}

// clipSaver is how recorded names are kept: the prompts, if they can.
func (a *Appliance) clipSaver() func(name string, pcm []int16) error {
	if s, ok := a.prompts.(ClipSaver); ok {
		return s.SaveClip
	}
	return nil
}

// people reads the switchboard's people (Config.People); nil without a
// source or when they cannot be read (the call then has no menu).
func (a *Appliance) people() []screening.Person {
	if a.cfg.People == nil {
		return nil
	}
	p, err := a.cfg.People()
	if err != nil {
		a.log.Warn("people unreadable; the call has no menu", "err", err)
		return nil
	}
	return p
}

// RecordVoice asks the box to ring the handset (DR3 cadence, caller ID
// "RECORD NAME") and record the name of person (screening.Person.ID) when
// the owner picks up: a beep, the name, and it is played back. It is
// ignored unless the box is idle, and returns at once.
func (a *Appliance) RecordVoice(person string) error {
	r, err := a.idleRunner()
	if err != nil {
		return err
	}
	if !a.cfg.Call.Handset || !a.cfg.Call.HandsetAudio {
		return fmt.Errorf("%w: recording a name needs a handset with audio", hal.ErrNotSupported)
	}
	r.work.send(item{ev: call.Event{Kind: call.EvRecordVoice, At: a.clock.Now(), Person: person}})
	return nil
}

// flash runs the hook flash as the line operation.
func (l *lineOps) flash() { l.run(l.dev.Flash) }

// dial runs a dial as the line operation; its EvLineDone says how the
// call progressed.
func (l *lineOps) dial(num string, ring time.Duration) {
	l.start(l.w, func(ctx context.Context, id uint64) {
		err := l.dev.Dial(ctx, num, ring)
		ev := call.Event{Kind: call.EvLineDone, At: l.clock.Now()}
		switch {
		case err == nil:
			ev.Dial = call.DialAnswered
		case errors.Is(err, hal.ErrBusy):
			ev.Dial = call.DialBusy
		case errors.Is(err, hal.ErrNoAnswer):
			ev.Dial = call.DialNoAnswer
		default:
			ev = l.result(err)
			if ev.Kind == call.EvLineDone {
				ev.Dial = call.DialFailed
			}
		}
		l.report(ctx, id, ev)
	})
}

// recordVoice records a person's name from the handset (at most limit,
// until the owner falls silent) and keeps it as their name clip.
func (h *handsetOps) recordVoice(person string, limit time.Duration) {
	h.run(func(ctx context.Context) error {
		pcm, voiced, err := capture(ctx, h.dev, h.vad, limit, nil)
		if err != nil {
			return err
		}
		if !voiced {
			return errors.New("firmware: no name was said")
		}
		return h.save(string(call.PersonClip(person)), pcm)
	})
}

// personClip resolves a person's name clip that has no recording: the
// word "extension" and the person's menu key. ok is false when name is
// not a person's clip.
func (r *runner) personClip(name call.Clip) (call.Clip, call.Clip, bool) {
	id, ok := strings.CutPrefix(string(name), "person-")
	if !ok {
		return "", "", false
	}
	p, ok := r.state.Config.Switchboard.People.ByID(id)
	if !ok {
		return "", "", false
	}
	return call.ClipExtension, call.DigitClip(p.Key), true
}
