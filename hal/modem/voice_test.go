package modem_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"secretary/hal"
	"secretary/hal/modem"
	"secretary/hal/modem/modemtest"
)

var allProfiles = []modemtest.Profile{modemtest.ProfileZoom3095, modemtest.ProfileUSR5637, modemtest.ProfileRockwell}

func TestInit_Profiles(t *testing.T) {
	tests := []struct {
		p       modemtest.Profile
		chipset modem.Chipset
		cidOn   string
		codec   modem.Codec
		cml     int
	}{
		// Conexant list (vsm-query-responses.txt block 2): unsigned PCM 1.
		{modemtest.ProfileZoom3095, modem.ChipsetConexant, "AT+VCID=1", modem.CodecUnsigned8, 1},
		// USR list (block 1) offers u-law 131.
		{modemtest.ProfileUSR5637, modem.ChipsetUSR, "AT+VCID=1", modem.CodecULaw, 131},
		// Rockwell has only #CID (NCID's fallback).
		{modemtest.ProfileRockwell, modem.ChipsetRockwell, "AT#CID=1", modem.CodecUnsigned8, 1},
	}
	for _, tt := range tests {
		t.Run(tt.p.String(), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, tt.p)
			info := r.m.Info()
			if info.Profile.Chipset != tt.chipset || info.CIDOn != tt.cidOn || info.Codec != tt.codec ||
				info.CodecCML != tt.cml || info.LineLabel != 1 || !info.Voice || info.Country != "B5" {
				t.Errorf("info %+v", info)
			}
			cmds := r.emu.Commands()
			// Echo is on after ATZ (E1): the driver must get through it.
			if i, j := slices.Index(cmds, "ATZ"), slices.Index(cmds, "ATE0"); i < 0 || j < i {
				t.Errorf("commands %q: want ATZ then ATE0", cmds)
			}
			if cmds[len(cmds)-1] != "AT+FCLASS=0" {
				t.Errorf("idle class: last command %q", cmds[len(cmds)-1])
			}
			if r.emu.OffHook() || !r.emu.NeverOffHook() {
				t.Error("Init went off-hook")
			}
		})
	}
}

// TestVoice_Session runs the reference screening sequence (PROTOCOLS.md
// §2.4, v253-answering-machine-session-multitech.txt) on every profile:
// CID, answer, play (Zoom: only the triple-DLE end works), tone, record
// with caller keys (IS-101 brackets on one profile), hang up, CID re-armed.
func TestVoice_Session(t *testing.T) {
	for _, p := range allProfiles {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			r := newRigCfg(t, modemtest.Config{Profile: p, DTMFBrackets: p == modemtest.ProfileRockwell})
			ctx := ctxT(t, 20*time.Second)
			caller := sine(440, 2*time.Second, 6000)
			call, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, MaxRings: 20, CIDDelay: 30 * time.Millisecond,
				CID: &modemtest.CID{Date: "0315", Time: "1430", Number: "8005551234", Name: "DOE JOHN"}, Audio: caller})
			if err != nil {
				t.Fatal(err)
			}
			ev := r.want(t, hal.LineCallerID, 2*time.Second)
			if ev.CallerID.Number != "8005551234" || ev.CallerID.Name != "DOE JOHN" {
				t.Fatalf("cid %+v", ev.CallerID)
			}
			if err := r.m.Answer(ctx); err != nil {
				t.Fatalf("Answer: %v", err)
			}
			select {
			case <-call.Answered():
			case <-time.After(time.Second):
				t.Fatal("emulator did not see the line seized")
			}
			// no host inactivity timer; silence detection in the chipset's form
			wantVSD := "AT+VSD=128,50"
			if p == modemtest.ProfileZoom3095 {
				wantVSD = "AT+VSD=0,50"
			}
			if cmds := strings.Join(r.emu.Commands(), " "); !strings.Contains(cmds, "AT+VIT=0") || !strings.Contains(cmds, wantVSD) {
				t.Errorf("answer on %s: want AT+VIT=0 and %s among %s", p, wantVSD, cmds)
			}

			prompt := sine(1000, 400*time.Millisecond, 8000)
			start := time.Now()
			if err := r.m.Play(ctx, prompt); err != nil {
				t.Fatalf("Play: %v", err)
			}
			if el := time.Since(start); el < 300*time.Millisecond || el > 2*time.Second {
				t.Errorf("Play took %v for 400 ms of audio", el)
			}
			heard := r.emu.Heard()
			// The triple-DLE end form is one 0x10 sample plus <DLE><ETX> on
			// a compliant modem: one extra sample, by design.
			if len(heard) != len(prompt) && len(heard) != len(prompt)+1 {
				t.Fatalf("caller heard %d samples, want %d", len(heard), len(prompt))
			}
			if d := rmsDiff(prompt, heard); d > 0.1 {
				t.Errorf("heard audio differs: relative RMS error %.3f", d)
			}
			if u := r.emu.RecordsOf(modemtest.RecUnderrun); len(u) > 0 {
				t.Errorf("play buffer starved: %v", u)
			}
			if o := r.emu.RecordsOf(modemtest.RecOverrun); len(o) > 0 {
				t.Errorf("play buffer overflowed: %d records", len(o))
			}

			if err := r.m.Tone(ctx, 900, 0, 120*time.Millisecond); err != nil {
				t.Fatalf("Tone: %v", err)
			}
			tones := r.emu.RecordsOf(modemtest.RecTone)
			if len(tones) != 1 || tones[0].F1 != 900 || tones[0].F2 != 900 || tones[0].Dur != 120*time.Millisecond {
				t.Errorf("tones %v", tones)
			}

			time.AfterFunc(150*time.Millisecond, func() { call.Press("5") })
			var got []int16
			if err := r.m.Record(ctx, func(pcm []int16) bool {
				got = append(got, pcm...)
				return len(got) < 4000
			}); err != nil {
				t.Fatalf("Record: %v", err)
			}
			if len(got) < 4000 {
				t.Fatalf("recorded %d samples", len(got))
			}
			if d := rmsDiff(caller[:4000], got[:4000]); d > 0.1 {
				t.Errorf("recorded audio differs from the caller's: relative RMS error %.3f", d)
			}
			ev = r.want(t, hal.LineDTMF, time.Second)
			if ev.Digit != '5' {
				t.Errorf("digit %q", ev.Digit)
			}
			// Exactly one key even in IS-101 bracket style.
			for _, e := range collect(r.ev, 100*time.Millisecond) {
				if e.Kind == hal.LineDTMF {
					t.Errorf("extra key %q", e.Digit)
				}
			}
			// The driver is back in command state: a command works.
			if err := r.m.HangUp(ctx); err != nil {
				t.Fatalf("HangUp: %v", err)
			}
			if r.emu.OffHook() {
				t.Error("still off-hook after HangUp")
			}
			cmds := r.emu.Commands()
			tail := cmds[len(cmds)-3:]
			if tail[0] != "ATH0" || tail[1] != "AT+FCLASS=0" || tail[2] != r.m.Info().CIDOn {
				t.Errorf("hang-up commands %q", tail)
			}
			select {
			case <-call.Done():
				if call.EndReason() != "box hung up" {
					t.Errorf("call ended: %s", call.EndReason())
				}
			case <-time.After(time.Second):
				t.Error("call not over")
			}
		})
	}
}

func TestVoice_CallerHangsUpDuringRecord(t *testing.T) {
	for _, sig := range []modemtest.HangUpSignal{modemtest.HangUpBusy, modemtest.HangUpDialTone, modemtest.HangUpLoopDrop, modemtest.HangUpEndVoice} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, modemtest.ProfileZoom3095)
			ctx := ctxT(t, 10*time.Second)
			_, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, HangUpAfter: 300 * time.Millisecond, HangUp: sig})
			if err != nil {
				t.Fatal(err)
			}
			r.want(t, hal.LineRing, time.Second)
			if err := r.m.Answer(ctx); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = r.m.Record(ctx, func([]int16) bool { return true })
			if !errors.Is(err, hal.ErrHungUp) {
				t.Fatalf("Record: %v, want ErrHungUp", err)
			}
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("noticed the hang-up after %v", el)
			}
			if err := r.m.HangUp(ctx); err != nil {
				t.Fatalf("HangUp after far-end hang-up: %v", err)
			}
			if r.emu.OffHook() {
				t.Error("off-hook")
			}
		})
	}
}

func TestVoice_CallerHangsUpDuringPlay(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 10*time.Second)
	if _, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing, HangUpAfter: 300 * time.Millisecond, HangUp: modemtest.HangUpBusy}); err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineRing, time.Second)
	if err := r.m.Answer(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := r.m.Play(ctx, sine(500, 5*time.Second, 5000))
	if !errors.Is(err, hal.ErrHungUp) {
		t.Fatalf("Play: %v, want ErrHungUp", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("Play ran %v after the caller left", el)
	}
	r.want(t, hal.LineBusy, time.Second)
	// Later voice calls in this session say the caller is gone.
	if err := r.m.Play(ctx, sine(500, 100*time.Millisecond, 5000)); !errors.Is(err, hal.ErrHungUp) {
		t.Errorf("second Play: %v", err)
	}
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestVoice_PlayCancel(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileUSR5637)
	ctx := ctxT(t, 10*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	pctx, cancel := ctxWithCancelAfter(ctx, 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := r.m.Play(pctx, sine(500, 5*time.Second, 5000)); !errors.Is(err, pctxErr(pctx)) {
		t.Fatalf("Play: %v", err)
	}
	if el := time.Since(start); el > 1500*time.Millisecond {
		t.Errorf("cancel took effect after %v", el)
	}
	if n := len(r.emu.Heard()); n > 8000 {
		t.Errorf("caller heard %d samples after a 300 ms play", n)
	}
	// The modem is back in command state.
	if err := r.m.Tone(ctx, 440, 0, 50*time.Millisecond); err != nil {
		t.Fatalf("Tone after cancelled play: %v", err)
	}
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestPickUpAndDrop(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 10*time.Second)
	call, err := r.emu.PlaceCall(modemtest.CallSpec{Cadence: fastRing})
	if err != nil {
		t.Fatal(err)
	}
	r.want(t, hal.LineRing, time.Second)
	if err := r.m.PickUpAndDrop(ctx, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	off, on := r.emu.RecordsOf(modemtest.RecOffHook), r.emu.RecordsOf(modemtest.RecOnHook)
	if len(off) != 1 || len(on) != 1 {
		t.Fatalf("off %v on %v", off, on)
	}
	if held := on[0].At.Sub(off[0].At); held < 200*time.Millisecond || held > 2*time.Second {
		t.Errorf("held the line %v", held)
	}
	<-call.Done()
	if call.EndReason() != "box hung up" {
		t.Errorf("call end: %s", call.EndReason())
	}
}

func TestVoice_NotAnswered(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 5*time.Second)
	if err := r.m.Play(ctx, sine(500, 100*time.Millisecond, 100)); !errors.Is(err, modem.ErrNotOffHook) {
		t.Errorf("Play on-hook: %v", err)
	}
	if err := r.m.Record(ctx, func([]int16) bool { return false }); !errors.Is(err, modem.ErrNotOffHook) {
		t.Errorf("Record on-hook: %v", err)
	}
	if !r.emu.NeverOffHook() {
		t.Error("went off-hook")
	}
}

// A play cancelled while the modem is still answering AT+VTX (a caller's
// key at the very start of a prompt) leaves the modem in command state:
// the next play, a tone and the hang-up work.
func TestVoice_PlayCancelDuringVTX(t *testing.T) {
	t.Parallel()
	r := newRig(t, modemtest.ProfileZoom3095)
	ctx := ctxT(t, 20*time.Second)
	r.answerCall(t, ctx, modemtest.CallSpec{Cadence: fastRing})
	for i := range 3 {
		pctx, cancel := context.WithCancel(ctx)
		vtx := func(rec modemtest.Record) bool { return rec.Kind == modemtest.RecCommand && rec.Text == "AT+VTX" }
		before := 0
		for _, rec := range r.emu.RecordsOf(modemtest.RecCommand) {
			if vtx(rec) {
				before++
			}
		}
		go func() {
			// cancel as soon as the modem has this play's command, before its CONNECT is read
			n := 0
			_, _ = r.emu.WaitRecord(pctx, func(rec modemtest.Record) bool {
				if vtx(rec) {
					n++
				}
				return n > before
			})
			cancel()
		}()
		if err := r.m.Play(pctx, sine(500, time.Second, 5000)); !errors.Is(err, context.Canceled) {
			t.Fatalf("play %d: %v, want cancelled", i, err)
		}
		cancel()
		if err := r.m.Play(ctx, sine(500, 100*time.Millisecond, 5000)); err != nil {
			t.Fatalf("play after cancelled play %d: %v", i, err)
		}
	}
	if err := r.m.HangUp(ctx); err != nil {
		t.Fatal(err)
	}
}
