package number_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"secretary/screening/number"
)

var nanp = number.Config{CountryCode: "1", AreaCode: "555"}
var uk = number.Config{CountryCode: "44", AreaCode: "20"}

func TestNormalize_Forms(t *testing.T) {
	tests := []struct {
		cfg  number.Config
		in   string
		want string
	}{
		{nanp, "234-5678", "+15552345678"},
		{nanp, "(212) 555-0199", "+12125550199"},
		{nanp, "212.555.0199", "+12125550199"},
		{nanp, "1-212-555-0199", "+12125550199"},
		{nanp, "+1 212 555 0199", "+12125550199"},
		{nanp, "011 44 20 7946 0958", "+442079460958"},
		{nanp, "+44 (0)20 7946 0958"[0:4] + "20 7946 0958", "+442079460958"},
		{nanp, "  2125550199  ", "+12125550199"},
		{uk, "020 7946 0958", "+442079460958"},
		{uk, "7946 0958", "+442079460958"},
		{uk, "00 1 212 555 0199", "+12125550199"},
		{uk, "+33 1 23 45 67 89", "+33123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := number.Normalize(tt.in, tt.cfg)
			if err != nil || got != tt.want {
				t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			v, err := number.NormalizeInt(tt.in, tt.cfg)
			if err != nil || number.Unpack(v) != tt.want {
				t.Errorf("NormalizeInt(%q) = %d, %v", tt.in, v, err)
			}
		})
	}
}

func TestNormalize_Errors(t *testing.T) {
	tests := []struct {
		cfg    number.Config
		in     string
		reason string // part of the message
		empty  bool
	}{
		{nanp, "", "empty", true},
		{nanp, "   ", "empty", true},
		{nanp, "0000000000", "area code 000 cannot start with 0", false},
		{nanp, "1-800-FLOWERS", "letter 'F'", false},
		{nanp, "12345", "5 digits", false},
		{nanp, "212-155-0199", "exchange 155", false},
		{nanp, "22125550199", "11 digits must start with 1", false},
		{nanp, "+1 212 555 019", "10 digits after the 1", false},
		{nanp, "5+55", "'+' is allowed only at the start", false},
		{nanp, "212\x00555", "control character", false},
		{nanp, "+1234567890123456", "at most 15", false},
		{nanp, "+0441234567", "cannot start with 0", false},
		{number.Config{}, "234-5678", "no area code is configured", false},
		{nanp, "()- ", "no digits", false},
		{nanp, "+12", "too short", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := number.Normalize(tt.in, tt.cfg)
			if err == nil {
				t.Fatalf("Normalize(%q) succeeded", tt.in)
			}
			var ne *number.Error
			if !errors.As(err, &ne) {
				t.Fatalf("error %T is not *number.Error", err)
			}
			if !strings.Contains(err.Error(), tt.reason) || !strings.HasPrefix(err.Error(), "number: ") {
				t.Errorf("error %q does not say %q", err, tt.reason)
			}
			if errors.Is(err, number.ErrEmpty) != tt.empty || errors.Is(err, number.ErrInvalid) == tt.empty {
				t.Errorf("error %v: wrong sentinel", err)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in   string
		want number.Class
		e164 string
	}{
		{"", number.ClassNoCID, ""},
		{"P", number.ClassPrivate, ""},
		{"PRIVATE", number.ClassPrivate, ""},
		{"O", number.ClassUnavailable, ""},
		{"out of area", number.ClassUnavailable, ""},
		{"0000000000", number.ClassInvalid, ""},
		{"2222222222", number.ClassInvalid, ""},
		{"ABCDEFG", number.ClassInvalid, ""},
		{"2125550199", number.ClassAvailable, "+12125550199"},
	}
	for _, tt := range tests {
		r := number.Classify(tt.in, nanp)
		if r.Class != tt.want || r.E164 != tt.e164 {
			t.Errorf("Classify(%q) = %v %q, want %v %q", tt.in, r.Class, r.E164, tt.want, tt.e164)
		}
		if (r.Class == number.ClassInvalid) != (r.Reason != nil) {
			t.Errorf("Classify(%q): reason %v", tt.in, r.Reason)
		}
	}
}

func TestPack_RoundTrip(t *testing.T) {
	for _, s := range []string{"+12125550199", "+442079460958", "+861012345678901"[:16]} {
		v, ok := number.Pack(s)
		if !ok || number.Unpack(v) != s {
			t.Errorf("Pack(%q) = %d %v", s, v, ok)
		}
	}
	for _, s := range []string{"", "+", "12125550199", "+1212555019x", "+0123456789"} {
		if _, ok := number.Pack(s); ok {
			t.Errorf("Pack(%q) accepted", s)
		}
	}
}

func TestInternational(t *testing.T) {
	if number.International("+12125550199", nanp) || !number.International("+442079460958", nanp) {
		t.Error("International wrong for NANP")
	}
	if !number.International("+12125550199", uk) {
		t.Error("International wrong for UK")
	}
}

func TestConfig_Validate(t *testing.T) {
	for _, c := range []number.Config{{CountryCode: "0"}, {CountryCode: "1", AreaCode: "55"}, {CountryCode: "1", AreaCode: "155"}, {CountryCode: "x"}, {AreaCode: "5a5"}} {
		if c.Validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if err := nanp.Validate(); err != nil {
		t.Error(err)
	}
}

func ExampleNormalize() {
	cfg := number.Config{CountryCode: "1", AreaCode: "555"}
	for _, in := range []string{"234-5678", "(212) 555-0199", "011 44 20 7946 0958", "0000000000"} {
		n, err := number.Normalize(in, cfg)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(n)
	}
	// Output:
	// +15552345678
	// +12125550199
	// +442079460958
	// number: "0000000000": area code 000 cannot start with 0
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"234-5678", "(212) 555-0199", "+44 20 7946 0958", "011442079460958", "00", "+", "P", "0000000000", "1-800-FLOWERS", "+1234567890123456789", "\x00", "١٢٣"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, usNANP bool) {
		cfg := nanp
		if !usNANP {
			cfg = uk
		}
		n, err := number.Normalize(in, cfg)
		v, err2 := number.NormalizeInt(in, cfg)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("Normalize and NormalizeInt disagree on %q: %v / %v", in, err, err2)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "number: ") {
				t.Fatalf("error without package prefix: %v", err)
			}
			return
		}
		if !number.IsE164(n) || number.Unpack(v) != n {
			t.Fatalf("Normalize(%q) = %q (%d): not valid E.164", in, n, v)
		}
		// normalising the result is the identity
		if again, err := number.Normalize(n, cfg); err != nil || again != n {
			t.Fatalf("Normalize(%q) = %q, %v; not idempotent", n, again, err)
		}
		_ = number.Classify(in, cfg)
	})
}
