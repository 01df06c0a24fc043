package main

import (
	"strings"
	"testing"
	"time"
)

// The console tells the owner what the box does as it does it: the
// challenge digit and the caller's answer, the handset rung, the owner's
// key and what it chose, the call's end, what the button did. The whole
// box on the simulated board, the challenge scenario's steps.
func TestRun_ConsoleNotices(t *testing.T) {
	if testing.Short() {
		t.Skip("real-time calls")
	}
	sc := parseScenario(t, "../../testdata/scenarios/challenge-pass.txt")
	x := startE2E(t, sc.setup)
	for _, st := range sc.steps {
		x.step(st)
	}
	x.worldCmd("button long")
	want := []string{
		"* call from 2125550143 HUDSON DENTAL: screening",
		"* challenge for 2125550143 HUDSON DENTAL: the caller must press 6 (try 1 of 3)",
		"* 2125550143 HUDSON DENTAL pressed 6: challenge passed",
		"* 2125550143 HUDSON DENTAL gave a name; ringing the handset to announce it",
		"* announcing on the handset",
		"* key 1 on the handset: accept 2125550143 HUDSON DENTAL",
		"* logged: call from +12125550143 HUDSON DENTAL accepted",
		"* button (long press): the last caller +12125550143 HUDSON DENTAL goes on the block list",
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		out, last, missing := x.out.String(), -1, ""
		for _, w := range want {
			i := strings.Index(out, w)
			if i < 0 || i < last {
				missing = w
				break
			}
			last = i
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the console did not show %q in order:\n%s", missing, out)
		}
	}
}
