package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"secretary/board"
	"secretary/firmware/owner"
	"secretary/screening/store"
)

func openTestStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func setting(t *testing.T, st *store.Store, key string) string {
	t.Helper()
	set, err := st.Settings()
	if err != nil {
		t.Fatal(err)
	}
	v, err := set.Get(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// start is what run does at start: the time zone, the store, the file.
func start(t *testing.T, file, data string) (*install, *store.Store) {
	t.Helper()
	zone, err := applyZone(data, file)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	return loadInstall(file, data, st, zone), st
}

// The file is copied into the store when it changed; the same file at the
// next start leaves an owner's later change alone; an edited file applies
// again. The time zone is set before the store opens.
func TestInstall_AppliedWhenChanged(t *testing.T) {
	defer func(l *time.Location) { time.Local = l }(time.Local)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.MkdirAll(data, 0o755)
	file := filepath.Join(dir, "secretary.txt")
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("country = 1\narea-code = 212\ntimezone = America/Chicago\nconsole-speed = 9600\n")
	in, st := start(t, file, data)
	if len(in.problems) != 0 || in.applied != 4 {
		t.Fatalf("first start: applied %d, problems %v", in.applied, in.problems)
	}
	if time.Local.String() != "America/Chicago" || in.zone != "America/Chicago" || in.baud() != 9600 {
		t.Fatalf("time zone %s (%s), baud %d", time.Local, in.zone, in.baud())
	}
	// the owner, on the console
	if err := st.SetSetting("area-code", "312"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting("timezone", "America/Denver"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	in, st = start(t, file, data)
	if in.applied != 0 || setting(t, st, "area-code") != "312" || in.zone != "America/Denver" {
		t.Fatalf("unchanged file re-applied: applied %d, area-code %s, zone %s", in.applied, setting(t, st, "area-code"), in.zone)
	}
	st.Close()
	// a new country with a new area code: the old NANP code must not block it
	write("country = 44\narea-code = 20\n")
	in, st = start(t, file, data)
	defer st.Close()
	if len(in.problems) != 0 || setting(t, st, "country") != "44" || setting(t, st, "area-code") != "20" {
		t.Fatalf("edited file: problems %v, country %s, area-code %s", in.problems, setting(t, st, "country"), setting(t, st, "area-code"))
	}
	// keys the file no longer names keep their stored value
	if in.baud() != 9600 || in.set.TimeZone != "America/Denver" {
		t.Fatalf("stored installer values lost: %+v", in.set)
	}
}

// Bad values are sentences for the console; the good ones apply, and a
// missing file is a problem, not a failure.
func TestInstall_ProblemsNeverStopTheStart(t *testing.T) {
	dir := t.TempDir()
	st := openTestStore(t, filepath.Join(dir, "data"))
	file := filepath.Join(dir, "secretary.txt")
	in := loadInstall(file, filepath.Join(dir, "data"), st, "")
	if len(in.problems) != 1 || !strings.Contains(in.problems[0], "no installer settings file") {
		t.Fatalf("missing file: %v", in.problems)
	}
	os.WriteFile(file, []byte("country = 1\narea-code = 20\npin.relay = GPIO99\nmodem = /dev/ttyUSB3\nrelay-polarity = active-low\npin.led = none\n"), 0o644)
	in = loadInstall(file, filepath.Join(dir, "data"), st, "")
	if len(in.problems) != 2 {
		t.Fatalf("want 2 problems (pin, NANP area code), got %q", in.problems)
	}
	joined := strings.Join(in.problems, "\n")
	for _, w := range []string{"line 3: pin.relay", "line 2: area-code", "NANP area code"} {
		if !strings.Contains(joined, w) {
			t.Errorf("problems lack %q:\n%s", w, joined)
		}
	}
	if strings.Contains(joined, "number: ") {
		t.Errorf("a Go package prefix reached the owner: %s", joined)
	}
	g := in.greeting()
	if !strings.HasPrefix(g, "secretary: 2 problems in the installer settings") || !strings.HasSuffix(g, "\r\n") {
		t.Errorf("greeting %q", g)
	}
	var c board.Config
	in.board(&c)
	if c.Modem != "/dev/ttyUSB3" || !c.RelayActiveLow || c.Pins["led"] != "none" || c.Pins["relay"] != "" {
		t.Fatalf("board config %+v", c)
	}
	// the command line wins over the stored values
	c = board.Config{Modem: "/dev/ttyACM9", Pins: map[string]string{"led": "GPIO4"}}
	in.board(&c)
	if c.Modem != "/dev/ttyACM9" || c.Pins["led"] != "GPIO4" {
		t.Fatalf("flags overridden: %+v", c)
	}
}

// The owner can change an installer setting on the console; the table
// refuses a bad one.
func TestInstall_SetOnTheConsole(t *testing.T) {
	dir := t.TempDir()
	st := openTestStore(t, dir)
	b := owner.New(owner.Config{Store: st}) // what the console's set calls
	if err := b.SetSettings([2]string{"pin.led", "GPIO77"}); err == nil {
		t.Fatal("set pin.led GPIO77 accepted")
	}
	if err := b.SetSettings([2]string{"pin.led", "4"}); err != nil {
		t.Fatal(err)
	}
	if err := b.SetSettings([2]string{"console-speed", "9600"}); err != nil {
		t.Fatal(err)
	}
	in := loadInstall("", dir, st, "")
	var c board.Config
	in.board(&c)
	if c.Pins["led"] != "GPIO4" || in.baud() != 9600 || len(in.problems) != 0 {
		t.Fatalf("pins %v, baud %d, problems %v", c.Pins, in.baud(), in.problems)
	}
}

// The file's time zone and the console's set timezone are one setting: the
// zone the box starts with (applyZone, given to the clock) is always the
// stored one. A zone the file gets wrong is reported and leaves the stored
// zone in use; an empty one means the system's.
func TestInstall_ZoneAgreesWithTheStore(t *testing.T) {
	defer func(l *time.Location) { time.Local = l }(time.Local)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.MkdirAll(data, 0o755)
	file := filepath.Join(dir, "secretary.txt")
	for i, c := range []struct{ file, want, problem string }{
		{"timezone = Europe/Rome\n", "Europe/Rome", ""},
		{"timezone = Mars/Olympus\n", "Europe/Rome", "line 1: timezone \"Mars/Olympus\": unknown time zone"},
		{"timezone = ../../etc/localtime\n", "Europe/Rome", "tz database name"},
		{"timezone =   America/Chicago   # the office\n", "America/Chicago", ""},
		{"timezone =\n", "", ""},
	} {
		if err := os.WriteFile(file, []byte(c.file), 0o644); err != nil {
			t.Fatal(err)
		}
		in, st := start(t, file, data)
		stored := setting(t, st, "timezone")
		st.Close()
		if in.zone != c.want || stored != c.want {
			t.Errorf("%d. %q: zone applied %q, stored %q; want both %q", i, c.file, in.zone, stored, c.want)
		}
		joined := strings.Join(in.problems, "\n")
		if c.problem == "" && joined != "" || !strings.Contains(joined, c.problem) {
			t.Errorf("%d. %q: problems %q, want %q", i, c.file, joined, c.problem)
		}
	}
}
