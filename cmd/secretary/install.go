package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"secretary/board"
	"secretary/board/bootfile"
	"secretary/screening"
	"secretary/screening/clean"
	"secretary/screening/store"
)

// install is what the installer's settings file (--settings, secretary.txt
// on the image's boot partition) gave at start. The file is copied into
// the store when it changed since it was last applied (its hash is kept
// beside the database), so an owner's later "set" is not undone by the
// same file at every start; the store is then what counts, and the
// installer's settings (screening.InstallSettings) are read from it.
// Nothing here stops the box from starting: a problem is a sentence for
// the console and status.
type install struct {
	path     string   // the file; "" when none was configured
	applied  int      // values copied into the store at this start
	problems []string // plain sentences
	set      screening.InstallSettings
	zone     string // time zone set, "" = the system's
	// fileOnly holds the file's settings when the store could not take
	// them (degraded mode): the box uses them as they are.
	fileOnly *screening.InstallSettings
}

// appliedName is the file beside the database holding the hash of the
// settings file last copied into the store.
const appliedName = "secretary.txt.applied"

// loadInstall reads the file (if path is set), applies it to the store when
// it changed, then takes the installer settings from the store. zone is
// what applyZone set.
func loadInstall(path, dataDir string, st *store.Store, zone string) *install {
	in := &install{path: path, zone: zone}
	if path != "" {
		in.readFile(dataDir, st)
	}
	set, err := st.Settings()
	if err != nil {
		if c, _ := st.Health(); c == store.Healthy { // else degraded mode says why
			in.problem("the stored settings could not be read: %v", err)
		}
		set = screening.DefaultSettings()
	}
	in.set = set.Install
	if in.fileOnly != nil {
		in.set = *in.fileOnly
	}
	if z := set.Install.TimeZone; z != zone {
		in.problem("time zone %s: applies from the next start", cmp.Or(z, "of the system"))
	}
	return in
}

// applyZone sets the process's time zone (time.Local) before anything that
// reads the clock runs (the store's own goroutines do): the stored
// timezone setting, read from the store opened read-only for a moment, or
// the settings file's when the file changed since it was last applied. It
// returns the zone set, "" for the system's.
func applyZone(dataDir, settingsPath string) (string, error) {
	zone, stored := "", false
	if st, err := store.OpenDir(dataDir, store.WithReadOnly()); err == nil {
		if set, err := st.Settings(); err == nil {
			zone, stored = set.Install.TimeZone, true
		}
		st.Close()
	}
	// (a store that cannot be read leaves the file to count)
	if data, err := readSettingsFile(settingsPath); err == nil && (!stored || !appliedBefore(dataDir, data)) {
		if z, ok := bootfile.Parse(data, screening.DefaultSettings()).Value("timezone"); ok {
			zone = z
		}
	}
	if zone == "" {
		return "", nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return "", fmt.Errorf("time zone %s: %w; using the system's", zone, err)
	}
	time.Local = loc
	return zone, nil
}

func readSettingsFile(path string) ([]byte, error) {
	if path == "" {
		return nil, fs.ErrNotExist
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, bootfile.MaxSize+1))
}

func fileHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// appliedBefore reports whether data is the settings file last copied
// into the store.
func appliedBefore(dataDir string, data []byte) bool {
	old, err := os.ReadFile(filepath.Join(dataDir, appliedName))
	return err == nil && strings.TrimSpace(string(old)) == fileHash(data)
}

func (in *install) problem(format string, args ...any) {
	in.problems = append(in.problems, fmt.Sprintf(format, args...))
}

// plain drops Go package prefixes from an error for the owner.
func plain(err error) string {
	s := err.Error()
	for _, p := range []string{"screening: ", "store: ", "number: ", "syntax error: "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

func (in *install) readFile(dataDir string, st *store.Store) {
	data, err := readSettingsFile(in.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			in.problem("no installer settings file %s (is the boot partition mounted?); using the stored settings", in.path)
		} else {
			in.problem("the installer settings file could not be read: %v", err)
		}
		return
	}
	base, berr := st.Settings()
	if berr != nil {
		base = screening.DefaultSettings()
	}
	r := bootfile.Parse(data, base)
	for _, p := range r.Problems {
		in.problems = append(in.problems, p.String())
	}
	if r.More > 0 {
		in.problem("secretary.txt: %d more problems", r.More)
	}
	if appliedBefore(dataDir, data) && berr == nil {
		return // the store is what counts now
	}
	if c, _ := st.Health(); c != store.Healthy {
		// degraded mode: the pins, relay polarity and modem must still be
		// right, so the file counts as it is; nothing is written (nor the
		// note that it was applied: a later start copies it)
		set := fileOver(base, r)
		in.fileOnly = &set.Install
		in.problem("the installer settings are used as the file has them but not saved (the store cannot be saved now)")
		return
	}
	// country before area-code (the order of r.Settings), and a new pair
	// without the old area code in between
	if _, c := r.Value("country"); c {
		if _, a := r.Value("area-code"); a {
			_ = st.SetSetting("area-code", "")
		}
	}
	for _, s := range r.Settings {
		if err := st.SetSetting(s.Key, s.Value); err != nil {
			in.problem("secretary.txt line %d: %s: %s", s.Line, s.Key, plain(err))
			continue
		}
		in.applied++
	}
	if err := writeFileSync(filepath.Join(dataDir, appliedName), []byte(fileHash(data)+"\n")); err != nil {
		in.problem("could not note that the settings file was applied: %v", err)
	}
}

// fileOver is base with the file's settings applied, as the store would
// have them after readFile.
func fileOver(base screening.Settings, r bootfile.Result) screening.Settings {
	if _, c := r.Value("country"); c {
		if _, a := r.Value("area-code"); a {
			_ = base.Set("area-code", "")
		}
	}
	for _, s := range r.Settings {
		_ = base.Set(s.Key, s.Value) // checked by Parse
	}
	return base
}

// writeFileSync writes name atomically (a temporary file renamed over it).
func writeFileSync(name string, data []byte) error {
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// board fills what the command line left unset: modem, pins, relay polarity.
func (in *install) board(c *board.Config) {
	if in.set.Modem != "" && c.Modem == "" {
		c.Modem = in.set.Modem
	}
	for part, v := range in.set.Pins {
		if c.Pins == nil {
			c.Pins = map[string]string{}
		}
		if _, set := c.Pins[part]; !set {
			c.Pins[part] = v
		}
	}
	c.RelayActiveLow = c.RelayActiveLow || in.set.RelayActiveLow
}

// baud is the console's speed.
func (in *install) baud() int { return cmp.Or(in.set.ConsoleSpeed, 115200) }

// greeting is what the serial console shows when it opens: the problems,
// if any (a terminal line each).
func (in *install) greeting() string {
	if len(in.problems) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "secretary: %s in the installer settings (ignored; the box runs):\r\n", plural(len(in.problems), "problem"))
	for _, p := range in.problems {
		b.WriteString("  " + clean.Text(p, 0) + "\r\n")
	}
	return b.String()
}

// notes are the installer lines of "status", with the time zone in use
// (zone: "Europe/Rome", "of the system (UTC)").
func (in *install) notes(zone string) []string {
	s := "time zone " + zone
	if in.path != "" {
		s += fmt.Sprintf("; installer settings %s: %s", in.path, plural(len(in.problems), "problem"))
		if in.applied > 0 {
			s += fmt.Sprintf(", %s applied at this start", plural(in.applied, "value"))
		}
	}
	out := []string{s}
	for _, p := range in.problems {
		out = append(out, "  "+clean.Text(p, 0))
	}
	return out
}

// plural is "no rows", "1 row", "2 rows".
func plural(n int, what string) string {
	switch n {
	case 0:
		return "no " + what + "s"
	case 1:
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
