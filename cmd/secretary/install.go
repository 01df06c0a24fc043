package main

import (
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
	"secretary/screening/clean"
	"secretary/screening/store"
)

// install is what the installer's settings file (--settings, secretary.txt
// on the image's boot partition) and the installer settings kept in the
// store give at start. The file is copied into the store when it changed
// since it was last applied (its hash is kept beside the database), so an
// owner's later "set" is not undone by the same file at every start; the
// store is then what counts. Nothing here stops the box from starting: a
// problem is a sentence for the console and status.
type install struct {
	path     string            // the file; "" when none was configured
	applied  int               // values copied into the store at this start
	problems []string          // plain sentences
	values   map[string]string // file key -> value in effect (normalised)
	zone     string            // time zone set, "" = the system's
}

// appliedName is the file beside the database holding the hash of the
// settings file last copied into the store.
const appliedName = "secretary.txt.applied"

// loadInstall reads the file (if path is set), applies it to the store when
// it changed, then takes the installer values from the store and sets the
// process's time zone.
func loadInstall(path, dataDir string, st *store.Store) *install {
	in := &install{path: path, values: map[string]string{}}
	if path != "" {
		in.readFile(dataDir, st)
	}
	set, err := st.Settings()
	if err != nil {
		in.problem("the stored settings could not be read: %v", err)
		return in
	}
	for k, v := range set.Extra {
		fk, ok := bootfile.FromStoreKey(k)
		if !ok {
			continue
		}
		nv, err := bootfile.Check(fk, v)
		if err != nil {
			in.problem("stored setting %s: %s; using the default", k, plain(err))
			continue
		}
		in.values[fk] = nv
	}
	if z := in.values["timezone"]; z != "" {
		if loc, err := time.LoadLocation(z); err == nil {
			time.Local, in.zone = loc, z
		} else {
			in.problem("time zone %s: %v; using the system's", z, err)
		}
	}
	return in
}

func (in *install) problem(format string, args ...any) {
	in.problems = append(in.problems, fmt.Sprintf(format, args...))
}

// plain drops a Go package prefix from an error for the owner.
func plain(err error) string {
	s := err.Error()
	for _, p := range []string{"bootfile: ", "screening: ", "store: ", "number: "} {
		s = strings.ReplaceAll(s, p, "")
	}
	return s
}

func (in *install) readFile(dataDir string, st *store.Store) {
	f, err := os.Open(in.path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			in.problem("no installer settings file %s (is the boot partition mounted?); using the stored settings", in.path)
		} else {
			in.problem("the installer settings file could not be read: %v", err)
		}
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, bootfile.MaxSize+1))
	f.Close()
	if err != nil {
		in.problem("the installer settings file could not be read: %v", err)
		return
	}
	r := bootfile.Parse(data)
	for _, p := range r.Problems {
		in.problems = append(in.problems, p.String())
	}
	if r.More > 0 {
		in.problem("secretary.txt: %d more problems", r.More)
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	mark := filepath.Join(dataDir, appliedName)
	if old, err := os.ReadFile(mark); err == nil && strings.TrimSpace(string(old)) == hash {
		return // applied before; the store is what counts now
	}
	// country before area-code, and a new pair without the old area code
	// in between (a North American area code is not valid elsewhere)
	if _, c := r.Value("country"); c {
		if _, a := r.Value("area-code"); a {
			_ = st.SetSetting("area-code", "")
		}
	}
	for _, s := range r.Settings {
		if err := st.SetSetting(bootfile.StoreKey(s.Key), s.Value); err != nil {
			in.problem("secretary.txt line %d: %s: %s", s.Line, s.Key, plain(err))
			continue
		}
		in.applied++
	}
	if err := writeFileSync(mark, []byte(hash+"\n")); err != nil {
		in.problem("could not note that the settings file was applied: %v", err)
	}
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
	if m := in.values["modem"]; m != "" && m != "auto" && c.Modem == "" {
		c.Modem = m
	}
	for fk, v := range in.values {
		part, ok := strings.CutPrefix(fk, "pin.")
		if !ok {
			continue
		}
		if c.Pins == nil {
			c.Pins = map[string]string{}
		}
		if _, set := c.Pins[part]; !set {
			c.Pins[part] = v
		}
	}
	if in.values["relay-polarity"] == "active-low" {
		c.RelayActiveLow = true
	}
}

// baud is the console's speed.
func (in *install) baud() int {
	if n, err := strconv.Atoi(in.values["console-speed"]); err == nil {
		return n
	}
	return 115200
}

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

// status is the installer lines of "status".
func (in *install) status() string {
	zone := in.zone
	if zone == "" {
		zone = "of the system (" + time.Now().Format("MST") + ")"
	}
	s := "time zone " + zone
	if in.path != "" {
		s += fmt.Sprintf("; installer settings %s: %s", in.path, plural(len(in.problems), "problem"))
		if in.applied > 0 {
			s += fmt.Sprintf(", %s applied at this start", plural(in.applied, "value"))
		}
	}
	for _, p := range in.problems {
		s += "\n  " + clean.Text(p, 0)
	}
	return s
}

func plural(n int, what string) string {
	switch n {
	case 0:
		return "no " + what + "s"
	case 1:
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
