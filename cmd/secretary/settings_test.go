package main

import (
	"strings"
	"testing"

	"secretary/screening/store"
	"secretary/screening/store/storetest"
)

// putRawSettings writes settings into the store at data as another
// firmware version could have left them (no validation).
func putRawSettings(t *testing.T, data string, kv map[string]string) {
	t.Helper()
	st, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	storetest.PutRaw(t, data, "settings", kv)
}

// A bad setting in the store (an older firmware's key, a value this one
// refuses) does not keep the box from running: it says so and uses the
// default.
func TestRun_StartsWithBadStoredSetting(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the box")
	}
	x := startE2E(t, e2eOptions{short: true, rawSettings: map[string]string{"fw.colour": "blue", "fw.ring-gap": "soon"}})
	out := x.out.String()
	for _, want := range []string{"fw.colour", "fw.ring-gap=\"soon\"", "using the default"} {
		if !strings.Contains(out, want) {
			t.Errorf("no word about the bad setting (%q):\n%s", want, out)
		}
	}
}
