package modem_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

// TestTransfer_Answered: flash, dial, the number answers, hang up: the
// caller is handed over (on every chipset profile). The recall dial tone
// after the flash is no hang-up: it neither ends the voice session nor
// reaches Events.
func TestTransfer_Answered(t *testing.T) {
	for _, p := range allProfiles {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, p)
			ctx := ctxT(t, 20*time.Second)
			call := r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing,
				Third: &modemtest.Third{Outcome: modemtest.ThirdAnswers, RingFor: 300 * time.Millisecond}})
			if err := r.m.Flash(ctx); err != nil {
				t.Fatalf("Flash: %v", err)
			}
			r.emu.Inject([]byte{0x10, 'd'}) // the recall dial tone
			start := time.Now()
			if err := r.m.Dial(ctx, "12125550199", 5*time.Second); err != nil {
				t.Fatalf("Dial: %v", err)
			}
			if el := time.Since(start); el < 250*time.Millisecond {
				t.Errorf("answered after %v, before the ringback", el)
			}
			for _, e := range collect(r.ev, 100*time.Millisecond) {
				t.Errorf("event while consulting: %v", e.Kind)
			}
			cmds := r.emu.Commands()
			if !slices.Contains(cmds, "ATD!;") || !slices.Contains(cmds, "ATDT12125550199") {
				t.Errorf("commands %q", cmds)
			}
			if err := r.m.HangUp(ctx); err != nil {
				t.Fatal(err)
			}
			select {
			case <-call.Done():
			case <-time.After(2 * time.Second):
				t.Fatal("the call did not end")
			}
			if got := call.EndReason(); got != "transferred to 12125550199" {
				t.Errorf("call ended %q", got)
			}
		})
	}
}

// TestTransfer_BusyThenBack: a busy number ends the dial; a second flash
// returns to the caller, whose hang-up is seen again.
func TestTransfer_BusyThenBack(t *testing.T) {
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 20*time.Second)
	call := r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing, Third: &modemtest.Third{Outcome: modemtest.ThirdBusy}})
	if err := r.m.Flash(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.m.Dial(ctx, "5550199", time.Minute); !errors.Is(err, hal.ErrBusy) {
		t.Fatalf("Dial = %v, want ErrBusy", err)
	}
	if err := r.m.Flash(ctx); err != nil {
		t.Fatal(err)
	}
	flashes := r.emu.RecordsOf(modemtest.RecFlash)
	if len(flashes) != 2 || flashes[0].Text != "hold" || flashes[1].Text != "back to the caller" {
		t.Errorf("flashes %v", flashes)
	}
	if err := r.m.Play(ctx, sine(440, 100*time.Millisecond, 4000)); err != nil {
		t.Fatalf("Play after the flash back: %v", err)
	}
	call.HangUpNow(modemtest.HangUpBusy)
	r.want(t, hal.LineBusy, time.Second)
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestTransfer_NoAnswer: a number that rings on is given up after ring:
// the dial is aborted and the modem still answers commands.
func TestTransfer_NoAnswer(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileUSR5637)
	ctx := ctxT(t, 30*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	if err := r.m.Flash(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := r.m.Dial(ctx, "5550199", 200*time.Millisecond); !errors.Is(err, hal.ErrNoAnswer) {
		t.Fatalf("Dial = %v, want ErrNoAnswer", err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("gave up after %v", el)
	}
	if d := r.emu.RecordsOf(modemtest.RecDial); len(d) != 2 || d[1].Text != "5550199 aborted" {
		t.Errorf("dial records %v", d)
	}
	if err := r.m.Flash(ctx); err != nil {
		t.Fatalf("Flash after the abort: %v", err)
	}
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestTransfer_BusyByDLE: modems that report busy as <DLE>b while
// dialling end the dial as busy too.
func TestTransfer_BusyByDLE(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 20*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	if err := r.m.Flash(ctx); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, func() { r.emu.Inject([]byte{0x10, 'b'}) })
	start := time.Now()
	if err := r.m.Dial(ctx, "5550199", time.Minute); !errors.Is(err, hal.ErrBusy) {
		t.Fatalf("Dial = %v, want ErrBusy", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("busy noticed after %v", el)
	}
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestTransfer_NotAnswered(t *testing.T) {
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 5*time.Second)
	if err := r.m.Flash(ctx); !errors.Is(err, modem.ErrNotOffHook) {
		t.Errorf("Flash on-hook = %v", err)
	}
	if err := r.m.Dial(ctx, "5550199", time.Second); !errors.Is(err, modem.ErrNotOffHook) {
		t.Errorf("Dial on-hook = %v", err)
	}
	if err := r.m.Dial(ctx, "555-0199", time.Second); err == nil {
		t.Error("a dial string with '-' was sent")
	}
}
