package number

import (
	"fmt"
	"strconv"
	"strings"
)

// Config holds the installer's settings that normalisation needs.
type Config struct {
	CountryCode         string // calling code without '+', e.g. "1" (NANP) or "44"; default "1"
	AreaCode            string // local area code added to short numbers, e.g. "555"; may be ""
	NationalPrefix      string // trunk prefix: "1" in NANP (default), "0" in most other countries
	InternationalPrefix string // "011" in NANP (default), "00" elsewhere
}

// DefaultConfig is NANP without an area code. Empty prefixes follow the
// country (see WithDefaults).
func DefaultConfig() Config {
	return Config{CountryCode: "1"}
}

// WithDefaults fills empty fields: country 1; national prefix 1 in NANP
// and 0 elsewhere; international prefix 011 in NANP and 00 elsewhere.
func (c Config) WithDefaults() Config { return c.withDefaults() }

func (c Config) withDefaults() Config {
	if c.CountryCode == "" {
		c.CountryCode = "1"
	}
	if c.NationalPrefix == "" {
		if c.CountryCode == "1" {
			c.NationalPrefix = "1"
		} else {
			c.NationalPrefix = "0"
		}
	}
	if c.InternationalPrefix == "" {
		if c.CountryCode == "1" {
			c.InternationalPrefix = "011"
		} else {
			c.InternationalPrefix = "00"
		}
	}
	return c
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	c = c.withDefaults()
	if !allDigits(c.CountryCode) || len(c.CountryCode) > 3 || c.CountryCode[0] == '0' {
		return fmt.Errorf("number: country code %q must be 1 to 3 digits without a leading 0", c.CountryCode)
	}
	if c.AreaCode != "" && !allDigits(c.AreaCode) {
		return fmt.Errorf("number: area code %q must be digits", c.AreaCode)
	}
	if c.CountryCode == "1" && c.AreaCode != "" && (len(c.AreaCode) != 3 || c.AreaCode[0] < '2') {
		return fmt.Errorf("number: NANP area code %q must be 3 digits starting with 2-9", c.AreaCode)
	}
	if !allDigits(c.NationalPrefix) || !allDigits(c.InternationalPrefix) {
		return fmt.Errorf("number: dialling prefixes must be digits")
	}
	return nil
}

// MaxDigits is the longest E.164 number (country code included).
const MaxDigits = 15

// Normalize returns the E.164 form ("+15551234567") of a number as received
// or typed, or an *Error saying what is wrong.
func Normalize(raw string, cfg Config) (string, error) {
	var buf [32]byte
	full, err := normalize(raw, cfg, buf[:0])
	if err != nil {
		return "", err
	}
	return "+" + string(full), nil
}

// NormalizeInt is Normalize followed by Pack, without allocating.
func NormalizeInt(raw string, cfg Config) (uint64, error) {
	var buf [32]byte
	full, err := normalize(raw, cfg, buf[:0])
	if err != nil {
		return 0, err
	}
	var v uint64
	for _, c := range full {
		v = v*10 + uint64(c-'0')
	}
	return v, nil
}

// normalize appends the country code and national number (digits only) to d.
func normalize(raw string, cfg Config, d []byte) ([]byte, error) {
	cfg = cfg.withDefaults()
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, &Error{Input: raw, Reason: "empty", Err: ErrEmpty}
	}
	plus := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if len(d) >= 24 {
				return nil, invalid(raw, "more than %d digits", MaxDigits)
			}
			d = append(d, byte(r))
		case r == '+':
			if i != 0 || plus {
				return nil, invalid(raw, "'+' is allowed only at the start")
			}
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/':
		case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			return nil, invalid(raw, "letter %q is not a digit", r)
		case r < ' ' || r == 0x7f:
			return nil, invalid(raw, "control character %q", r)
		default:
			return nil, invalid(raw, "character %q is not a digit", r)
		}
	}
	if len(d) == 0 {
		return nil, invalid(raw, "no digits")
	}
	ip := cfg.InternationalPrefix
	switch {
	case plus:
	case len(d) > len(ip)+4 && string(d[:len(ip)]) == ip:
		d = d[:copy(d, d[len(ip):])]
	case cfg.CountryCode == "1":
		switch len(d) {
		case 7:
			if cfg.AreaCode == "" {
				return nil, invalid(raw, "7-digit number but no area code is configured")
			}
			d = insertPrefix(insertPrefix(d, cfg.AreaCode), "1")
		case 10:
			d = insertPrefix(d, "1")
		case 11:
			if d[0] != '1' {
				return nil, invalid(raw, "11 digits must start with 1")
			}
		default:
			return nil, invalid(raw, "%d digits; a North American number has 7, 10 or 11", len(d))
		}
	default:
		np := cfg.NationalPrefix
		switch {
		case len(d) >= len(np) && string(d[:len(np)]) == np:
			d = insertPrefix(d[:copy(d, d[len(np):])], cfg.CountryCode)
		case cfg.AreaCode != "":
			d = insertPrefix(insertPrefix(d, cfg.AreaCode), cfg.CountryCode)
		default:
			d = insertPrefix(d, cfg.CountryCode)
		}
	}
	if err := checkE164(raw, d); err != nil {
		return nil, err
	}
	return d, nil
}

// checkE164 validates digits (without '+') as an E.164 number.
func checkE164[T string | []byte](raw string, full T) error {
	if full[0] == '0' {
		return invalid(raw, "country code cannot start with 0")
	}
	if len(full) > MaxDigits {
		return invalid(raw, "%d digits; E.164 allows at most %d", len(full), MaxDigits)
	}
	if len(full) < 8 {
		return invalid(raw, "%d digits is too short for an international number", len(full))
	}
	if full[0] == '1' { // NANP: 1 NPA NXX XXXX
		if len(full) != 11 {
			return invalid(raw, "a +1 number has 10 digits after the 1, not %d", len(full)-1)
		}
		if full[1] < '2' {
			return invalid(raw, "area code %s cannot start with %c", string(full[1:4]), full[1])
		}
		if full[4] < '2' {
			return invalid(raw, "exchange %s cannot start with %c", string(full[4:7]), full[4])
		}
	}
	return nil
}

// IsE164 reports whether s is already a valid normalised number.
func IsE164(s string) bool {
	if len(s) < 2 || s[0] != '+' || !allDigits(s[1:]) {
		return false
	}
	return checkE164(s, s[1:]) == nil
}

// International reports whether a normalised number is outside the
// configured country.
func International(e164 string, cfg Config) bool {
	cfg = cfg.withDefaults()
	return !strings.HasPrefix(e164, "+"+cfg.CountryCode)
}

// Pack turns an E.164 number into an integer that sorts like the number's
// value. It returns false for anything IsE164 would reject.
func Pack(e164 string) (uint64, bool) {
	if !IsE164(e164) {
		return 0, false
	}
	v, err := strconv.ParseUint(e164[1:], 10, 64)
	return v, err == nil
}

// Unpack is the inverse of Pack.
func Unpack(v uint64) string {
	return "+" + strconv.FormatUint(v, 10)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// insertPrefix puts p in front of d, in place when capacity allows.
func insertPrefix(d []byte, p string) []byte {
	n := len(d)
	for range len(p) {
		d = append(d, 0)
	}
	copy(d[len(p):], d[:n])
	copy(d, p)
	return d
}
