package main

import (
	"strings"
	"testing"
	"time"

	"secretary/firmware/call"
	"secretary/screening"
)

// The firmware's fw.* settings: good values apply, a bad or unknown one is
// reported without stopping the others.
func TestFirmwareSettings(t *testing.T) {
	cc := call.DefaultConfig()
	err := firmwareSettings(&cc, screening.Settings{Extra: map[string]string{
		"fw.name-limit": "4s", "fw.reject-sit": "on", "fw.owner-key-timeout": "soon"}})
	if err == nil || !strings.Contains(err.Error(), "fw.owner-key-timeout") {
		t.Errorf("bad duration: err %v", err)
	}
	if cc.NameLimit != 4*time.Second || !cc.RejectSIT || cc.OwnerKeyTimeout != call.DefaultConfig().OwnerKeyTimeout {
		t.Errorf("applied: name-limit %v reject-sit %v owner-key-timeout %v", cc.NameLimit, cc.RejectSIT, cc.OwnerKeyTimeout)
	}
	for _, kv := range [][2]string{{"fw.pass-ring", "maybe"}, {"fw.colour", "blue"}} {
		cc := call.DefaultConfig()
		if err := firmwareSettings(&cc, screening.Settings{Extra: map[string]string{kv[0]: kv[1]}}); err == nil {
			t.Errorf("%s=%s accepted", kv[0], kv[1])
		}
	}
}

// A bad firmware setting in the store (an older firmware's key, a typo
// made with another tool) does not keep the box from running: it says so
// and uses the default.
func TestRun_StartsWithBadStoredSetting(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the box")
	}
	x := startE2E(t, e2eOptions{short: true, settings: map[string]string{"fw.colour": "blue"}})
	if out := x.out.String(); !strings.Contains(out, "fw.colour") || !strings.Contains(out, "using the default") {
		t.Errorf("no word about the bad setting:\n%s", out)
	}
}
