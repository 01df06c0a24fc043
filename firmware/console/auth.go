package console

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The console PIN. It is kept as a salted PBKDF2-SHA256 hash
// ("pbkdf2-sha256$ITERATIONS$SALT$HASH", base64), never the PIN, and never
// printed. With a PIN set, a new session asks for it before anything else
// (no command, no notice). Every wrong PIN locks the console, every
// session of it, for a time that doubles with each failure (lockBase,
// then twice as long, up to lockMax); a right PIN resets the count. The
// call loop never waits for any of it.

const (
	pinIterations = 60_000 // about 0.1 s on a Pi Zero 2 W
	pinMinLen     = 4
	pinMaxLen     = 12
	lockBase      = 5 * time.Second
	lockMax       = time.Hour
)

// ErrWrongPIN is a PIN that does not match the one set.
var ErrWrongPIN = errors.New("console: wrong PIN")

// HashPIN makes the stored form of a PIN, with a fresh salt.
func HashPIN(pin string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return hashWith(pin, salt, pinIterations)
}

func hashWith(pin string, salt []byte, iter int) (string, error) {
	key, err := pbkdf2.Key(sha256.New, pin, salt, iter, 32)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", iter, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPIN reports whether pin matches the stored hash.
func CheckPIN(hash, pin string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 10_000_000 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[2])
	if err != nil {
		return false
	}
	got, err := hashWith(pin, salt, iter)
	return err == nil && subtle.ConstantTimeCompare([]byte(got), []byte(hash)) == 1
}

// validPIN says what is wrong with a new PIN, nil if nothing.
func validPIN(pin string) error {
	if len(pin) < pinMinLen || len(pin) > pinMaxLen {
		return fmt.Errorf("a PIN has %d to %d digits", pinMinLen, pinMaxLen)
	}
	for _, ch := range pin {
		if ch < '0' || ch > '9' {
			return fmt.Errorf("a PIN has digits only")
		}
	}
	return nil
}

// auth is the console's lockout: how many wrong PINs in a row, and until
// when the console is locked.
type auth struct {
	mu       sync.Mutex
	failures int
	until    time.Time
}

// locked returns how long the console stays locked, 0 if it is not.
func (a *auth) locked(now time.Time) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if now.Before(a.until) {
		return a.until.Sub(now)
	}
	return 0
}

// fail counts a wrong PIN and locks the console; it returns for how long
// and the failures so far.
func (a *auth) fail(now time.Time) (time.Duration, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.failures++
	d := lockBase
	for i := 1; i < a.failures && d < lockMax; i++ {
		d *= 2
	}
	d = min(d, lockMax)
	a.until = now.Add(d)
	return d, a.failures
}

// succeed resets the count after a right PIN.
func (a *auth) succeed() {
	a.mu.Lock()
	a.failures, a.until = 0, time.Time{}
	a.mu.Unlock()
}

// lockText is how long a lock lasts, rounded up to a second.
func lockText(d time.Duration) string {
	return FormatAge((d + time.Second - 1).Truncate(time.Second))
}

// checkPIN asks for the PIN once and checks it against hash, counting a
// wrong one. While the console is locked it says for how long and checks
// nothing. An empty answer (Enter, ^C) is no attempt.
func (c *Console) checkPIN(t Term, w io.Writer, hash, prompt string) error {
	pin, err := t.AskSecret(prompt)
	if err != nil {
		return err
	}
	if strings.TrimSpace(pin) == "" {
		return ErrWrongPIN
	}
	if d := c.auth.locked(c.now()); d > 0 {
		fmt.Fprintf(w, "the console is locked for another %s after wrong PINs; the PIN was not checked\n", lockText(d))
		return ErrWrongPIN
	}
	if CheckPIN(hash, strings.TrimSpace(pin)) {
		c.auth.succeed()
		return nil
	}
	d, n := c.auth.fail(c.now())
	fmt.Fprintf(w, "wrong PIN; the console is locked for %s (%d wrong in a row; each doubles the wait)\n", lockText(d), n)
	return ErrWrongPIN
}

// login asks for the PIN, if one is set, until it is given; any other
// error (the line ended, the session timed out) ends the session.
func (c *Console) login(t Term, w io.Writer) error {
	hash, err := c.b.PINHash()
	if err != nil {
		// a store that cannot be read must not lock the owner out
		fmt.Fprintf(w, "the console PIN cannot be read (%s); the console is open\n", sentence(err))
		return nil
	}
	if hash == "" {
		return nil
	}
	for {
		err := c.checkPIN(t, w, hash, "PIN: ")
		if err == nil {
			return nil
		}
		if !errors.Is(err, ErrWrongPIN) {
			return err
		}
	}
}

func (c *Console) passwdCommand() Command {
	return Command{Name: "passwd", Aliases: []string{"pin"}, Usage: "passwd",
		Summary: "set, change or remove the console PIN",
		Help: fmt.Sprintf("With a PIN, a new console session (and the serial console after exit or console-timeout idle)\n"+
			"asks for it. A wrong PIN locks the console for %s, twice as long after each further one (up to %s);\n"+
			"calls are never affected. The PIN (%d to %d digits) is kept as a salted hash. To remove it, give an\n"+
			"empty new PIN. example: passwd", lockText(lockBase), lockText(lockMax), pinMinLen, pinMaxLen),
		Run: c.passwd}
}

func (c *Console) passwd(_ context.Context, r *Request, w io.Writer) error {
	if err := noArgs(r, "passwd"); err != nil {
		return err
	}
	if !r.Term.Interactive() {
		return usagef("passwd asks for the PIN without echo: run it at the console's terminal")
	}
	hash, err := c.b.PINHash()
	if err != nil {
		return err
	}
	if hash != "" {
		if err := c.checkPIN(r.Term, w, hash, "current PIN: "); err != nil {
			if errors.Is(err, ErrWrongPIN) {
				return errors.New("the PIN was not changed")
			}
			return err
		}
	}
	pin, err := r.Term.AskSecret(fmt.Sprintf("new PIN (%d-%d digits; empty for none): ", pinMinLen, pinMaxLen))
	if err != nil {
		return err
	}
	pin = strings.TrimSpace(pin)
	if pin == "" {
		if hash == "" {
			return okf(w, "there is no console PIN; nothing changed")
		}
		if err := c.b.SetPINHash(""); err != nil {
			return err
		}
		return okf(w, "the console PIN is removed; sessions no longer ask for one")
	}
	if err := validPIN(pin); err != nil {
		return fmt.Errorf("%w; the PIN was not changed", err)
	}
	again, err := r.Term.AskSecret("new PIN again: ")
	if err != nil {
		return err
	}
	if strings.TrimSpace(again) != pin {
		return errors.New("the two PINs differ; the PIN was not changed")
	}
	h, err := HashPIN(pin)
	if err != nil {
		return err
	}
	if err := c.b.SetPINHash(h); err != nil {
		return err
	}
	return okf(w, "the console PIN is set; new sessions ask for it")
}
